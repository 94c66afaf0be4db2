package dev.autorefresh.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * An overlay of deploy/kubernetes as `kubectl kustomize` renders it, parsed into fabric8's Kubernetes object model.
 * kubectl does the rendering (kustomize built in): what is checked is exactly what `kubectl apply -k` would send.
 */
record RenderedManifests(String overlay, List<HasMetadata> resources) {

    /** Every overlay a user may apply; the tests check each. */
    static final List<String> OVERLAYS = List.of("dev", "prod", "prod-keda");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static RenderedManifests render(String overlay) {
        Path directory = Repository.path("deploy/kubernetes/overlays/" + overlay);
        String rendered = kustomize(directory);
        List<HasMetadata> resources = new ArrayList<>();
        for (Object document : new Yaml().loadAll(rendered)) {
            if (document != null) {
                resources.add(parse((Map<?, ?>) document));
            }
        }
        return new RenderedManifests(overlay, List.copyOf(resources));
    }

    /** One document as the typed model class of its kind, or a generic resource for a kind fabric8 does not know. */
    static HasMetadata parse(Map<?, ?> document) {
        KubernetesResource resource = SERIALIZATION.convertValue(document, KubernetesResource.class);
        if (!(resource instanceof HasMetadata parsed)) {
            throw new AssertionError("not a Kubernetes object: " + document);
        }
        return parsed;
    }

    static HasMetadata parseYaml(String yaml) {
        return parse(new Yaml().load(yaml));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(resource -> kind.equals(resource.getKind())).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(resource -> name.equals(resource.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + type.getSimpleName() + " " + name));
    }

    Deployment deployment(String name) {
        return one(Deployment.class, name);
    }

    @Override
    public String toString() {
        return "overlay " + overlay;
    }

    private static String kustomize(Path directory) {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", directory.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl (with its built-in kustomize) renders deploy/kubernetes for these tests "
                    + "and is not on the PATH: install kubectl 1.27 or later", e);
        }
        try {
            process.getOutputStream().close();
            // Read both streams before waiting: a full pipe would block kubectl.
            var error = process.getErrorStream();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(error.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + directory + " failed: " + errors);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("reading kubectl kustomize " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
