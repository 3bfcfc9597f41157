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
    @DisplayName("explicit time: full at the start, a token per 1/rate up to the burst, an earlier time adds nothing, no clock to read")
    void explicitTime() {
        long start = 5_000_000_000L;
        TokenBucket bucket = TokenBucket.perSecond(2.0, 2, start);
        assertThat(bucket.available(start)).isTrue();
        assertThat(bucket.tryTake(start)).isTrue();
        assertThat(bucket.reserve(start)).isZero();
        assertThat(bucket.available(start)).isFalse();
        assertThat(bucket.tryTake(start + 499_999_999L)).isFalse();
        assertThat(bucket.tryTake(start)).as("an earlier time adds nothing").isFalse();
        assertThat(bucket.tryTake(start + 1_000_000_000L)).isTrue();
        assertThat(bucket.available(start + 10_000_000_000L)).isTrue();
        assertThat(bucket.tryTake(start + 10_000_000_000L)).isTrue();
        assertThat(bucket.tryTake(start + 10_000_000_000L)).as("never more than the burst").isTrue();
        assertThat(bucket.tryTake(start + 10_000_000_000L)).isFalse();
        assertThat(bucket.reserve(start + 10_000_000_000L)).as("a reservation spends a token it has not got").isEqualTo(500_000_000L);
        assertThat(bucket.available(start + 10_500_000_000L)).isFalse();
        assertThat(bucket.available(start + 11_000_000_000L)).isTrue();
        assertThatThrownBy(bucket::tryTake).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a rate of zero or a burst below one is refused")
    void badSettings() {
        assertThatThrownBy(() -> TokenBucket.perSecond(0, 1, () -> 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenBucket.oneEvery(Duration.ofSeconds(1), 0, () -> 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
