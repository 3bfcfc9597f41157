package io.spotwise.actuator.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.actuator.ActionCancelled;
import io.spotwise.actuator.ActionExecutor;
import io.spotwise.actuator.ActionRun;
import io.spotwise.actuator.ActuatorMetrics;
import io.spotwise.actuator.Effect;
import io.spotwise.actuator.KubeWorker;
import io.spotwise.actuator.events.EventMessages;
import io.spotwise.actuator.events.EventSpec;
import io.spotwise.actuator.events.SpotEventReason;
import io.spotwise.actuator.guard.EvictionGuard;
import io.spotwise.actuator.guard.LiveObject;
import io.spotwise.actuator.guard.Verdict;
import io.spotwise.common.rate.TokenBucket;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.InvolvedObject;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodEviction;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out EVICT_POD: reads the live pod, lets {@link EvictionGuard} decide, waits for the cluster-wide eviction
 * rate limit, then POSTs a policy/v1 Eviction (never a delete), retrying only what is worth retrying (429 from API
 * priority and fairness, 5xx, no answer) with jittered exponential backoff. The one place that owns dry-run and limits.
 */
public final class PodEvictor {

    private static final Logger LOG = LoggerFactory.getLogger(PodEvictor.class);

    private final KubernetesClient client;
    private final EvictionApi api;
    private final KubeWorker worker;
    private final TokenBucket rebalanceLimiter;
    private final TokenBucket fallbackLimiter;
    private final RetryBackoff backoff;
    private final ActuatorMetrics metrics;
    private final Clock clock;
    private final boolean dryRun;

    /**
     * @param rebalanceLimiter the cluster-wide budget of rebalancing evictions (they cost availability)
     * @param fallbackLimiter  the separate, much larger budget of fallback evictions (of Pending pods: no availability
     *                         lost), so fallback never queues behind rebalancing
     */
    public PodEvictor(KubernetesClient client, KubeWorker worker, TokenBucket rebalanceLimiter, TokenBucket fallbackLimiter,
                      RetryBackoff backoff, Duration apiTimeout, ActuatorMetrics metrics, Clock clock, boolean dryRun) {
        this.client = client;
        this.api = new EvictionApi(client, apiTimeout);
        this.worker = worker;
        this.rebalanceLimiter = rebalanceLimiter;
        this.fallbackLimiter = fallbackLimiter;
        this.backoff = backoff;
        this.metrics = metrics;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    /**
     * Waits for the budget, claims the action (point of no return), reads the live pod, lets the guard decide,
     * publishes the write-ahead STARTED mark and only then sends the eviction. (A redelivered action whose earlier
     * attempt evicted is finished before this, see {@link #evictedEarlier(PodEviction)}.)
     */
    public Future<Effect> evict(PodEviction action, ActionRun run) {
        TokenBucket limiter = action instanceof FallbackEviction ? fallbackLimiter : rebalanceLimiter;
        return rateLimited(limiter)
                .compose(v -> run.claim() ? worker.call(() -> client.pods().inNamespace(action.pod().namespace()).withName(action.pod().name()).get())
                        : Future.failedFuture(new ActionCancelled(action.id() + " taken away while waiting for the eviction budget")))
                .compose(pod -> {
                    Verdict verdict = EvictionGuard.checkPod(action, live(pod));
                    if (!verdict.proceed()) {
                        OutcomeResult result = verdict.kind() == Verdict.Kind.GONE ? OutcomeResult.ALREADY_GONE : OutcomeResult.PRECONDITION_FAILED;
                        LOG.info("{}: not evicting {}: {}", action.workload(), action.pod(), verdict.reason());
                        return Future.succeededFuture(new Effect(result, verdict.reason(), null));
                    }
                    InvolvedObject object = new InvolvedObject("Pod", "v1", action.pod().namespace(), action.pod().name(), pod.getMetadata().getUid());
                    if (dryRun || action.dryRun()) {
                        LOG.info("{}: dry run, would evict {}", action.workload(), action.pod());
                        return Future.succeededFuture(new Effect(OutcomeResult.DRY_RUN, "dry run: the pod was not evicted",
                                evictedEvent(action, object).asDryRun("evicted the " + purpose(action))));
                    }
                    return run.writeAhead(ActionExecutor.started(action, clock.instant()))
                            .compose(v -> attempt(action, pod.getMetadata().getUid(), 0, System.nanoTime(), false))
                            .map(answer -> toEffect(action, object, answer));
                });
    }

    /**
     * For an action with a STARTED mark: its pod gone, terminating or replaced (another UID) means the earlier attempt's
     * eviction went through — EVICTED with the action's Event. Null when the pod is as it was (nothing visible happened).
     */
    public Future<Effect> evictedEarlier(PodEviction action) {
        return worker.callRetrying("Reading " + action.pod(), backoff,
                () -> client.pods().inNamespace(action.pod().namespace()).withName(action.pod().name()).get()).map(pod -> {
                    if (pod != null && pod.getMetadata().getDeletionTimestamp() == null && action.pod().uid().equals(pod.getMetadata().getUid())) {
                        return null;
                    }
                    LOG.info("{}: {} was evicted by an earlier attempt of {} (STARTED mark; pod {})", action.workload(), action.pod(), action.id(),
                            pod == null ? "gone" : "terminating or replaced");
                    InvolvedObject object = new InvolvedObject("Pod", "v1", action.pod().namespace(), action.pod().name(), action.pod().uid());
                    return new Effect(OutcomeResult.EVICTED, "evicted (by an earlier attempt of this action, recognised from its STARTED mark)",
                            evictedEvent(action, object));
                });
    }

    private Future<Void> rateLimited(TokenBucket limiter) {
        long waitNanos = limiter.reserve();
        if (waitNanos > 0) {
            metrics.rateLimiterWait(waitNanos);
        }
        return worker.delay(Duration.ofNanos(waitNanos).toMillis());
    }

    /**
     * One try and its retries. {@code mayHaveApplied}: an earlier try got no answer or a 5xx, so the API server may have
     * evicted the pod all the same (the answer was lost); a retry that then finds the pod gone (404) or replaced (409 on
     * the UID precondition) is our own eviction, EVICTED with its Event — not ALREADY_GONE (chaos campaign, V8).
     */
    private Future<EvictionAnswer> attempt(PodEviction action, String uid, int retry, long startedNanos, boolean mayHaveApplied) {
        return worker.call(() -> api.evict(action.pod(), uid)).compose(answer -> {
            if (mayHaveApplied && (answer.kind() == EvictionAnswer.Kind.NOT_FOUND || answer.kind() == EvictionAnswer.Kind.CONFLICT)) {
                LOG.info("{}: {} is gone on retry {} after a try whose answer was lost: evicted by that try", action.workload(),
                        action.pod(), retry);
                metrics.evictionLatency(Duration.ofNanos(System.nanoTime() - startedNanos));
                return Future.succeededFuture(EvictionAnswer.evictedUnanswered(answer));
            }
            if (answer.kind() != EvictionAnswer.Kind.RETRYABLE || retry >= backoff.maxRetries()) {
                metrics.evictionLatency(Duration.ofNanos(System.nanoTime() - startedNanos));
                return Future.succeededFuture(answer);
            }
            long delay = backoff.delayMillis(retry + 1, answer.retryAfterMillis());
            metrics.evictionRetry();
            LOG.info("{}: eviction of {} answered {} ({}); retry {} of {} in {} ms", action.workload(), action.pod(), answer.httpStatus(),
                    answer.message(), retry + 1, backoff.maxRetries(), delay);
            boolean unanswered = mayHaveApplied || answer.httpStatus() == 0 || answer.httpStatus() >= 500;
            return worker.delay(delay).compose(v -> attempt(action, uid, retry + 1, startedNanos, unanswered));
        });
    }

    private Effect toEffect(PodEviction action, InvolvedObject object, EvictionAnswer answer) {
        return switch (answer.kind()) {
            case EVICTED -> {
                metrics.crashWindow("eviction-done-event-pending");
                LOG.info("{}: evicted {} ({}); Event pending", action.workload(), action.pod(), action.reason());
                yield new Effect(OutcomeResult.EVICTED, "evicted", evictedEvent(action, object));
            }
            case NOT_FOUND -> new Effect(OutcomeResult.ALREADY_GONE, action.pod() + " no longer exists (404 on eviction)", null);
            case CONFLICT -> new Effect(OutcomeResult.PRECONDITION_FAILED, action.pod() + " changed before the eviction: " + answer.message(), null);
            case BLOCKED_BY_PDB -> {
                LOG.info("{}: eviction of {} blocked by PodDisruptionBudget {}: {}", action.workload(), action.pod(), answer.pdbName(), answer.message());
                yield new Effect(OutcomeResult.BLOCKED_BY_PDB, "PodDisruptionBudget " + answer.pdbName() + ": " + answer.message(),
                        EventSpec.of(SpotEventReason.SpotEvictionBlocked, EventMessages.evictionBlocked(action, answer.pdbName(), answer.message()),
                                object, "Evict"));
            }
            case RETRYABLE -> {
                LOG.warn("{}: eviction of {} failed after {} retries: HTTP {} {}", action.workload(), action.pod(), backoff.maxRetries(),
                        answer.httpStatus(), answer.message());
                yield new Effect(OutcomeResult.FAILED, "gave up after " + backoff.maxRetries() + " retries: HTTP " + answer.httpStatus()
                        + " " + answer.message(), null);
            }
            case TERMINAL -> {
                LOG.warn("{}: eviction of {} failed: HTTP {} {}", action.workload(), action.pod(), answer.httpStatus(), answer.message());
                yield new Effect(OutcomeResult.FAILED, "HTTP " + answer.httpStatus() + " " + answer.message(), null);
            }
        };
    }

    private static EventSpec evictedEvent(PodEviction action, InvolvedObject object) {
        SpotEventReason reason = action instanceof FallbackEviction ? SpotEventReason.SpotFallbackEviction : SpotEventReason.SpotRebalancingEviction;
        return EventSpec.of(reason, EventMessages.evicted(action), object, "Evict");
    }

    private static String purpose(PodEviction action) {
        return EventMessages.eviction(action);
    }

    private static LiveObject live(Pod pod) {
        if (pod == null) {
            return null;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return new LiveObject(pod.getMetadata().getUid(), phase, pod.getMetadata().getDeletionTimestamp() != null);
    }
}
