package io.spotwise.actuator;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.Config;
import io.spotwise.common.config.ConfigKey;
import io.spotwise.common.k8s.SpotwiseKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The actuator's configuration: every key declared once, built from an environment map, fails fast naming the key. */
public final class ActuatorConfig {

    public static final ConfigKey<Integer> OPS_PORT = CommonKeys.opsPort(8083);
    public static final ConfigKey<Boolean> DRY_RUN = ConfigKey.bool("SPOTWISE_DRY_RUN", false,
            "no eviction and no patch at all; outcomes DRY_RUN and Normal events saying what would have been done");
    public static final ConfigKey<String> CONTROLLER_NAME = ConfigKey.nonEmpty("SPOTWISE_CONTROLLER_NAME", "spotwise",
            "the one reporting-controller / source-component name of every Event Spotwise writes");
    public static final ConfigKey<String> GROUP_ID = ConfigKey.nonEmpty("SPOTWISE_ACTUATOR_GROUP_ID", "spotwise-actuator",
            "consumer group of the actuator on spotwise.actions");
    public static final ConfigKey<Double> EVICTION_RATE = ConfigKey.decimal("SPOTWISE_EVICTION_RATE", 1.0, 0.001, 1000,
            "cluster-wide evictions per second this actuator sends at most (token bucket refill rate)");
    public static final ConfigKey<Integer> EVICTION_BURST = ConfigKey.integer("SPOTWISE_EVICTION_BURST", 5, 1, 10_000,
            "evictions that may be sent back to back before the rate applies (token bucket size)");
    public static final ConfigKey<Integer> RETRY_ATTEMPTS = ConfigKey.integer("SPOTWISE_EVICTION_RETRY_ATTEMPTS", 5, 0, 100,
            "retries of an eviction answered 429 by API priority and fairness or 5xx, before FAILED");
    public static final ConfigKey<Duration> RETRY_BACKOFF = ConfigKey.duration("SPOTWISE_EVICTION_RETRY_BACKOFF", "200ms",
            "first retry delay; doubles per attempt, with full jitter");
    public static final ConfigKey<Duration> RETRY_BACKOFF_MAX = ConfigKey.duration("SPOTWISE_EVICTION_RETRY_BACKOFF_MAX", "10s",
            "upper bound of one retry delay");
    public static final ConfigKey<Integer> EVENT_BURST = ConfigKey.integer("SPOTWISE_EVENT_BURST", 25, 1, 10_000,
            "Events one object may get back to back before the per-object rate limit drops further ones");
    public static final ConfigKey<Duration> EVENT_REFILL = ConfigKey.duration("SPOTWISE_EVENT_REFILL_INTERVAL", "5m",
            "one more Event per object is allowed after each interval (client-go: 5m)");
    public static final ConfigKey<Integer> WORKER_POOL_SIZE = ConfigKey.integer("SPOTWISE_ACTUATOR_WORKERS", 4, 1, 256,
            "threads of the named worker pool that runs the blocking Kubernetes calls");
    public static final ConfigKey<Integer> REMEMBERED_ACTIONS = ConfigKey.integer("SPOTWISE_REMEMBERED_ACTIONS", 10_000, 1, 10_000_000,
            "completed action ids remembered so a redelivered action is not acted on twice");
    public static final ConfigKey<Duration> REMEMBER_WINDOW = ConfigKey.duration("SPOTWISE_REMEMBER_WINDOW", "1h",
            "at start, outcomes younger than this are read back to rebuild the completed action ids");

    private final Config config;
    private final SpotwiseKeys keys;

    private ActuatorConfig(Config config) {
        this.config = config;
        this.keys = new SpotwiseKeys(config.get(CommonKeys.PREFIX));
    }

    /** Throws {@link io.spotwise.common.config.ConfigException} naming the first bad key. */
    public static ActuatorConfig from(Map<String, String> env) {
        return new ActuatorConfig(Config.from(env, keys()));
    }

    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> all = new ArrayList<>(CommonKeys.all());
        all.addAll(List.of(OPS_PORT, DRY_RUN, CONTROLLER_NAME, GROUP_ID, EVICTION_RATE, EVICTION_BURST, RETRY_ATTEMPTS,
                RETRY_BACKOFF, RETRY_BACKOFF_MAX, EVENT_BURST, EVENT_REFILL, WORKER_POOL_SIZE, REMEMBERED_ACTIONS, REMEMBER_WINDOW));
        return all;
    }

    public <T> T get(ConfigKey<T> key) {
        return config.get(key);
    }

    public Config raw() {
        return config;
    }

    public SpotwiseKeys spotwiseKeys() {
        return keys;
    }

    public boolean dryRun() {
        return config.get(DRY_RUN);
    }

    public String controllerName() {
        return config.get(CONTROLLER_NAME);
    }

    public String instance() {
        return config.get(CommonKeys.INSTANCE);
    }

    public String describe() {
        return config.describe();
    }
}
