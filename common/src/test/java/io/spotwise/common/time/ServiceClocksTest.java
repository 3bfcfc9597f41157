package io.spotwise.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceClocksTest {

    @AfterEach
    void clear() {
        System.clearProperty(ServiceClocks.OFFSET_PROPERTY);
    }

    @Test
    void withoutThePropertyTheClockIsTheSystemClockInUtc() {
        assertThat(ServiceClocks.system()).isEqualTo(Clock.systemUTC());
    }

    @Test
    void theTestOnlyPropertySkewsTheClockByItsDuration() {
        System.setProperty(ServiceClocks.OFFSET_PROPERTY, "PT-1H");
        Instant skewed = ServiceClocks.system().instant();
        assertThat(Duration.between(skewed, Instant.now())).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    }

    @Test
    void aMalformedOffsetIsRefusedNamingTheProperty() {
        System.setProperty(ServiceClocks.OFFSET_PROPERTY, "thirty seconds");
        assertThatThrownBy(ServiceClocks::system).hasMessageContaining("spotwise.test.clock-offset").hasMessageContaining("thirty seconds");
    }
}
