package io.spotwise.decider;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.Config;
import io.spotwise.common.config.ConfigException;
import io.spotwise.common.config.ConfigKey;
import io.spotwise.common.config.Durations;
import io.spotwise.common.config.ServiceConfig;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.webhook.WebhookServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The decider's whole configuration: every key declared once (environment variable, type, default, validation),
 * built from a map so tests pass {@code Map.of(...)}. Invalid values stop the service with one line naming the key.
 */
public final class DeciderConfig implements ServiceConfig {

    /** Every policy default comes from here (one source; DeciderConfigTest pins that they agree). */
    private static final PolicySettings D = PolicySettings.DEFAULTS;

    public static final ConfigKey<Integer> DEFAULT_PERCENTAGE = ConfigKey.integer("SPOTWISE_DEFAULT_PERCENTAGE", D.defaultPercentage(), 0, 100,
            "cluster default: percentage of a workload's replicas placed on spot");
    public static final ConfigKey<Integer> DEFAULT_MIN_ON_DEMAND = ConfigKey.integer("SPOTWISE_DEFAULT_MIN_ON_DEMAND_REPLICAS", D.defaultMinOnDemandReplicas(), 0, 100_000,
            "cluster default: replicas always kept on on-demand before any goes to spot");
    public static final ConfigKey<Duration> SCHEDULE_TIMEOUT = ConfigKey.duration("SPOTWISE_SCHEDULE_TIMEOUT", text(D.scheduleTimeout()),
            "a spot pod Pending longer than this triggers the on-demand fallback");
    public static final ConfigKey<Duration> FALLBACK_DURATION = ConfigKey.duration("SPOTWISE_FALLBACK_DURATION", text(D.fallbackDuration()),
            "how long spot placement stays disabled after a fallback");
    public static final ConfigKey<Duration> STABILIZATION = ConfigKey.duration("SPOTWISE_REBALANCE_STABILIZATION_PERIOD", text(D.rebalanceStabilizationPeriod()),
            "quiet time a pod set needs before a rebalancing eviction; also the wait after a state rebuild");
    public static final ConfigKey<Duration> TICK = ConfigKey.duration("SPOTWISE_TICK", text(PolicySettings.DEFAULT_TICK),
            "period of the fallback and rebalancing checks (leader only)");
    public static final ConfigKey<Duration> ADMISSION_TTL = ConfigKey.duration("SPOTWISE_ADMISSION_TTL", text(D.admissionTtl()),
            "an in-flight admission whose pod never shows up on spotwise.pods stops counting after this");
    public static final ConfigKey<Boolean> FALLBACK_ONLY_UNBOUND = ConfigKey.bool("SPOTWISE_FALLBACK_ONLY_UNBOUND", D.fallbackOnlyUnbound(),
            "only Pending pods not yet bound to a node trigger the fallback (false: any Pending pod, as the reference)");
    public static final ConfigKey<Double> EVICTION_RATE = ConfigKey.decimal("SPOTWISE_REBALANCE_EVICTION_RATE", D.evictionRate(), 0.001, 10_000,
            "cluster-wide rebalancing eviction budget, evictions per second");
    public static final ConfigKey<Integer> EVICTION_BURST = ConfigKey.integer("SPOTWISE_REBALANCE_EVICTION_BURST", D.evictionBurst(), 1, 100_000,
            "cluster-wide rebalancing eviction budget, burst size");
    public static final ConfigKey<Duration> ACTION_TIMEOUT = ConfigKey.duration("SPOTWISE_ACTION_TIMEOUT", text(D.actionTimeout()),
            "an emitted action without an outcome stops blocking new decisions for its target after this");
    public static final ConfigKey<Duration> FAILURE_BACKOFF = ConfigKey.duration("SPOTWISE_FAILURE_BACKOFF", text(D.failureBackoff()),
            "a FAILED eviction is retried no sooner than this");
    public static final ConfigKey<Duration> BOUND_PENDING_TIMEOUT = ConfigKey.duration("SPOTWISE_BOUND_PENDING_TIMEOUT",
            text(D.boundPendingTimeout()), "a spot pod bound to a node but still Pending this long triggers the fallback even "
                    + "with SPOTWISE_FALLBACK_ONLY_UNBOUND=true (a broken spot node that accepted it)");
    public static final ConfigKey<Duration> STALE_WINDOW_AGE = ConfigKey.duration("SPOTWISE_STALE_DISABLED_UNTIL_AGE",
            text(D.staleWindowAge()), "a spot-disabled-until annotation that ended longer ago than this when first seen is left "
                    + "alone quietly (no patch, no SpotSchedulingEnabled): Datadog's scheduler never removes its own");
    public static final ConfigKey<Duration> ROLLOUT_STUCK_AFTER = ConfigKey.duration("SPOTWISE_ROLLOUT_STUCK_AFTER",
            text(D.rolloutStuckAfter()), "a rollout with pods of more than one revision this long (not paused, not OnDelete) is "
                    + "reported stuck (SpotRebalancingPaused); a Deployment's rebalancing then resumes per ReplicaSet");
    public static final ConfigKey<Boolean> DRY_RUN = ConfigKey.bool("SPOTWISE_DECIDER_DRY_RUN", D.dryRun(),
            "observation mode for the whole cluster: the webhook never patches a pod (it counts what it would place) and every "
                    + "decided action is flagged dry-run (the actuator writes a DRY_RUN outcome and a Normal Event, never an effect)");
    public static final ConfigKey<Duration> FALLBACK_MAX_DURATION = ConfigKey.duration("SPOTWISE_DECIDER_FALLBACK_MAX_DURATION",
            text(D.fallbackMaxDuration()), "adaptive fallback: a workload's fallback window doubles with each fallback that comes within "
                    + "SPOTWISE_DECIDER_FALLBACK_RESET_AFTER of the end of its previous window, up to this (at or below "
                    + "SPOTWISE_FALLBACK_DURATION: every window has that length)");
    public static final ConfigKey<Duration> FALLBACK_RESET_AFTER = ConfigKey.duration("SPOTWISE_DECIDER_FALLBACK_RESET_AFTER",
            text(D.fallbackResetAfter()), "adaptive fallback: a fallback this long after the end of the previous window gets "
                    + "SPOTWISE_FALLBACK_DURATION again");
    public static final ConfigKey<Boolean> INTERRUPTION_AWARE = ConfigKey.bool("SPOTWISE_DECIDER_INTERRUPTION_AWARE", D.interruptionAware(),
            "pods on nodes being disrupted (the watcher's SPOTWISE_WATCHER_DISRUPTION_TAINTS) count as leaving: the webhook places "
                    + "their replacements as if they were gone and the workload's rebalancing waits until they are");
    public static final ConfigKey<Integer> INTERRUPTION_FALLBACK_SHARE = ConfigKey.integer("SPOTWISE_DECIDER_INTERRUPTION_FALLBACK_SHARE",
            D.interruptionFallbackShare(), 0, 100, "an interruption burst: when at least this percentage of the bound spot pods of "
                    + "opted-in workloads are on disrupted nodes, spot pods fall back after SPOTWISE_DECIDER_INTERRUPTION_SCHEDULE_TIMEOUT "
                    + "(0: never)");
    public static final ConfigKey<Duration> INTERRUPTION_SCHEDULE_TIMEOUT = ConfigKey.duration("SPOTWISE_DECIDER_INTERRUPTION_SCHEDULE_TIMEOUT",
            text(D.interruptionScheduleTimeout()), "the Pending timeout of spot pods during an interruption burst (and one "
                    + "SPOTWISE_SCHEDULE_TIMEOUT after it)");
    public static final ConfigKey<Boolean> DELETION_COST = ConfigKey.bool("SPOTWISE_DECIDER_DELETION_COST", D.deletionCost(),
            "keep controller.kubernetes.io/pod-deletion-cost on the pods of opted-in ReplicaSets so a scale-in removes the "
                    + "over-represented capacity type first (no rebalancing eviction after it); needs the actuator's pods patch RBAC");
    public static final ConfigKey<Integer> DELETION_COST_PER_TICK = ConfigKey.integer("SPOTWISE_DECIDER_DELETION_COST_MAX_PER_TICK",
            D.deletionCostPerTick(), 1, 100_000, "at most this many pod-deletion-cost writes are decided per tick");
    public static final ConfigKey<String> LEASE_NAME = ConfigKey.nonEmpty("SPOTWISE_DECIDER_LEASE_NAME", "spotwise-decider",
            "coordination.k8s.io Lease whose holder emits fallback and rebalancing actions").formerly("SPOTWISE_LEASE_NAME");
    public static final ConfigKey<Duration> LEASE_DURATION = ConfigKey.duration("SPOTWISE_DECIDER_LEASE_DURATION", "15s",
            "Lease validity without renewal (renew deadline 2/3, retry 1/5 of it)").formerly("SPOTWISE_LEASE_DURATION");
    public static final ConfigKey<Integer> WEBHOOK_PORT = ConfigKey.integer("SPOTWISE_WEBHOOK_PORT", 8443, 0, 65535,
            "HTTPS port of the admission webhook (0: any free port)");
    public static final ConfigKey<String> WEBHOOK_CERT_FILE = ConfigKey.string("SPOTWISE_WEBHOOK_CERT_FILE", "",
            "PEM certificate (chain) of the webhook; required unless SPOTWISE_WEBHOOK_SELF_SIGNED=true");
    public static final ConfigKey<String> WEBHOOK_KEY_FILE = ConfigKey.string("SPOTWISE_WEBHOOK_KEY_FILE", "",
            "PEM private key of the webhook; required with SPOTWISE_WEBHOOK_CERT_FILE");
    public static final ConfigKey<Boolean> WEBHOOK_SELF_SIGNED = ConfigKey.bool("SPOTWISE_WEBHOOK_SELF_SIGNED", false,
            "generate a self-signed certificate at start (development only)");
    public static final ConfigKey<String> WEBHOOK_SELF_SIGNED_CA_FILE = ConfigKey.string("SPOTWISE_WEBHOOK_SELF_SIGNED_CA_FILE", "",
            "where to write the generated certificate (PEM) so an API server can trust it (empty: not written)");
    public static final ConfigKey<List<String>> WEBHOOK_DNS_NAMES = ConfigKey.list("SPOTWISE_WEBHOOK_DNS_NAMES", "localhost",
            "subject alternative DNS names of the generated certificate (127.0.0.1 is always included)");
    public static final ConfigKey<Duration> WEBHOOK_TIMEOUT = ConfigKey.duration("SPOTWISE_WEBHOOK_TIMEOUT", "1500ms",
            "answer 'allowed, unchanged' if no decision within this time; keep it below the webhook's timeoutSeconds");
    public static final ConfigKey<Integer> WEBHOOK_MAX_BODY_BYTES = ConfigKey.integer("SPOTWISE_WEBHOOK_MAX_BODY_BYTES", 3 * 1024 * 1024,
            1024, 64 * 1024 * 1024, "largest AdmissionReview accepted; larger ones are answered 'allowed, unchanged'");
    public static final ConfigKey<Integer> WEBHOOK_MAX_BYTES_IN_FLIGHT = ConfigKey.integer("SPOTWISE_WEBHOOK_MAX_BYTES_IN_FLIGHT",
            64 * 1024 * 1024, 1024, 1024 * 1024 * 1024,
            "admission request bytes held at once over every connection and HTTP/2 stream; beyond it requests are answered 'allowed, unchanged' (429)");
    public static final ConfigKey<Integer> WEBHOOK_HTTP2_WINDOW_BYTES = ConfigKey.integer("SPOTWISE_WEBHOOK_HTTP2_WINDOW_BYTES",
            WebhookServer.DEFAULT_HTTP2_WINDOW_BYTES, 65_535, Integer.MAX_VALUE,
            "HTTP/2 flow-control window the webhook grants each connection and each stream: request bytes the API server may "
                    + "send ahead (HTTP/2's own 65535 makes concurrent pod bodies wait for the webhook's acknowledgements)");
    public static final ConfigKey<Integer> WEBHOOK_HTTP2_MAX_STREAMS = ConfigKey.integer("SPOTWISE_WEBHOOK_HTTP2_MAX_STREAMS",
            WebhookServer.DEFAULT_HTTP2_MAX_STREAMS, 1, Integer.MAX_VALUE,
            "HTTP/2 streams one connection may have open at once; past it the API server opens another connection, so "
                    + "no request's body waits behind more than this many others on one connection");
    public static final ConfigKey<Duration> WEBHOOK_CERT_RELOAD_PERIOD = ConfigKey.duration("SPOTWISE_WEBHOOK_CERT_RELOAD_PERIOD", "10s",
            "how often the certificate and key files are checked; a changed, consistent pair serves new TLS handshakes without a restart");
    public static final ConfigKey<Duration> HISTORY_WINDOW = ConfigKey.duration("SPOTWISE_ACTION_HISTORY_WINDOW", "15m",
            "how far back spotwise.actions and spotwise.outcomes are read at start to learn in-flight actions");
    public static final ConfigKey<Integer> READY_MAX_LAG = ConfigKey.integer("SPOTWISE_DECIDER_READY_MAX_LAG", 10_000, 0, Integer.MAX_VALUE,
            "not ready (and the leader does not decide) while more records than this wait to be applied to the state");
    /** Shared by every service: declared in {@link CommonKeys}. */
    public static final ConfigKey<Duration> START_TIMEOUT = CommonKeys.START_TIMEOUT;
    public static final ConfigKey<Duration> SHUTDOWN_TIMEOUT = CommonKeys.SHUTDOWN_TIMEOUT;
    public static final ConfigKey<Integer> OPS_PORT = CommonKeys.opsPort(8082);
    public static final ConfigKey<Boolean> STATUS = ConfigKey.bool("SPOTWISE_DECIDER_STATUS", true,
            "keep each opted-in workload's status annotations (<prefix>/status, <prefix>/status-summary) for kubectl, written by the actuator");
    public static final ConfigKey<Duration> STATUS_INTERVAL = ConfigKey.duration("SPOTWISE_DECIDER_STATUS_INTERVAL", "30s",
            "a workload's status annotations are written at most this often, and only when the status changed");
    public static final ConfigKey<Boolean> DECISION_LOG = ConfigKey.bool("SPOTWISE_DECIDER_DECISION_LOG", true,
            "write every admission decision about an opted-in workload to spotwise.decisions (read by spotwise replay)");
    public static final ConfigKey<Integer> DECISION_LOG_QUEUE = ConfigKey.integer("SPOTWISE_DECIDER_DECISION_LOG_QUEUE", 10_000, 1, 1_000_000,
            "decisions waiting to be sent at most; beyond it a decision is dropped and counted, the webhook never waits");

    /** The Kubernetes API server waits at most 30 s for a webhook; its default is 10 s. */
    private static final Duration API_SERVER_DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Config config;

    private DeciderConfig(Config config) {
        this.config = config;
    }

    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(CommonKeys.all());
        keys.addAll(List.of(DEFAULT_PERCENTAGE, DEFAULT_MIN_ON_DEMAND, SCHEDULE_TIMEOUT, FALLBACK_DURATION, STABILIZATION, TICK,
                ADMISSION_TTL, FALLBACK_ONLY_UNBOUND, EVICTION_RATE, EVICTION_BURST, ACTION_TIMEOUT, FAILURE_BACKOFF, BOUND_PENDING_TIMEOUT, STALE_WINDOW_AGE, ROLLOUT_STUCK_AFTER, DRY_RUN,
                FALLBACK_MAX_DURATION, FALLBACK_RESET_AFTER, INTERRUPTION_AWARE, INTERRUPTION_FALLBACK_SHARE, INTERRUPTION_SCHEDULE_TIMEOUT,
                DELETION_COST, DELETION_COST_PER_TICK, LEASE_NAME, LEASE_DURATION,
                WEBHOOK_PORT, WEBHOOK_CERT_FILE, WEBHOOK_KEY_FILE, WEBHOOK_SELF_SIGNED, WEBHOOK_SELF_SIGNED_CA_FILE,
                WEBHOOK_DNS_NAMES, WEBHOOK_TIMEOUT, WEBHOOK_MAX_BODY_BYTES, WEBHOOK_MAX_BYTES_IN_FLIGHT, WEBHOOK_HTTP2_WINDOW_BYTES, WEBHOOK_HTTP2_MAX_STREAMS, WEBHOOK_CERT_RELOAD_PERIOD, HISTORY_WINDOW, READY_MAX_LAG,
                OPS_PORT,
                DECISION_LOG, DECISION_LOG_QUEUE, STATUS, STATUS_INTERVAL));
        return keys;
    }

    /** Builds and validates; throws {@link ConfigException} whose message is the one line to print. */
    public static DeciderConfig from(Map<String, String> env) {
        DeciderConfig c = new DeciderConfig(Config.from(env, keys()));
        c.validate();
        return c;
    }

    private void validate() {
        boolean cert = !get(WEBHOOK_CERT_FILE).isBlank();
        boolean key = !get(WEBHOOK_KEY_FILE).isBlank();
        if (cert != key) {
            throw new ConfigException("Invalid configuration: " + (cert ? WEBHOOK_KEY_FILE : WEBHOOK_CERT_FILE).name()
                    + " is required when " + (cert ? WEBHOOK_CERT_FILE : WEBHOOK_KEY_FILE).name() + " is set");
        }
        if (!cert && !get(WEBHOOK_SELF_SIGNED)) {
            throw new ConfigException("Invalid configuration: " + WEBHOOK_CERT_FILE.name() + " and " + WEBHOOK_KEY_FILE.name()
                    + " are required unless " + WEBHOOK_SELF_SIGNED.name() + "=true");
        }
        if (get(WEBHOOK_TIMEOUT).compareTo(API_SERVER_DEFAULT_TIMEOUT) >= 0) {
            throw new ConfigException("Invalid configuration: " + WEBHOOK_TIMEOUT.name() + "=" + get(WEBHOOK_TIMEOUT).toMillis()
                    + "ms must be below the API server's webhook timeout (default 10s)");
        }
        if (get(WEBHOOK_MAX_BYTES_IN_FLIGHT) < get(WEBHOOK_MAX_BODY_BYTES)) {
            throw new ConfigException("Invalid configuration: " + WEBHOOK_MAX_BYTES_IN_FLIGHT.name() + "=" + get(WEBHOOK_MAX_BYTES_IN_FLIGHT)
                    + " must be at least " + WEBHOOK_MAX_BODY_BYTES.name() + "=" + get(WEBHOOK_MAX_BODY_BYTES));
        }
        if (get(LEASE_DURATION).compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("Invalid configuration: " + LEASE_DURATION.name() + " must be at least 1s");
        }
    }

    private static String text(Duration d) {
        return Durations.format(d);
    }

    @Override
    public Config raw() {
        return config;
    }

    public SpotwiseKeys keysForPrefix() {
        return new SpotwiseKeys(get(CommonKeys.PREFIX));
    }
}
