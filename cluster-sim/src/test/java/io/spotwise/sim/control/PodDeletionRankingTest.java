package io.spotwise.sim.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The scale-down order of Kubernetes' ActivePodsWithRanks, criterion by criterion (earlier ones win). */
class PodDeletionRankingTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final PodDeletionRanking RANKING = new PodDeletionRanking(Map.of("crowded", 3, "n1", 1), NOW);

    /** A Running, Ready pod on node n1, created and ready an hour ago, no cost, no restarts. */
    private static PodBuilder pod(String name) {
        String hourAgo = NOW.minus(Duration.ofHours(1)).toString();
        return new PodBuilder().withNewMetadata().withName(name).withUid("uid-" + name)
                .withCreationTimestamp(hourAgo).endMetadata()
                .withNewSpec().withNodeName("n1").endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                .withLastTransitionTime(hourAgo).endCondition()
                .addNewContainerStatus().withName("main").withRestartCount(0).endContainerStatus().endStatus();
    }

    private static PodBuilder cost(PodBuilder b, String value) {
        return b.editMetadata().addToAnnotations(PodDeletionRanking.DELETION_COST, value).endMetadata();
    }

    private static List<String> order(Pod... pods) {
        List<Pod> list = new ArrayList<>(List.of(pods));
        list.sort(RANKING);
        return list.stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    @DisplayName("unassigned < assigned, Pending < Unknown < Running, not ready < ready, all before the deletion cost")
    void stateBeforeCost() {
        Pod unassigned = cost(pod("unassigned"), "100").editSpec().withNodeName(null).endSpec().build();
        Pod pending = cost(pod("pending"), "100").editStatus().withPhase("Pending").endStatus().build();
        Pod unknown = cost(pod("unknown"), "100").editStatus().withPhase("Unknown").endStatus().build();
        Pod notReady = cost(pod("not-ready"), "100").editStatus().editFirstCondition().withStatus("False")
                .endCondition().endStatus().build();
        Pod cheap = cost(pod("cheap"), "-5").build();
        assertThat(order(cheap, notReady, unknown, pending, unassigned))
                .containsExactly("unassigned", "pending", "unknown", "not-ready", "cheap");
    }

    @Test
    @DisplayName("lower pod-deletion-cost goes first and beats co-location, ready time, restarts and age")
    void lowerCostFirst() {
        Pod expensive = cost(pod("expensive"), "10").editSpec().withNodeName("crowded").endSpec().build();
        Pod none = pod("none").editMetadata().withCreationTimestamp(NOW.minusSeconds(1).toString()).endMetadata()
                .build();
        Pod negative = cost(pod("negative"), "-10").build();
        assertThat(order(expensive, none, negative)).containsExactly("negative", "none", "expensive");
    }

    @Test
    @DisplayName("an invalid pod-deletion-cost (\"+5\", \"007\", beyond int32, text) counts as 0")
    void invalidCostIsZero() {
        for (String bad : List.of("+5", "007", "2147483648", "high", "")) {
            assertThat(PodDeletionRanking.deletionCost(cost(pod("p"), bad).build())).as(bad).isZero();
        }
        assertThat(PodDeletionRanking.deletionCost(cost(pod("p"), "-2147483648").build())).isEqualTo(Integer.MIN_VALUE);
        assertThat(PodDeletionRanking.deletionCost(cost(pod("p"), "0").build())).isZero();
    }

    @Test
    @DisplayName("at equal cost: doubled-up node first, then shorter ready time, more restarts, newer, UID")
    void tieBreakers() {
        Pod crowded = pod("crowded").editSpec().withNodeName("crowded").endSpec().build();
        Pod justReady = pod("just-ready").editStatus().editFirstCondition()
                .withLastTransitionTime(NOW.minusSeconds(10).toString()).endCondition().endStatus().build();
        Pod restarted = pod("restarted").editStatus().editFirstContainerStatus().withRestartCount(3)
                .endContainerStatus().endStatus().build();
        Pod newer = pod("newer").editMetadata().withCreationTimestamp(NOW.minusSeconds(60).toString()).endMetadata()
                .build();
        Pod old = pod("old").build();
        assertThat(order(old, newer, restarted, justReady, crowded))
                .containsExactly("crowded", "just-ready", "restarted", "newer", "old");
    }

    @Test
    @DisplayName("times in the same power-of-two age bucket are equal; the UID decides")
    void logarithmicBuckets() {
        Pod b = pod("b").editMetadata().withUid("uid-b").endMetadata().editStatus().editFirstCondition()
                .withLastTransitionTime(NOW.minusSeconds(3000).toString()).endCondition().endStatus().build();
        Pod a = pod("a").editMetadata().withUid("uid-a").endMetadata().build();
        assertThat(order(b, a)).containsExactly("a", "b");
    }
}
