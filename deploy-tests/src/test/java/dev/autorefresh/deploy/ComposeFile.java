package dev.autorefresh.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml as written (before interpolation), so a test sees {@code ${VAR:?...}} where a validator
 * would see a value. YAML merge keys ({@code <<: *anchor}) are resolved.
 */
final class ComposeFile {

    static final String FILE = "docker-compose.yml";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private final String text;
    private final Map<String, Object> root;

    private ComposeFile(String text) {
        this.text = text;
        this.root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    static ComposeFile load() {
        return new ComposeFile(Repository.read(FILE));
    }

    Map<String, Map<String, Object>> services() {
        return map(root.get("services"));
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        if (service == null) {
            throw new AssertionError(FILE + " has no service " + name + "; it has " + services().keySet());
        }
        return service;
    }

    /** The service's environment as name -> raw value, whether written as a map or as a list of NAME=value. */
    static Map<String, String> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        var result = new LinkedHashMap<String, String>();
        if (environment instanceof Map<?, ?> entries) {
            entries.forEach((name, value) -> result.put(name.toString(), value == null ? null : value.toString()));
        } else if (environment instanceof List<?> entries) {
            for (Object entry : entries) {
                String[] parts = entry.toString().split("=", 2);
                result.put(parts[0], parts.length > 1 ? parts[1] : null);
            }
        }
        return result;
    }

    static List<String> ports(Map<String, Object> service) {
        return strings(service.get("ports"));
    }

    static List<String> strings(Object value) {
        var result = new ArrayList<String>();
        if (value instanceof List<?> items) {
            items.forEach(item -> result.add(String.valueOf(item)));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> map(Object value) {
        return value instanceof Map<?, ?> entries ? (Map<String, V>) entries : Map.of();
    }

    /** Every variable the file interpolates, in order of first use. */
    Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
