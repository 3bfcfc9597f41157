package io.spotwise.actuator.eviction;

import io.spotwise.common.contract.PodEviction;
import io.spotwise.common.contract.FallbackEviction;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.actuator.ActuatorMetrics;
import io.spotwise.actuator.Effect;
import io.spotwise.actuator.KubeWorker;
import io.spotwise.actuator.events.EventMessages;
import io.spotwise.actuator.events.EventSpec;
import io.spotwise.actuator.events.SpotEventReason;
import io.spotwise.actuator.guard.EvictionGuard;
import io.spotwise.actuator.guard.LiveObject;
import io.spotwise.actuator.guard.Verdict;
import io.spotwise.common.contract.InvolvedObject;
import io.spotwise.common.contract.OutcomeResult;
import io.vertx.core.Future;
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
    private final EvictionRateLimiter rateLimiter;
    private final RetryBackoff backoff;
    private final ActuatorMetrics metrics;
    private final boolean dryRun;

    public PodEvictor(KubernetesClient client, KubeWorker worker, EvictionRateLimiter rateLimiter, RetryBackoff backoff,
                      ActuatorMetrics metrics, boolean dryRun) {
        this.client = client;
        this.api = new EvictionApi(client);
        this.worker = worker;
        this.rateLimiter = rateLimiter;
        this.backoff = backoff;
        this.metrics = metrics;
        this.dryRun = dryRun;
    }

    public Future<Effect> evict(PodEviction action) {
        return worker.call(() -> client.pods().inNamespace(action.pod().namespace()).withName(action.pod().name()).get())
                .compose(pod -> {
                    Verdict verdict = EvictionGuard.checkPod(action, live(pod));
                    if (!verdict.proceed()) {
                        OutcomeResult result = verdict.kind() == Verdict.Kind.GONE ? OutcomeResult.ALREADY_GONE : OutcomeResult.PRECONDITION_FAILED;
                        LOG.info("{}: not evicting {}: {}", action.workload(), action.pod(), verdict.reason());
                        return Future.succeededFuture(new Effect(result, verdict.reason(), null));
                    }
                    InvolvedObject object = new InvolvedObject("Pod", "v1", action.pod().namespace(), action.pod().name(), pod.getMetadata().getUid());
                    if (dryRun) {
                        LOG.info("{}: dry run, would evict {}", action.workload(), action.pod());
                        return Future.succeededFuture(new Effect(OutcomeResult.DRY_RUN, "dry run: the pod was not evicted",
                                evictedEvent(action, object).asDryRun("evicted the " + purpose(action))));
                    }
                    return rateLimited().compose(v -> attempt(action, pod.getMetadata().getUid(), 0, System.nanoTime()))
                            .map(answer -> toEffect(action, object, answer));
                });
    }

    private Future<Void> rateLimited() {
        long waitNanos = rateLimiter.reserve();
        if (waitNanos > 0) {
            metrics.rateLimiterWait(waitNanos);
        }
        return worker.delay(Duration.ofNanos(waitNanos).toMillis());
    }

    private Future<EvictionAnswer> attempt(PodEviction action, String uid, int retry, long startedNanos) {
        return worker.call(() -> api.evict(action.pod(), uid)).compose(answer -> {
            if (answer.kind() != EvictionAnswer.Kind.RETRYABLE || retry >= backoff.maxRetries()) {
                metrics.evictionLatency(Duration.ofNanos(System.nanoTime() - startedNanos));
                return Future.succeededFuture(answer);
            }
            long delay = backoff.delayMillis(retry + 1, answer.retryAfterMillis());
            metrics.evictionRetry();
            LOG.info("{}: eviction of {} answered {} ({}); retry {} of {} in {} ms", action.workload(), action.pod(), answer.httpStatus(),
                    answer.message(), retry + 1, backoff.maxRetries(), delay);
            return worker.delay(delay).compose(v -> attempt(action, uid, retry + 1, startedNanos));
        });
    }

    private Effect toEffect(PodEviction action, InvolvedObject object, EvictionAnswer answer) {
        return switch (answer.kind()) {
            case EVICTED -> {
                LOG.info("{}: evicted {} ({})", action.workload(), action.pod(), action.reason());
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
