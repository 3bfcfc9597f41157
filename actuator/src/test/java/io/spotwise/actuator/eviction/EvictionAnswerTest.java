package io.spotwise.actuator.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.actuator.eviction.EvictionAnswer.Cause;
import io.spotwise.actuator.eviction.EvictionAnswer.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EvictionAnswerTest {

    @Test
    @DisplayName("201 → evicted; 404 → gone; 409 → the pod changed")
    void plainAnswers() {
        assertThat(EvictionAnswer.classify(201, "", List.of(), 0).kind()).isEqualTo(Kind.EVICTED);
        assertThat(EvictionAnswer.classify(404, "pods \"p\" not found", List.of(), 0).kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(EvictionAnswer.classify(409, "Precondition failed: UID in precondition", List.of(), 0).kind()).isEqualTo(Kind.CONFLICT);
    }

    @Test
    @DisplayName("429 with a DisruptionBudget cause → blocked by that PodDisruptionBudget, named")
    void pdb() {
        EvictionAnswer a = EvictionAnswer.classify(429, "Cannot evict pod as it would violate the pod's disruption budget.",
                List.of(new Cause("DisruptionBudget", "The disruption budget web-pdb needs 2 healthy pods and has 2 currently")), 0);
        assertThat(a.kind()).isEqualTo(Kind.BLOCKED_BY_PDB);
        assertThat(a.pdbName()).isEqualTo("web-pdb");
        assertThat(a.message()).contains("needs 2 healthy pods");
    }

    @Test
    @DisplayName("429 without a DisruptionBudget cause (API priority and fairness) and 5xx → retryable")
    void retryable() {
        assertThat(EvictionAnswer.classify(429, "Too many requests, please try again later.", List.of(), 1000).kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(EvictionAnswer.classify(503, "", List.of(), 0).kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(EvictionAnswer.noAnswer("connection refused").kind()).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    @DisplayName("500 'more than one PodDisruptionBudget' → terminal, not retried; 403 → terminal")
    void terminal() {
        assertThat(EvictionAnswer.classify(500, "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
                List.of(), 0).kind()).isEqualTo(Kind.TERMINAL);
        assertThat(EvictionAnswer.classify(403, "forbidden", List.of(), 0).kind()).isEqualTo(Kind.TERMINAL);
    }

    @Test
    @DisplayName("backoff doubles up to its cap, is jittered below it, and never undercuts Retry-After")
    void backoff() {
        RetryBackoff top = new RetryBackoff(5, Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999_999);
        assertThat(top.delayMillis(1, 0)).isEqualTo(99);
        assertThat(top.delayMillis(3, 0)).isEqualTo(399);
        assertThat(top.delayMillis(10, 0)).isEqualTo(999);
        RetryBackoff bottom = new RetryBackoff(5, Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);
        assertThat(bottom.delayMillis(1, 0)).isEqualTo(1);
        assertThat(bottom.delayMillis(1, 500)).isEqualTo(500);
    }
}
