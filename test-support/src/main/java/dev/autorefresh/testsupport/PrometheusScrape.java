package dev.autorefresh.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One read of {@code /actuator/prometheus}, as series (name, labels, value). */
public record PrometheusScrape(String text, List<Series> series) {

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Scrapes a service whose actuator needs no credentials (the scheduler's and the worker's). */
    public static PrometheusScrape of(int port) {
        return parse(get(port, "/actuator/prometheus"));
    }

    /** Scrapes the api-service, whose actuator answers its API's clients only. */
    public static PrometheusScrape of(ApiClient api) {
        ApiClient.Reply reply = api.get("/actuator/prometheus");
        if (reply.status() != 200) {
            throw new AssertionError("GET /actuator/prometheus answered " + reply.status() + ": " + reply.body());
        }
        return parse(reply.body());
    }

    /**
     * Scrapes the service at {@code baseUrl} (a running jar, say), with a bearer token when its actuator wants one
     * (null: none); each request fails after ten seconds.
     */
    public static PrometheusScrape of(String baseUrl, String token) {
        return of(new ApiClient(baseUrl, token, Duration.ofSeconds(10)));
    }

    /** GET on the service's own port; the body of a 200, else the test fails. */
    public static String get(int port, String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static PrometheusScrape parse(String text) {
        var series = new ArrayList<Series>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, line.indexOf(' '));
            var labels = new TreeMap<String, String>();
            if (brace >= 0 && brace < space) {
                Matcher matcher = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (matcher.find()) {
                    labels.put(matcher.group(1), matcher.group(2));
                }
            }
            // The value follows the labels, or the name when there are none (an optional timestamp follows it).
            String rest = brace >= 0 && brace < space ? line.substring(line.lastIndexOf('}') + 1)
                    : line.substring(name.length());
            String[] tail = rest.trim().split(" ");
            series.add(new Series(name, labels, value(tail[0])));
        }
        return new PrometheusScrape(text, series);
    }

    /** Prometheus writes infinities as {@code +Inf} and {@code -Inf}, which Java does not read. */
    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** Every series name in the scrape, as exposed (with {@code _total}, {@code _bucket}, {@code _count} ...). */
    public Set<String> names() {
        return series.stream().map(Series::name).collect(Collectors.toCollection(TreeSet::new));
    }

    public boolean has(String name, String... labels) {
        return series.stream().anyMatch(one -> one.matches(name, labels));
    }

    /** The sum over every series of that name carrying these label pairs (key, value, key, value ...); 0 if none. */
    public double sum(String name, String... labels) {
        return series.stream().filter(one -> one.matches(name, labels)).mapToDouble(Series::value).sum();
    }

    public record Series(String name, Map<String, String> labels, double value) {

        public boolean matches(String wanted, String... pairs) {
            if (!name.equals(wanted)) {
                return false;
            }
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        }
    }
}
