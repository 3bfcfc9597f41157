package io.spotwise.decider;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.DeadLetterWatermarks;
import io.spotwise.common.kafka.DeadLetters;
import io.spotwise.common.kafka.FencedWriter;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.leader.LeaseLeadership;
import io.spotwise.common.ops.OpsServer;
import io.spotwise.decider.decisions.DecisionLog;
import io.spotwise.decider.decisions.DecisionSink;
import io.spotwise.decider.leader.ActionEmitter;
import io.spotwise.decider.leader.LeaderTicker;
import io.spotwise.decider.metrics.DeciderMetrics;
import io.spotwise.decider.policy.ControlLoop;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.state.DeadLetterDesk;
import io.spotwise.decider.state.StateContext;
import io.spotwise.decider.state.StateFeed;
import io.spotwise.decider.state.StateRecords;
import io.spotwise.decider.status.StatusBoard;
import io.spotwise.decider.webhook.PolicyAdmissionDecider;
import io.spotwise.decider.webhook.WebhookServer;
import io.spotwise.decider.webhook.WebhookTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One decider replica, wired: state feed, Lease, leader ticks, webhook and ops endpoints. Built by {@link Main} from
 * the environment, and by tests from a map, a simulated API server's client and a real broker.
 */
public final class Decider {

    private static final Logger LOG = LoggerFactory.getLogger(Decider.class);

    private final Vertx vertx;
    private final DeciderConfig config;
    private final KubernetesClient kubernetes;
    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String instance;
    /** The decider's writer role: one transactional id per cluster, so a new leader's writer fences every earlier one. */
    public static final String TRANSACTIONAL_ID = "spotwise-decider";
    /** Dry-run admissions the webhook answers itself before it is reported ready (WebhookServer#selfCheck). */
    private static final int SELF_CHECK_REQUESTS = 32;
    private static final Duration SELF_CHECK_TIMEOUT = Duration.ofSeconds(10);
    private final Fleet fleet;

    private FencedWriter writer;
    private DecisionLog decisionLog;
    private DeadLetterDesk deadLetters;
    private KafkaAdminClient admin;
    private StateContext state;
    private StateFeed feed;
    private volatile LeaseLeadership leadership;
    private LeaderTicker ticker;
    private WebhookServer webhook;
    private OpsServer ops;
    private WebhookTls.Material tls;
    private int webhookPort;
    private int opsPort;
    private volatile boolean stopping;

    public Decider(Vertx vertx, DeciderConfig config, KubernetesClient kubernetes, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.kubernetes = kubernetes;
        this.clock = clock;
        this.instance = config.get(CommonKeys.INSTANCE);
        this.fleet = config.fleet();
    }

    /** The policy settings the environment asks for. */
    public static PolicySettings settings(DeciderConfig c) {
        return new PolicySettings(c.get(DeciderConfig.DEFAULT_PERCENTAGE), c.get(DeciderConfig.DEFAULT_MIN_ON_DEMAND),
                c.get(DeciderConfig.SCHEDULE_TIMEOUT), c.get(DeciderConfig.FALLBACK_DURATION), c.get(DeciderConfig.STABILIZATION),
                c.get(DeciderConfig.ADMISSION_TTL), c.get(DeciderConfig.FALLBACK_ONLY_UNBOUND), c.get(DeciderConfig.EVICTION_RATE),
                c.get(DeciderConfig.EVICTION_BURST), c.get(DeciderConfig.ACTION_TIMEOUT), c.get(DeciderConfig.FAILURE_BACKOFF),
                c.keysForPrefix(), c.get(DeciderConfig.BOUND_PENDING_TIMEOUT), c.get(DeciderConfig.STALE_WINDOW_AGE),
                c.get(DeciderConfig.DRY_RUN), c.get(DeciderConfig.ROLLOUT_STUCK_AFTER), c.get(DeciderConfig.FALLBACK_MAX_DURATION),
                c.get(DeciderConfig.FALLBACK_RESET_AFTER), c.get(DeciderConfig.INTERRUPTION_AWARE),
                c.get(DeciderConfig.INTERRUPTION_FALLBACK_SHARE), c.get(DeciderConfig.INTERRUPTION_SCHEDULE_TIMEOUT),
                c.get(DeciderConfig.DELETION_COST), c.get(DeciderConfig.DELETION_COST_PER_TICK));
    }

    /** Starts everything; completes once the webhook and ops endpoints listen (the state may still be rebuilding). */
    public Future<Decider> start() {
        PolicySettings settings = settings(config);
        SpotState spotState = new SpotState(settings);
        DeciderMetrics metrics = new DeciderMetrics(registry, config.get(CommonKeys.METRICS_WORKLOAD_LIMIT), fleet.topics());
        metrics.leader(this::isLeader);
        spotState.setPendingListener(metrics);
        Map<String, String> kafka = config.kafka();
        admin = KafkaAdminClient.create(vertx, kafka);
        tls = tls();
        return StateContext.create(vertx, spotState).compose(ctx -> {
            state = ctx;
            writer = new FencedWriter(kafka, fleet.kafkaId("decider"), "spotwise-decider-" + instance, state.context(), this::fenced);
            deadLetters = new DeadLetterDesk(vertx, () -> DeadLetterWatermarks.read(kafka, "spotwise-decider-dead-letters-" + instance,
                    ActionEmitter.SERVICE, fleet, config.get(DeciderConfig.START_TIMEOUT)));
            StatusBoard status = new StatusBoard(config.get(DeciderConfig.STATUS_INTERVAL), settings.actionTimeout(),
                    () -> UUID.randomUUID().toString(), () -> Math.max(0, writer.epoch()));
            StateRecords records = new StateRecords(deadLetters, clock, registry,
                    status::seen, outcome -> {
                        status.answered(outcome);
                        if (isLeader() && feed.isReady()) {
                            metrics.completed(outcome); // one replica counts effects, and not the replayed history
                        }
                    }, config.get(DeciderConfig.HISTORY_WINDOW).plus(settings.actionTimeout()), fleet);
            Map<String, String> consumer = KafkaClients.consumerConfig(kafka, null, "spotwise-decider-state-" + instance);
            consumer.put("isolation.level", "read_committed");
            feed = new StateFeed(vertx, state, records, consumer,
                    admin, config.get(DeciderConfig.HISTORY_WINDOW), config.get(DeciderConfig.READY_MAX_LAG), clock, registry, fleet.topics());
            leadership = newLeadership();
            Supplier<String> ids = () -> UUID.randomUUID().toString();
            DeadLetterDesk.Sender letters = (topic, partition, offset, key, value, error, field) -> writer.write(List.of(
                    DeadLetters.record(ActionEmitter.SERVICE, fleet, clock, topic, partition, offset, key, value, error, field)));
            ticker = new LeaderTicker(vertx, state, new ControlLoop(ids, () -> Math.max(0, writer.epoch())), writer, deadLetters, letters,
                    this::isLeader, feed::isReady, metrics, clock, config.get(DeciderConfig.TICK), fleet);
            if (config.get(DeciderConfig.STATUS)) {
                ticker.reportStatus(status::due);
            }
            if (config.get(DeciderConfig.DECISION_LOG)) {
                decisionLog = new DecisionLog(kafka, "spotwise-decider-decisions-" + instance, fleet, config.get(DeciderConfig.DECISION_LOG_QUEUE), registry);
            }
            webhook = new WebhookServer(vertx, new PolicyAdmissionDecider(state, new PlacementPolicy(), config.keysForPrefix(),
                    feed::isReady, clock, decisionLog == null ? DecisionSink.NONE : decisionLog, instance,
                    config.get(DeciderConfig.WEBHOOK_TIMEOUT).multipliedBy(2).dividedBy(3)), config.get(DeciderConfig.WEBHOOK_TIMEOUT), config.get(DeciderConfig.WEBHOOK_MAX_BODY_BYTES),
                    config.get(DeciderConfig.WEBHOOK_MAX_BYTES_IN_FLIGHT), registry);
            ops = new OpsServer(vertx, registry, Map.of("state caught up with Kafka", feed::isReady,
                    "webhook warmed up", webhook::warm));
            return feed.start();
        }).compose(v -> {
            leadership.start();
            ticker.start();
            return webhook.start(tls, config.get(DeciderConfig.WEBHOOK_PORT), config.get(DeciderConfig.WEBHOOK_HTTP2_WINDOW_BYTES),
                    config.get(DeciderConfig.WEBHOOK_HTTP2_MAX_STREAMS));
        }).compose(port -> {
            webhookPort = port;
            webhook.selfCheck(port, SELF_CHECK_REQUESTS, SELF_CHECK_TIMEOUT);
            if (!config.get(DeciderConfig.WEBHOOK_CERT_FILE).isBlank()) {
                webhook.followCertificateFiles(Path.of(config.get(DeciderConfig.WEBHOOK_CERT_FILE)),
                        Path.of(config.get(DeciderConfig.WEBHOOK_KEY_FILE)), tls, config.get(DeciderConfig.WEBHOOK_CERT_RELOAD_PERIOD));
            }
            return ops.start(config.get(DeciderConfig.OPS_PORT));
        }).map(port -> {
            opsPort = port;
            LOG.info("Decider {} started: webhook https://0.0.0.0:{}{}, ops http://0.0.0.0:{}", instance, webhookPort, WebhookServer.PATH, opsPort);
            return this;
        });
    }

    private LeaseLeadership newLeadership() {
        return new LeaseLeadership(kubernetes, config.get(CommonKeys.NAMESPACE), config.get(DeciderConfig.LEASE_NAME),
                instance, config.get(DeciderConfig.LEASE_DURATION), () -> state.run(s -> elected()), () -> state.run(s -> deposed()));
    }

    /** Holding the Lease is not enough to write: the writer must fence every earlier leader first. */
    private void elected() {
        if (stopping) {
            return;
        }
        writer.open().onFailure(e -> {
            LOG.warn("Decider {} holds the Lease but cannot open its fenced writer ({}); stepping down", instance, e.toString());
            leadership.stepDown();
        });
    }

    private void deposed() {
        writer.release();
    }

    /**
     * A newer leader's writer fenced ours, or our producer can no longer end a transaction: step down (the Lease is
     * given up and contended again), never keep the Lease without writing.
     */
    private void fenced() {
        LOG.warn("Decider {} can no longer write (fenced by a newer leader, or its producer broke): stepping down", instance);
        leadership.stepDown();
    }

    private WebhookTls.Material tls() {
        if (!config.get(DeciderConfig.WEBHOOK_CERT_FILE).isBlank()) {
            return WebhookTls.fromFiles(Path.of(config.get(DeciderConfig.WEBHOOK_CERT_FILE)), Path.of(config.get(DeciderConfig.WEBHOOK_KEY_FILE)));
        }
        WebhookTls.Material generated = WebhookTls.selfSigned(config.get(DeciderConfig.WEBHOOK_DNS_NAMES));
        String caFile = config.get(DeciderConfig.WEBHOOK_SELF_SIGNED_CA_FILE);
        if (!caFile.isBlank()) {
            WebhookTls.writeCertificate(generated, Path.of(caFile));
            LOG.warn("Serving the webhook with a generated self-signed certificate (development only), written to {}", caFile);
        } else {
            LOG.warn("Serving the webhook with a generated self-signed certificate (development only)");
        }
        return generated;
    }

    /** Stops in order: stop answering, stop emitting, give up the Lease, stop reading, flush the producer. */
    public Future<Void> stop() {
        stopping = true;
        Future<Void> f = webhook == null ? Future.succeededFuture() : webhook.stop().recover(e -> Future.succeededFuture());
        return f.compose(v -> ticker == null ? Future.succeededFuture() : ticker.stop())
                .compose(v -> {
                    if (leadership != null) {
                        leadership.close();
                    }
                    return feed == null ? Future.<Void>succeededFuture() : feed.close().recover(e -> Future.succeededFuture());
                })
                .compose(v -> {
                    if (writer != null) {
                        writer.close();
                    }
                    if (decisionLog != null) {
                        decisionLog.close();
                    }
                    return Future.<Void>succeededFuture();
                })
                .compose(v -> admin == null ? Future.<Void>succeededFuture() : admin.close().recover(e -> Future.succeededFuture()))
                .compose(v -> ops == null ? Future.succeededFuture() : ops.stop())
                .onComplete(ar -> LOG.info("Decider {} stopped", instance));
    }

    public boolean isReady() {
        return feed != null && feed.isReady();
    }

    /** Holds the Lease and has fenced every earlier leader: its writes are accepted. */
    public boolean isLeader() {
        return leadership != null && leadership.isLeader() && writer != null && writer.isOpen();
    }

    /** The epoch stamped on this leader's actions; -1 when not leading. */
    public long leaderEpoch() {
        return writer == null ? -1 : writer.epoch();
    }

    /** Records of the followed topics not yet applied, as last measured. */
    public long feedLag() {
        return feed == null ? 0 : feed.lag();
    }

    /** Unreadable records this replica noted and has not seen dead-lettered yet. */
    public int pendingDeadLetters() {
        return deadLetters == null ? 0 : deadLetters.pending();
    }

    FencedWriter writer() {
        return writer;
    }

    public int webhookPort() {
        return webhookPort;
    }

    public int opsPort() {
        return opsPort;
    }

    public WebhookTls.Material tlsMaterial() {
        return tls;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public StateContext state() {
        return state;
    }
}
