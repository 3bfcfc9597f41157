package io.spotwise.actuator;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.Config;
import io.spotwise.common.config.ConfigException;
import io.spotwise.common.config.ConfigKey;
import io.spotwise.common.config.ServiceConfig;
import io.spotwise.common.k8s.NamespaceFilter;
import io.spotwise.common.k8s.SpotwiseKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The actuator's configuration: every key declared once, built from an environment map, fails fast naming the key. */
public final class ActuatorConfig implements ServiceConfig {

    public static final ConfigKey<Integer> OPS_PORT = CommonKeys.opsPort(8083);
    public static final ConfigKey<Boolean> DRY_RUN = ConfigKey.bool("SPOTWISE_DRY_RUN", false,
            "no eviction and no patch at all; outcomes DRY_RUN and Normal events saying what would have been done");
    public static final ConfigKey<String> CONTROLLER_NAME = ConfigKey.nonEmpty("SPOTWISE_CONTROLLER_NAME", "spotwise",
            "the one reporting-controller / source-component name of every Event Spotwise writes");
    public static final ConfigKey<String> GROUP_ID = ConfigKey.string("SPOTWISE_ACTUATOR_GROUP_ID", "",
            "consumer group of the actuator on the actions topic; empty: spotwise-actuator, or spotwise-<cluster-id>-actuator in a fleet (docs/fleet.md)");
    public static final ConfigKey<Double> EVICTION_RATE = ConfigKey.decimal("SPOTWISE_EVICTION_RATE", 1.0, 0.001, 1000,
            "cluster-wide rebalancing evictions per second this actuator sends at most (token bucket refill rate)");
    public static final ConfigKey<Integer> EVICTION_BURST = ConfigKey.integer("SPOTWISE_EVICTION_BURST", 5, 1, 10_000,
            "rebalancing evictions that may be sent back to back before the rate applies (token bucket size)");
    public static final ConfigKey<Integer> REBALANCE_CONCURRENCY = ConfigKey.integer("SPOTWISE_ACTUATOR_REBALANCE_CONCURRENCY", 4, 1, 256,
            "rebalancing evictions in progress at once (waiting for the rate limit included)");
    public static final ConfigKey<Double> FALLBACK_EVICTION_RATE = ConfigKey.decimal("SPOTWISE_ACTUATOR_FALLBACK_EVICTION_RATE", 100.0, 0.001, 10_000,
            "fallback evictions (of Pending pods) per second, a budget separate from rebalancing");
    public static final ConfigKey<Integer> FALLBACK_EVICTION_BURST = ConfigKey.integer("SPOTWISE_ACTUATOR_FALLBACK_EVICTION_BURST", 200, 1, 100_000,
            "fallback evictions that may be sent back to back before their rate applies");
    public static final ConfigKey<Integer> FALLBACK_CONCURRENCY = ConfigKey.integer("SPOTWISE_ACTUATOR_FALLBACK_CONCURRENCY", 16, 1, 256,
            "fallback evictions in progress at once");
    public static final ConfigKey<Duration> ACTION_MAX_AGE = ConfigKey.duration("SPOTWISE_ACTUATOR_ACTION_MAX_AGE", "10m",
            "an action decided longer ago than this is not carried out (outcome EXPIRED)");
    public static final ConfigKey<Duration> API_TIMEOUT = ConfigKey.duration("SPOTWISE_ACTUATOR_API_TIMEOUT", "10s",
            "bound of one Kubernetes API request (eviction, read, patch, Event); no answer by then is retried as transient");
    public static final ConfigKey<Duration> SESSION_TIMEOUT = ConfigKey.duration("SPOTWISE_ACTUATOR_SESSION_TIMEOUT", "10s",
            "consumer group session timeout: a crashed actuator's partitions move to another replica after this");
    public static final ConfigKey<Duration> REVOKE_GRACE = ConfigKey.duration("SPOTWISE_ACTUATOR_REVOKE_GRACE", "30s",
            "how long a partition taken away waits for its executing actions before it is handed over");
    public static final ConfigKey<Integer> PAUSE_ABOVE = ConfigKey.integer("SPOTWISE_ACTUATOR_MAX_UNFINISHED", 2000, 10, 1_000_000,
            "unfinished actions per partition above which it is paused (resumed at half): bounds memory");
    public static final ConfigKey<Integer> RETRY_ATTEMPTS = ConfigKey.integer("SPOTWISE_EVICTION_RETRY_ATTEMPTS", 5, 0, 100,
            "retries of an eviction (429 by API priority and fairness, 5xx, no answer) and of reads, patches and Events (no answer, 429, 5xx)");
    public static final ConfigKey<Duration> RETRY_BACKOFF = ConfigKey.duration("SPOTWISE_EVICTION_RETRY_BACKOFF", "200ms",
            "first retry delay; doubles per attempt, with full jitter");
    public static final ConfigKey<Duration> RETRY_BACKOFF_MAX = ConfigKey.duration("SPOTWISE_EVICTION_RETRY_BACKOFF_MAX", "10s",
            "upper bound of one retry delay");
    public static final ConfigKey<Integer> EVENT_BURST = ConfigKey.integer("SPOTWISE_EVENT_BURST", 25, 1, 10_000,
            "Events one object may get back to back before the per-object rate limit drops further ones");
    public static final ConfigKey<Duration> EVENT_REFILL = ConfigKey.duration("SPOTWISE_EVENT_REFILL_INTERVAL", "5m",
            "one more Event per object is allowed after each interval (client-go: 5m)");
    public static final ConfigKey<Integer> WORKER_POOL_SIZE = ConfigKey.integer("SPOTWISE_ACTUATOR_WORKERS", 24, 1, 256,
            "threads of the named worker pool that runs the blocking Kubernetes calls");
    public static final ConfigKey<Integer> REMEMBERED_ACTIONS = ConfigKey.integer("SPOTWISE_REMEMBERED_ACTIONS", 10_000, 1, 10_000_000,
            "completed action ids remembered so a redelivered action is not acted on twice");
    public static final ConfigKey<Duration> REMEMBER_WINDOW = ConfigKey.duration("SPOTWISE_REMEMBER_WINDOW", "1h",
            "outcomes younger than this are read at start (then followed continuously) to know the completed action ids");

    public static final ConfigKey<List<String>> NAMESPACES_INCLUDE = ConfigKey.list("SPOTWISE_ACTUATOR_NAMESPACES_INCLUDE", "",
            "namespaces the actuator may act in (comma-separated); empty: all. An action elsewhere is REJECTED");
    public static final ConfigKey<List<String>> NAMESPACES_EXCLUDE = ConfigKey.list("SPOTWISE_ACTUATOR_NAMESPACES_EXCLUDE", "kube-system",
            "namespaces the actuator never acts in, even when included; an action there is REJECTED");

    private final Config config;
    private final SpotwiseKeys keys;

    private ActuatorConfig(Config config) {
        this.config = config;
        this.keys = new SpotwiseKeys(config.get(CommonKeys.PREFIX));
    }

    /** Throws {@link io.spotwise.common.config.ConfigException} naming the first bad key. */
    public static ActuatorConfig from(Map<String, String> env) {
        ActuatorConfig c = new ActuatorConfig(Config.from(env, keys()));
        List<String> both = new ArrayList<>(c.get(NAMESPACES_INCLUDE));
        both.retainAll(c.get(NAMESPACES_EXCLUDE));
        if (!both.isEmpty()) {
            throw new ConfigException("Invalid configuration: namespaces " + both + " are in both " + NAMESPACES_INCLUDE.name() + " and "
                    + NAMESPACES_EXCLUDE.name());
        }
        return c;
    }

    /** Where the actuator may act: {@code SPOTWISE_ACTUATOR_NAMESPACES_INCLUDE} minus {@code _EXCLUDE}. */
    public NamespaceFilter namespaces() {
        return NamespaceFilter.of(config.get(NAMESPACES_INCLUDE), config.get(NAMESPACES_EXCLUDE));
    }

    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> all = new ArrayList<>(CommonKeys.all());
        all.addAll(List.of(OPS_PORT, DRY_RUN, CONTROLLER_NAME, GROUP_ID, EVICTION_RATE, EVICTION_BURST, RETRY_ATTEMPTS,
                RETRY_BACKOFF, RETRY_BACKOFF_MAX, EVENT_BURST, EVENT_REFILL, WORKER_POOL_SIZE, REMEMBERED_ACTIONS, REMEMBER_WINDOW,
                REBALANCE_CONCURRENCY, FALLBACK_EVICTION_RATE, FALLBACK_EVICTION_BURST, FALLBACK_CONCURRENCY, ACTION_MAX_AGE, API_TIMEOUT,
                SESSION_TIMEOUT, REVOKE_GRACE, PAUSE_ABOVE, NAMESPACES_INCLUDE, NAMESPACES_EXCLUDE));
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

    /** The consumer group: SPOTWISE_ACTUATOR_GROUP_ID, or this cluster's {@code spotwise[-<cluster>]-actuator}. */
    public String groupId() {
        String set = get(GROUP_ID).trim();
        return set.isEmpty() ? fleet().kafkaId(Actuator.SERVICE) : set;
    }
}
