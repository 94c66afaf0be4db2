package dev.autorefresh.api.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of {@code /actuator/prometheus}, as series (name, labels, value). */
record PrometheusScrape(String text, List<Series> series) {

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static PrometheusScrape of(ApiClient api) {
        ApiClient.Reply reply = api.get("/actuator/prometheus");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return parse(reply.body());
    }

    static PrometheusScrape parse(String text) {
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
            String[] tail = line.substring(line.lastIndexOf('}') + 1).trim().split(" ");
            series.add(new Series(name, labels, Double.parseDouble(tail[0])));
        }
        return new PrometheusScrape(text, series);
    }

    boolean has(String name, String... labels) {
        return series.stream().anyMatch(one -> one.matches(name, labels));
    }

    /** The sum over every series of that name carrying these label pairs (key, value, key, value ...); 0 if none. */
    double sum(String name, String... labels) {
        return series.stream().filter(one -> one.matches(name, labels)).mapToDouble(Series::value).sum();
    }

    record Series(String name, Map<String, String> labels, double value) {

        boolean matches(String wanted, String... pairs) {
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
