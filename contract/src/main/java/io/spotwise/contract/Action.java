package io.spotwise.contract;

import java.time.Instant;

/**
 * One decided action. Topic {@code spotwise.actions}, key {@link WorkloadRef#key()}. One record type per kind, each
 * with every field the actuator needs required and validated at construction ({@link InvalidActionException} names
 * the field): {@link RebalanceEviction}, {@link FallbackEviction} (both {@link PodEviction}), {@link DisableSpot},
 * {@link EnableSpot}, {@link ReportConfigInvalid}.
 *
 * <p>Wire format: schema version {@value #SCHEMA_VERSION}, a flat JSON object with {@code schemaVersion}, {@code type}
 * ({@link ActionType}) and the record's fields. Readers still read schema version 1 (the one positional record of
 * earlier builds); see {@code io.spotwise.contract.serde.ActionWire} for how a v1 record is upgraded.
 *
 * <p>The envelope every kind carries:
 * <ul>
 *   <li>{@link #id()}: unique; the actuator remembers completed ids so a redelivery acts once</li>
 *   <li>{@link #workload()} and {@link #workloadUid()}: the workload the decision was about, and its UID then (a
 *       recreated workload of the same name is not the target)</li>
 *   <li>{@link #reason()}: why; each maps to one Kubernetes Event reason</li>
 *   <li>{@link #decidedAt()}: when the leader decided</li>
 *   <li>{@link #leaderEpoch()}: the epoch of the leader that decided it (0 when the decider has no fencing epoch)</li>
 *   <li>{@link #expiresAt()}: the actuator never executes the action at or after this instant ({@code EXPIRED})</li>
 * </ul>
 */
public sealed interface Action extends SpotwiseRecord permits PodEviction, DisableSpot, EnableSpot, ReportConfigInvalid,
        ReportRebalancePaused, SetDeletionCost {

    /** The schema version of actions this build writes. It also reads {@value #PREVIOUS_SCHEMA_VERSION}. */
    int SCHEMA_VERSION = 2;
    int PREVIOUS_SCHEMA_VERSION = 1;

    String id();

    WorkloadRef workload();

    String workloadUid();

    ActionReason reason();

    Instant decidedAt();

    long leaderEpoch();

    Instant expiresAt();

    /**
     * Observation mode (cluster-wide {@code SPOTWISE_DECIDER_DRY_RUN} or the workload's {@code <prefix>/spot-dry-run}):
     * the actuator writes a {@code DRY_RUN} outcome and a Normal Event saying what it would have done, never the
     * effect. Reports have no effect and are never dry-run.
     */
    default boolean dryRun() {
        return false;
    }

    /** The kind, as written in the {@code type} field on the wire. */
    ActionType type();

    @Override
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }

    @Override
    default String cloudEventType() {
        return "io.spotwise.action.v" + SCHEMA_VERSION;
    }

    /**
     * True when the action must no longer be executed at {@code now}: its {@link #expiresAt()} has come, or (fallback
     * evictions) the fallback window it was decided for has ended.
     */
    default boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt());
    }

    /** How logs name an action: {@code FallbackEviction a-1 of Deployment(shop/web)}. */
    default String describe() {
        return getClass().getSimpleName() + " " + id() + " of " + workload();
    }
}
