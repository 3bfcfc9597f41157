package io.spotwise.sandbox.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads Kubernetes YAML into fabric8's typed model, strictly: a document must name an apiVersion and kind that fabric8
 * knows (or one of the few custom resources we ship), and no field may be unknown to its type (fabric8 would keep it
 * in {@code additionalProperties} and the API server would drop or refuse it).
 */
final class Manifests {

    /** Custom resources we ship; fabric8 has no typed model for them. */
    static final Set<String> CUSTOM_KINDS = Set.of(
            "cert-manager.io/v1 Issuer", "cert-manager.io/v1 Certificate",
            "kafka.strimzi.io/v1beta2 KafkaTopic", "kafka.strimzi.io/v1beta2 KafkaUser", "cilium.io/v2 CiliumNetworkPolicy", "karpenter.sh/v1 NodePool",
            "monitoring.coreos.com/v1 PodMonitor", "monitoring.coreos.com/v1 PrometheusRule");

    private Manifests() {
    }

    static List<HasMetadata> parse(String yaml, String source) {
        List<HasMetadata> objects = new ArrayList<>();
        int index = 0;
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            index++;
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(doc);
            if (tree == null) {
                continue;
            }
            objects.add(parseOne(doc, tree, source + " document " + index));
        }
        return objects;
    }

    private static HasMetadata parseOne(String doc, Object tree, String where) {
        if (!(tree instanceof Map<?, ?> map) || !(map.get("apiVersion") instanceof String apiVersion)
                || !(map.get("kind") instanceof String kind)) {
            throw new AssertionError(where + ": not a Kubernetes object (apiVersion and kind are required)");
        }
        Object parsed = Serialization.unmarshal(doc);
        if (!(parsed instanceof HasMetadata object)) {
            throw new AssertionError(where + ": " + apiVersion + " " + kind + " did not parse as a Kubernetes object");
        }
        if (object instanceof GenericKubernetesResource && !CUSTOM_KINDS.contains(apiVersion + " " + kind)) {
            throw new AssertionError(where + ": unknown apiVersion/kind " + apiVersion + " " + kind);
        }
        if (!(object instanceof GenericKubernetesResource)) {
            List<String> unknown = new ArrayList<>();
            collectUnknownFields(object, kind, unknown);
            if (!unknown.isEmpty()) {
                throw new AssertionError(where + " (" + kind + " " + name(object) + "): unknown fields " + unknown);
            }
        }
        return object;
    }

    private static String name(HasMetadata object) {
        return object.getMetadata() == null ? "<no metadata>" : object.getMetadata().getName();
    }

    /** Walks the typed model; every non-empty {@code additionalProperties} is a field the type does not have. */
    static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, unknown));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                collectUnknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object child = read(field, value);
                if (field.getName().equals("additionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> unknown.add(path + "." + k));
                    }
                } else {
                    collectUnknownFields(child, path + "." + field.getName(), unknown);
                }
            }
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + field + " of " + owner.getClass().getName(), e);
        }
    }
}
