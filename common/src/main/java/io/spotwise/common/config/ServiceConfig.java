package io.spotwise.common.config;

import io.spotwise.common.fleet.Fleet;
import java.util.Map;

/**
 * What each service's config class is: one {@link Config} built from {@link CommonKeys} plus the service's own
 * {@code SPOTWISE_<SERVICE>_*} keys, read one way everywhere: {@code config.get(Key)}. The launcher
 * ({@code io.spotwise.common.service.ServiceLauncher}) reads the shared keys through it.
 */
public interface ServiceConfig {

    /** The parsed keys. */
    Config raw();

    default <T> T get(ConfigKey<T> key) {
        return raw().get(key);
    }

    /** Kafka client properties ({@code KAFKA_*} plus the typed security keys); never log them, log {@link #describe()}. */
    default Map<String, String> kafka() {
        return raw().kafka();
    }

    /** Every key and value, secrets masked: for the start-up log. */
    default String describe() {
        return raw().describe();
    }

    /** This cluster's id, topic names and Kafka ids in a fleet (docs/fleet.md). */
    default Fleet fleet() {
        return Fleet.of(get(CommonKeys.CLUSTER_ID), get(CommonKeys.TOPIC_PREFIX));
    }

    default String instance() {
        return get(CommonKeys.INSTANCE);
    }
}
