package io.spotwise.common.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final long[] now = {1_000};

    @Test
    @DisplayName("reserve: a burst passes at once, then each further token is booked 1/rate after the previous one")
    void reserveSpreadsABurst() {
        TokenBucket bucket = TokenBucket.perSecond(2.0, 2, () -> now[0]);
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(500_000_000L);
        assertThat(bucket.reserve()).isEqualTo(1_000_000_000L);
        now[0] += 2_000_000_000L;
        assertThat(bucket.reserve()).isZero();
    }

    @Test
    @DisplayName("tryTake: a burst passes, the rest is refused until the interval has passed; never more than the burst")
    void tryTakeRefusesOverTheRate() {
        TokenBucket bucket = TokenBucket.oneEvery(Duration.ofSeconds(10), 3, () -> now[0]);
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        now[0] += Duration.ofSeconds(9).toNanos();
        assertThat(bucket.tryTake()).isFalse();
        now[0] += Duration.ofSeconds(1).toNanos();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        now[0] += Duration.ofHours(1).toNanos();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    @DisplayName("a refused tryTake takes nothing; a clock that steps back adds nothing")
    void refusalsAndClockSteps() {
        TokenBucket bucket = TokenBucket.perSecond(1.0, 1, () -> now[0]);
        assertThat(bucket.tryTake()).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake()).isFalse();
        }
        now[0] -= 5_000_000_000L;
        assertThat(bucket.tryTake()).isFalse();
        now[0] += 6_000_000_000L;
        assertThat(bucket.tryTake()).isTrue();
    }

    @Test
    @DisplayName("a rate of zero or a burst below one is refused")
    void badSettings() {
        assertThatThrownBy(() -> TokenBucket.perSecond(0, 1, () -> 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenBucket.oneEvery(Duration.ofSeconds(1), 0, () -> 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
