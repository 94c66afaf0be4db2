package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stub keeps its clients' keep-alive connections, as the real upstream does: three benchmark workers hold 300,
 * and the JDK server closes idle ones beyond 200 unless told otherwise, which made the workers reconnect all through
 * a run and charged them for it.
 */
class KeepAliveTest {

    private static final int CONNECTIONS = 300;

    private StubServer stub;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void startStub() {
        stub = Stubs.start(Duration.ofMinutes(5), WindowMode.ROLLING, new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        stub.close();
    }

    @Test
    void threeHundredIdleConnectionsStayOpenForTheirNextRequest() throws IOException {
        for (int i = 0; i < CONNECTIONS; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", stub.port()), 5_000);
            socket.setSoTimeout(5_000);
            sockets.add(socket);
            assertThat(exchange(socket)).as("first answer on connection %d", i).isEqualTo(404);
        }

        // Every connection is idle now; each must still carry a second request.
        int answered = 0;
        for (Socket socket : sockets) {
            if (exchange(socket) == 404) {
                answered++;
            }
        }

        assertThat(answered).isEqualTo(CONNECTIONS);
    }

    /** One request on a kept-alive connection; the status of its complete answer, or -1 when the server closed it. */
    private static int exchange(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("GET /nothing-here HTTP/1.1\r\nHost: stub\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return -1;
            }
            int length = head.lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                    .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                    .findFirst().orElseThrow();
            if (in.readNBytes(length).length != length) {
                return -1;
            }
            return Integer.parseInt(head.split(" ", 3)[1]);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                return null;
            }
            head.write(next);
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
