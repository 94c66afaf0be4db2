package dev.autorefresh.worker.upstream;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps at most {@code limit} bytes of a response body and drains the rest: the dummy message's answer is a few
 * hundred bytes, and a custom endpoint that answers with megabytes must not make a worker hold them.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private boolean truncated;

    private LimitedBody(int limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<byte[]> upTo(int limit) {
        return info -> new LimitedBody(limit);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int room = limit - kept.size();
            int take = Math.min(room, buffer.remaining());
            if (take < buffer.remaining()) {
                truncated = true;
            }
            byte[] bytes = new byte[take];
            buffer.get(bytes);
            kept.write(bytes, 0, take);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        body.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        // A cut body is not valid JSON anyway: hand back nothing rather than half an answer.
        body.complete(truncated ? new byte[0] : kept.toByteArray());
    }
}
