package io.spotwise.decider.policy.state;

import io.spotwise.contract.RolloutControl;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.policy.config.EffectiveConfig;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.config.Split;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One workload: its config when known (a snapshot was seen), its direct owners (sorted by name, for deterministic
 * ticks), and the marks our own actions left ({@link WorkloadMarks}). Only the state's context changes it.
 */
public final class WorkloadState extends WorkloadMarks {

    private final WorkloadRef ref;
    // known, enabled, config, replicas and dryRun are volatile: webhook threads read them to place a pod
    // (PlacementPolicy#placeConcurrently); only the state's context writes them.
    /** A snapshot was seen and not tombstoned. */
    private volatile boolean known;
    /** The replicas the workload's spec asks for (its last snapshot); -1 before one was seen. */
    private volatile int replicas = -1;
    private volatile boolean enabled;
    private String uid;
    private volatile EffectiveConfig config;
    private String spotConfigRaw;
    private String disabledUntilRaw;
    private final TreeMap<String, OwnerSet> owners = new TreeMap<>();
    /** The spot-disabled-until value had ended longer than staleWindowAge before it was first seen: left alone. */
    private boolean staleWindow;
    /** How the controller rolls out (from the snapshot; null from older watchers). */
    private RolloutControl rollout;
    /** The per-workload dry-run annotation. */
    private volatile boolean dryRun;

    WorkloadState(WorkloadRef ref) {
        this.ref = ref;
    }

    /** A snapshot of the workload (opted in or not); opting out forgets what opting in gave us. */
    void apply(WorkloadSnapshot snapshot, EffectiveConfig effective, Duration staleWindowAge) {
        boolean wasManaged = managed();
        known = true;
        replicas = snapshot.replicas();
        enabled = snapshot.enabled();
        uid = snapshot.uid();
        config = effective;
        spotConfigRaw = snapshot.spotConfigRaw();
        rollout = snapshot.rollout();
        dryRun = snapshot.isDryRun();
        if (!wasManaged || !Objects.equals(disabledUntilRaw, snapshot.disabledUntilRaw())) {
            Instant until = config.disabledUntil(); // ended long before it was first seen: the reference never removes it
            staleWindow = until != null && until.plus(staleWindowAge).isBefore(snapshot.observedAt());
        }
        disabledUntilRaw = snapshot.disabledUntilRaw();
        if (!enabled) {
            clearTransient();
            return;
        }
        if (!wasManaged) {
            // Opting in counts as a change of every set: the first rebalancing waits one stabilization period.
            long observed = snapshot.observedAt().toEpochMilli();
            owners.values().forEach(set -> set.touched(observed));
        }
        annotationSeen(config, disabledUntilRaw);
    }

    /** A workload tombstone: its config and transient state go; its pods stay indexed until their own tombstones. */
    void tombstone() {
        known = false;
        enabled = false;
        config = null;
        clearTransient();
    }

    @Override
    void clearTransient() {
        owners.values().forEach(OwnerSet::clearAdmissions);
        super.clearTransient();
    }

    public WorkloadRef ref() {
        return ref;
    }

    /** Known from a snapshot (not only from pods). */
    public boolean known() {
        return known;
    }

    public boolean managed() {
        return known && enabled;
    }

    public int replicas() {
        return replicas;
    }

    public String uid() {
        return uid;
    }

    /** Null while unknown. */
    public EffectiveConfig config() {
        return config;
    }

    /** The spot-config annotation as written, null when none. */
    public String spotConfigRaw() {
        return spotConfigRaw;
    }

    public String disabledUntilRaw() {
        return disabledUntilRaw;
    }

    public boolean staleWindow() {
        return staleWindow;
    }

    public RolloutControl rollout() {
        return rollout;
    }

    /** Its direct owners, sorted by name (read-only). */
    public Collection<OwnerSet> owners() {
        return Collections.unmodifiableCollection(owners.values());
    }

    /** The direct owner of that name, null when none. */
    public OwnerSet owner(String name) {
        return owners.get(name);
    }

    TreeMap<String, OwnerSet> ownersByName() {
        return owners;
    }

    public boolean disabledAt(Instant now) {
        return (config != null && config.disabledAt(now)) || now.toEpochMilli() < requestedDisabledUntil();
    }

    /** In a fallback window, real or dry-run (what fallback and rebalancing go by; placement uses disabledAt). */
    public boolean fallbackWindowAt(Instant now) {
        return disabledAt(now) || now.toEpochMilli() < dryRunWindowUntil();
    }

    /** Observation mode for this workload: cluster-wide or its spot-dry-run annotation. */
    public boolean dryRun(PolicySettings settings) {
        return settings.dryRun() || dryRun;
    }

    /**
     * The fallback window has taken effect, so evicted pods come back on-demand: the annotation says so, or the
     * actuator reported our DISABLE_SPOT PATCHED (the annotation may not be back through the watcher yet).
     */
    public boolean disableInEffect(Instant now) {
        return (config != null && config.disabledAt(now)) || now.toEpochMilli() < disablePatchedUntil();
    }

    /** Tracked pods of all its owners, split as its config wants. */
    public SplitCounts counts() {
        int spot = 0;
        int onDemand = 0;
        for (OwnerSet set : owners.values()) {
            spot += set.spot();
            onDemand += set.onDemand();
        }
        return Split.counts(null, spot, onDemand, config);
    }
}
