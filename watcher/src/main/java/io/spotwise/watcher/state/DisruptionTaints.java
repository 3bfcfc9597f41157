package io.spotwise.watcher.state;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;

/**
 * The configured list of taints that mark a node as going away: exact keys, {@code prefix/*} for every key under a
 * prefix (the AWS node-termination-handler writes several), and the word {@code cordoned} for
 * {@code spec.unschedulable}.
 */
public final class DisruptionTaints {

    public static final String CORDONED = "cordoned";

    private final List<String> entries;

    public DisruptionTaints(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The first matching taint key (or "cordoned"), null when the node is not being disrupted. */
    public String disruptionOf(Node node) {
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        for (Taint taint : taints) {
            if (taint.getKey() != null && matches(taint.getKey())) {
                return taint.getKey();
            }
        }
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        return cordoned && entries.contains(CORDONED) ? CORDONED : null;
    }

    boolean matches(String taintKey) {
        for (String entry : entries) {
            if (entry.endsWith("/*") ? taintKey.startsWith(entry.substring(0, entry.length() - 1)) : entry.equals(taintKey)) {
                return true;
            }
        }
        return false;
    }
}
