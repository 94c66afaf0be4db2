package dev.autorefresh.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * fabric8's model keeps a field it does not know in the object's additionalProperties instead of failing: a typo
 * such as `readinesProbe` would parse and be ignored by the cluster. This walk finds every such field.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    /** Paths of the fields the Kubernetes object model does not know, e.g. `spec.template.spec.containers[0].readinesProbe`. */
    static List<String> in(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, "", found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || value instanceof GenericKubernetesResource) {
            return; // a custom resource has no typed model: its fields are checked by name in the tests
        }
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "[" + key + "]", found));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        try {
            for (PropertyDescriptor property : Introspector.getBeanInfo(value.getClass(), Object.class).getPropertyDescriptors()) {
                if (property.getReadMethod() == null || property.getReadMethod().getParameterCount() > 0) {
                    continue;
                }
                Object child = property.getReadMethod().invoke(value);
                if (property.getName().equals("additionalProperties")) {
                    ((Map<?, ?>) child).keySet().forEach(unknown -> found.add(join(path, String.valueOf(unknown))));
                } else if (!property.getName().equals("numericalAmount")) {
                    walk(child, join(path, property.getName()), found);
                }
            }
        } catch (IntrospectionException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + path + " of " + value.getClass(), e);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
