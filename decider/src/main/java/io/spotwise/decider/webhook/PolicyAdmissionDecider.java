package io.spotwise.decider.webhook;

import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.Decision;
import io.spotwise.contract.SplitCounts;
import io.spotwise.decider.decisions.DecisionRecords;
import io.spotwise.decider.decisions.DecisionSink;
import io.spotwise.decider.policy.placement.AdmissionRequest;
import io.spotwise.decider.policy.placement.JsonPatches;
import io.spotwise.decider.policy.placement.Placement;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.placement.PodShape;
import io.spotwise.decider.state.StateContext;
import io.spotwise.decider.webhook.AdmissionDecision.Result;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places a pod with the {@link PlacementPolicy}: reads what the policy needs from the pod on the webhook's context and
 * decides there when the pod's owner is known to the state (the usual case: atomic per owner, no queue shared by all
 * admissions); a pod of an owner the state has not seen yet hops to the state's context for the decision. Either
 * way the in-flight admission is recorded, and the spot patch is built on the webhook's context. Before the state has
 * caught up it decides nothing: the pod is admitted unchanged.
 */
public final class PolicyAdmissionDecider implements AdmissionDecider {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyAdmissionDecider.class);

    private final StateContext state;
    private final PlacementPolicy policy;
    private final SpotwiseKeys keys;
    private static final long RETRY_MILLIS = 50;

    private final BooleanSupplier ready;
    private final Clock clock;
    private final DecisionSink decisions;
    private final String instance;
    private final Duration unknownWorkloadWait;

    /** A decider that answers at once for a pod of a workload it does not know yet. */
    public PolicyAdmissionDecider(StateContext state, PlacementPolicy policy, SpotwiseKeys keys, BooleanSupplier ready, Clock clock) {
        this(state, policy, keys, ready, clock, DecisionSink.NONE, "", Duration.ZERO);
    }

    /** @param decisions where every decision about an opted-in workload goes as it is made (spotwise.decisions) */
    public PolicyAdmissionDecider(StateContext state, PlacementPolicy policy, SpotwiseKeys keys, BooleanSupplier ready, Clock clock,
                                  DecisionSink decisions, String instance) {
        this(state, policy, keys, ready, clock, decisions, instance, Duration.ZERO);
    }

    /**
     * @param decisions           where every decision about an opted-in workload goes as it is made (spotwise.decisions)
     * @param unknownWorkloadWait how long a pod whose workload the decider has no record of yet waits for it (the
     *                            first pods of a new workload are created before the watcher's record arrives); keep
     *                            it well below the webhook timeout. Then it is admitted unchanged (fail open).
     *                            The same bound applies to a pod whose owner already has all the pods its workload
     *                            asks for (a replacement of a pod whose deletion the state has not seen yet).
     */
    public PolicyAdmissionDecider(StateContext state, PlacementPolicy policy, SpotwiseKeys keys, BooleanSupplier ready, Clock clock,
                                  DecisionSink decisions, String instance, Duration unknownWorkloadWait) {
        this.state = state;
        this.policy = policy;
        this.keys = keys;
        this.ready = ready;
        this.clock = clock;
        this.decisions = decisions;
        this.instance = instance;
        this.unknownWorkloadWait = unknownWorkloadWait;
    }

    @Override
    public Future<AdmissionDecision> decide(PodAdmission admission) {
        if (!ready.getAsBoolean()) {
            return Future.succeededFuture(AdmissionDecision.unchanged(Result.NOT_READY,
                    "decider state not yet caught up with Kafka; admitted unchanged"));
        }
        AdmissionRequest request = request(admission);
        long start = System.nanoTime();
        return place(request, start, start + unknownWorkloadWait.toNanos(), false).map(placement -> answer(admission, request, placement));
    }

    /**
     * The one wait loop: decides on the webhook's context when the pod's owner is known (no hop), else on the state's
     * context. While the owner already has every pod its workload asks for (the pod it replaces is still counted) or
     * the workload is unknown (its record is late), asks again every {@value #RETRY_MILLIS} ms, non-blocking, until
     * the deadline; then decides on what is known.
     */
    private Future<Placement> place(AdmissionRequest request, long start, long deadlineNanos, boolean waitedForOwner) {
        boolean mayWait = System.nanoTime() + RETRY_MILLIS * 1_000_000 <= deadlineNanos;
        PlacementPolicy.Attempt attempt;
        try {
            attempt = state.concurrently(s -> policy.attempt(s, request, clock.instant(), mayWait));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (attempt.held()) {
            return later(request, start, deadlineNanos, true);
        }
        Placement placed = attempt.placement();
        if (placed != null && placed.reason() != Placement.Reason.WORKLOAD_UNKNOWN) {
            if (waitedForOwner) {
                waitedForOwner(request, start, attempt.ownerFull());
            }
            return Future.succeededFuture(placed); // a known owner: decided here, no hop
        }
        return state.call(s -> policy.place(s, request, clock.instant())).compose(placement -> {
            if (placement.reason() != Placement.Reason.WORKLOAD_UNKNOWN) {
                return Future.succeededFuture(placement);
            }
            if (mayWait) {
                return later(request, start, deadlineNanos, waitedForOwner);
            }
            if (!unknownWorkloadWait.isZero()) {
                LOG.info("Pod {}: its workload is still unknown after {} ms (not watched, or its record is late); admitted unchanged",
                        request.displayName(), millisSince(start));
            }
            return Future.succeededFuture(placement);
        });
    }

    private Future<Placement> later(AdmissionRequest request, long start, long deadlineNanos, boolean waitedForOwner) {
        Promise<Placement> later = Promise.promise();
        state.context().owner().setTimer(RETRY_MILLIS, id -> place(request, start, deadlineNanos, waitedForOwner).onComplete(later));
        return later.future();
    }

    private static void waitedForOwner(AdmissionRequest request, long start, boolean stillFull) {
        if (stillFull) {
            LOG.info("Pod {}: its owner {} still has as many pods as its workload asks for after {} ms (a scale-up or a "
                    + "deletion not seen yet); placed on what is known", request.displayName(), request.directOwner().name(), millisSince(start));
        } else {
            LOG.debug("Pod {}: waited {} ms for the state to see the pod it replaces", request.displayName(), millisSince(start));
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private AdmissionDecision answer(PodAdmission admission, AdmissionRequest request, Placement placement) {
        String why = placement.reason().name() + counts(placement.counts());
        Decision decision = DecisionRecords.of(request, placement, instance, clock.instant());
        if (decision != null) {
            decisions.record(decision);
        }
        if (placement.dryRun() && placement.capacity() != Placement.Capacity.UNMANAGED) {
            boolean spot = placement.isSpot();
            LOG.info("Dry-run: pod {} of {} would be placed on {} ({}); admitted unchanged", request.displayName(),
                    placement.workload(), spot ? "spot" : "on-demand", why);
            return AdmissionDecision.unchanged(spot ? Result.WOULD_SPOT : Result.WOULD_ON_DEMAND,
                    "dry-run, would be " + (spot ? "spot" : "on-demand") + ": " + why);
        }
        switch (placement.capacity()) {
            case SPOT -> {
                LOG.debug("Pod {} of {} placed on spot: {}", request.displayName(), placement.workload(), why);
                return AdmissionDecision.spot(DecisionRecords.annotate(JsonPatches.spotPod(admission.pod(), keys), admission.pod(),
                        keys, decision).toString(), "spot: " + why);
            }
            case ON_DEMAND -> {
                LOG.debug("Pod {} of {} placed on on-demand: {}", request.displayName(), placement.workload(), why);
                return AdmissionDecision.unchanged(Result.ON_DEMAND, "on-demand: " + why);
            }
            default -> {
                return AdmissionDecision.unchanged(Result.UNMANAGED, "not managed: " + why);
            }
        }
    }

    /** The counts in the answer's message, concatenated: a record's own toString costs a String.format per request. */
    private static String counts(SplitCounts c) {
        return c == null ? "" : " " + c.owner() + ": " + c.spot() + " spot / " + c.onDemand() + " on-demand, wants " + c.desiredSpot()
                + " / " + c.desiredOnDemand() + " (" + c.percentage() + " %, min " + c.minOnDemandReplicas() + ")";
    }

    static AdmissionRequest request(PodAdmission admission) {
        PodShape pod = admission.pod();
        return new AdmissionRequest(admission.namespace(), pod.name(), pod.generateName(), pod.owners(), pod.labels());
    }
}
