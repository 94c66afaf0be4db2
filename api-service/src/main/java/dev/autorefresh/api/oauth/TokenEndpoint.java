package dev.autorefresh.api.oauth;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.regex.Pattern;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OAuth token endpoint: {@code POST {tokenUrl}} with a JSON body {@code grant_type=refresh_token,
 * refresh_token, client_id}, as Anthropic's endpoint takes it. Neither the request nor the answer body is ever
 * logged or quoted: both hold tokens. Only the answer's {@code error} code is kept, when it looks like one.
 *
 * <p>A {@link RestClient} on the JDK request factory (which never retries on its own: one refresh token, one
 * request), with the timeouts and no redirects from Boot's {@link HttpClientSettings}. Deliberately not Boot's
 * observed builder: the endpoint is Anthropic's, and an observed call would carry our trace context to it.
 */
@Component
class TokenEndpoint {

    private static final Pattern ERROR_CODE = Pattern.compile("^[a-z_]{1,64}$");
    // Tokens travel in HTTP headers: printable ASCII only, the same rule the API applies to tokens it is given.
    private static final Pattern TOKEN = Pattern.compile("^[\\x21-\\x7E]{1,8192}$");

    private final OAuthSettings settings;
    private final JsonMapper json;
    private final RestClient rest;

    TokenEndpoint(OAuthSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        var requests = ClientHttpRequestFactoryBuilder.jdk().build(HttpClientSettings.defaults()
                .withTimeouts(settings.timeout(), settings.timeout())
                .withRedirects(HttpRedirects.DONT_FOLLOW));
        this.rest = RestClient.builder().requestFactory(requests).build();
    }

    private record Reply(int status, byte[] body) {
    }

    TokenResponse refresh(String refreshToken) {
        var body = new LinkedHashMap<String, String>();
        body.put("grant_type", "refresh_token");
        body.put("refresh_token", refreshToken);
        body.put("client_id", settings.clientId());
        Reply reply;
        try {
            reply = rest.post().uri(settings.tokenUrl())
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    // As bytes, never the map: RestClient logs a body it writes at DEBUG, and bytes print as an
                    // array reference, not the refresh token (TokenEndpointTest runs it at TRACE).
                    .body(json.writeValueAsBytes(body))
                    // Every status is an answer here, not an exception; the body is read once, never quoted.
                    .exchange((request, response) -> new Reply(response.getStatusCode().value(),
                            response.getBody().readAllBytes()), true);
        } catch (ResourceAccessException noAnswer) {
            if (Thread.currentThread().isInterrupted()) {
                return new TokenResponse.Failed("interrupted while calling the token endpoint");
            }
            if (noAnswer.getCause() instanceof HttpTimeoutException) {
                return new TokenResponse.Failed("the token endpoint did not answer within "
                        + settings.timeout().toMillis() + " ms");
            }
            Throwable cause = noAnswer.getCause() == null ? noAnswer : noAnswer.getCause();
            return new TokenResponse.Failed("could not reach the token endpoint (" + cause.getClass().getSimpleName()
                    + ")");
        }
        int status = reply.status();
        if (status >= 200 && status < 300) {
            return issued(reply.body());
        }
        if (status == 400 || status == 401) {
            String code = errorCode(reply.body());
            return new TokenResponse.Rejected("the token endpoint rejected the refresh token (" + statusLine(status)
                    + (code == null ? "" : ", " + code) + ")");
        }
        return new TokenResponse.Failed("the token endpoint answered " + statusLine(status));
    }

    private TokenResponse issued(byte[] body) {
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (JacksonException e) {
            return new TokenResponse.Failed("the token endpoint's answer is not JSON");
        }
        String accessToken = text(answer, "access_token");
        String refreshToken = text(answer, "refresh_token");
        JsonNode expiresIn = answer.get("expires_in");
        if (accessToken == null || expiresIn == null || !expiresIn.isIntegralNumber() || expiresIn.asLong() <= 0) {
            return new TokenResponse.Failed("the token endpoint's answer lacks access_token or a positive expires_in");
        }
        if (!TOKEN.matcher(accessToken).matches() || (refreshToken != null && !TOKEN.matcher(refreshToken).matches())) {
            return new TokenResponse.Failed("the token endpoint's answer holds a token that is not printable ASCII");
        }
        return new TokenResponse.Issued(accessToken, refreshToken, Duration.ofSeconds(expiresIn.asLong()));
    }

    private String errorCode(byte[] body) {
        try {
            String code = text(json.readTree(body), "error");
            return code != null && ERROR_CODE.matcher(code).matches() ? code : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    private static String statusLine(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? Integer.toString(status) : status + " " + known.getReasonPhrase();
    }
}
