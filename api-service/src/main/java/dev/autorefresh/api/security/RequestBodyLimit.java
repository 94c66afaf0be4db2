package dev.autorefresh.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code autorefresh.api.security.max-request-body} (64 KiB by default; the largest real
 * request, an account with OAuth tokens, is under 4 KiB) with 413, before anything parses them. A declared
 * length is checked at once; a chunked body is read up to one byte past the limit, never further.
 */
@Configuration(proxyBeanMethods = false)
class RequestBodyLimit {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestBodyLimitFilter(SecuritySettings settings) {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new Limit(settings.maxRequestBody().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    static final class Limit extends OncePerRequestFilter {

        private final long max;

        Limit(long max) {
            this.max = max;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long declared = request.getContentLengthLong();
            if (declared > max) {
                tooLarge(response);
                return;
            }
            if (declared < 0 && request.getHeader("Transfer-Encoding") != null) {
                byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                if (body.length > max) {
                    tooLarge(response);
                    return;
                }
                chain.doFilter(new Buffered(request, body), response);
                return;
            }
            chain.doFilter(request, response);
        }

        private void tooLarge(HttpServletResponse response) throws IOException {
            // Unread: the container discards what is left of it (up to server.tomcat.max-swallow-size, 2 MB by
            // default) or closes the connection.
            ErrorResponses.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "request body too large", Map.of("maxBytes", max));
        }
    }

    /** A chunked body already read (and within the limit), served again to whoever reads it next. */
    private static final class Buffered extends HttpServletRequestWrapper {

        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
