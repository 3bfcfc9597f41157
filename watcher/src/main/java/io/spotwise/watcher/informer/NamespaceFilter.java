package io.spotwise.watcher.informer;

import java.util.List;
import java.util.Set;

/** Which namespaces the watcher publishes: the include list (empty: all), minus the exclude list. */
public record NamespaceFilter(Set<String> include, Set<String> exclude) {

    public static NamespaceFilter of(List<String> include, List<String> exclude) {
        return new NamespaceFilter(Set.copyOf(include), Set.copyOf(exclude));
    }

    public boolean accepts(String namespace) {
        return namespace != null && (include.isEmpty() || include.contains(namespace)) && !exclude.contains(namespace);
    }

    /** Informer scopes: null for all namespaces, else one per included namespace. */
    public List<String> scopes() {
        return include.isEmpty() ? java.util.Collections.singletonList(null) : include.stream().sorted().toList();
    }
}
