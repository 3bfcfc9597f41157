package io.spotwise.decider.policy.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Pod names kept as their suffix after the owner's name")
class PodNameTest {

    @ParameterizedTest(name = "{1} of {0}")
    @CsvSource({
            "checkout-service-7d9f8b6c5d, checkout-service-7d9f8b6c5d-x7k2p",
            "web, web-0",
            "db, db-12",
            "a, a-zzzzzzzzzzzz",
            "a, a-000000000000"})
    @DisplayName("a name of its owner round-trips, compares and hashes like the String")
    void packed(String owner, String name) {
        long packed = PodName.pack(owner, name);
        assertThat(packed).isNotZero();
        assertThat(PodName.unpack(owner, packed)).isEqualTo(name);
        assertThat(PodName.matches(owner, packed, name)).isTrue();
        assertThat(PodName.matches(owner, packed, name + "x")).isFalse();
        assertThat(PodName.matches(owner, packed, "x" + name.substring(1))).isFalse();
        assertThat(PodName.hash(owner, packed)).isEqualTo(name.hashCode());
    }

    @ParameterizedTest(name = "{1} of {0}")
    @CsvSource({
            "web-7d9f8b6c5d, other-7d9f8b6c5d-x7k2p",
            "web, web-",
            "web, web",
            "web, webx0",
            "web, web-Upper",
            "web, web-a.b",
            "a, a-0000000000000"})
    @DisplayName("any other name is not packed (kept as a String)")
    void notPacked(String owner, String name) {
        assertThat(PodName.pack(owner, name)).isZero();
    }
}
