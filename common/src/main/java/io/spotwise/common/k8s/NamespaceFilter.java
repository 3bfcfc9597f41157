package io.spotwise.common.k8s;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which namespaces a service works in: the include list (empty: all), minus the exclude list. The watcher publishes
 * only these; the actuator acts only in these (and refuses any action elsewhere).
 */
public record NamespaceFilter(Set<String> include, Set<String> exclude) {

    public static NamespaceFilter of(List<String> include, List<String> exclude) {
        return new NamespaceFilter(Set.copyOf(include), Set.copyOf(exclude));
    }

    public boolean accepts(String namespace) {
        return namespace != null && (include.isEmpty() || include.contains(namespace)) && !exclude.contains(namespace);
    }

    /** Informer scopes: null for all namespaces, else one per included namespace. */
    public List<String> scopes() {
        return include.isEmpty() ? Collections.singletonList(null) : include.stream().sorted().toList();
    }

    /** For messages: {@code (include: all; exclude: kube-system)}. */
    public String describe() {
        return "(include: " + (include.isEmpty() ? "all" : String.join(",", new TreeSet<>(include))) + "; exclude: "
                + (exclude.isEmpty() ? "none" : String.join(",", new TreeSet<>(exclude))) + ")";
    }
}
