package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which pods a ReplicaSet removes first on scale-down, as Kubernetes ranks them since 1.22 ({@code
 * ActivePodsWithRanks.Less} in {@code pkg/controller/controller_utils.go}, with PodDeletionCost and
 * LogarithmicScaleDown on, their defaults): unassigned before assigned; Pending before Unknown before Running;
 * not ready before ready; lower {@code controller.kubernetes.io/pod-deletion-cost} first; more ready-or-not
 * related pods on the same node first; ready for less time first (log₂ buckets, UID breaks a tie); more container
 * restarts first; newer first (log₂ buckets); then by UID.
 */
final class PodDeletionRanking implements Comparator<Pod> {

    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    private static final Map<String, Integer> PHASE_ORDINAL = Map.of("Pending", 0, "Unknown", 1, "Running", 2);

    private final Map<String, Integer> relatedPodsOnNode;
    private final Instant now;

    /**
     * @param relatedPodsOnNode active pods of the ReplicaSet and its siblings (same controlling Deployment) per node
     */
    PodDeletionRanking(Map<String, Integer> relatedPodsOnNode, Instant now) {
        this.relatedPodsOnNode = relatedPodsOnNode;
        this.now = now;
    }

    /** Counts the active, related pods per node, the rank the ReplicaSet controller gives each candidate. */
    static PodDeletionRanking of(List<Pod> relatedPods, Instant now) {
        Map<String, Integer> onNode = new HashMap<>();
        for (Pod p : relatedPods) {
            if (ClusterState.isActive(p)) {
                onNode.merge(nodeName(p), 1, Integer::sum);
            }
        }
        return new PodDeletionRanking(onNode, now);
    }

    @Override
    public int compare(Pod a, Pod b) {
        String na = nodeName(a);
        String nb = nodeName(b);
        if (!na.equals(nb) && (na.isEmpty() || nb.isEmpty())) {
            return na.isEmpty() ? -1 : 1;
        }
        int byPhase = Integer.compare(phaseOrdinal(a), phaseOrdinal(b));
        if (byPhase != 0) {
            return byPhase;
        }
        boolean readyA = ClusterState.isReady(a);
        boolean readyB = ClusterState.isReady(b);
        if (readyA != readyB) {
            return readyA ? 1 : -1;
        }
        int byCost = Integer.compare(deletionCost(a), deletionCost(b));
        if (byCost != 0) {
            return byCost;
        }
        int byRank = Integer.compare(relatedPodsOnNode.getOrDefault(nb, 0), relatedPodsOnNode.getOrDefault(na, 0));
        if (byRank != 0) {
            return byRank;
        }
        if (readyA) {
            Instant ta = readySince(a);
            Instant tb = readySince(b);
            if (!Objects.equals(ta, tb)) {
                if (ta == null || tb == null) {
                    return ta == null ? -1 : 1;
                }
                long diff = logRank(ta) - logRank(tb);
                return diff != 0 ? Long.signum(diff) : uid(a).compareTo(uid(b));
            }
        }
        int byRestarts = Integer.compare(maxRestarts(b), maxRestarts(a));
        if (byRestarts != 0) {
            return byRestarts;
        }
        Instant ca = timestamp(a.getMetadata().getCreationTimestamp());
        Instant cb = timestamp(b.getMetadata().getCreationTimestamp());
        if (!Objects.equals(ca, cb)) {
            if (ca == null || cb == null) {
                return ca == null ? -1 : 1;
            }
            long diff = logRank(ca) - logRank(cb);
            if (diff != 0) {
                return Long.signum(diff);
            }
        }
        return uid(a).compareTo(uid(b));
    }

    /** The annotation's value; 0 when absent or invalid (leading "+" or zeros, not an int32), as Kubernetes reads it. */
    static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(DELETION_COST);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        char first = value.charAt(0);
        if (!(first == '-' || value.equals("0") || (first >= '1' && first <= '9'))) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** ⌊log₂ of the age in nanoseconds⌋, -1 for an age ≤ 0: times in one bucket count as equal. */
    private long logRank(Instant t) {
        long nanos = Duration.between(t, now).toNanos();
        return nanos > 0 ? 63 - Long.numberOfLeadingZeros(nanos) : -1;
    }

    private static int phaseOrdinal(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return phase == null ? 0 : PHASE_ORDINAL.getOrDefault(phase, 0);
    }

    private static Instant readySince(Pod p) {
        return p.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> timestamp(c.getLastTransitionTime())).findFirst().orElse(null);
    }

    private static int maxRestarts(Pod p) {
        List<ContainerStatus> statuses = p.getStatus() == null ? null : p.getStatus().getContainerStatuses();
        return statuses == null ? 0 : statuses.stream().mapToInt(s -> s.getRestartCount() == null ? 0
                : s.getRestartCount()).max().orElse(0);
    }

    private static Instant timestamp(String value) {
        return value == null || value.isEmpty() ? null : Instant.parse(value);
    }

    private static String nodeName(Pod p) {
        return p.getSpec() == null || p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName();
    }

    private static String uid(Pod p) {
        return p.getMetadata().getUid() == null ? "" : p.getMetadata().getUid();
    }
}
