package io.spotwise.decider.policy.state;

import io.spotwise.contract.SplitCounts;
import io.spotwise.decider.policy.config.EffectiveConfig;
import io.spotwise.decider.policy.config.Split;

/**
 * The pods of one direct owner (ReplicaSet / StatefulSet) and its in-flight admissions: the reference's "pod set".
 * Counts are kept incrementally; pods are an intrusive doubly linked list.
 *
 * <p>Webhook threads place pods without the state's context ({@link PlacementPolicy#placeConcurrently}): this set's
 * monitor guards what a placement reads and writes — {@link #spot}, {@link #onDemand}, the leaving counts, the
 * admission queues and {@link #dropped}. The state's context changes the counts only while holding it; it reads them without it (it is
 * their only other writer). So each owner admits atomically, and different owners never wait for each other.
 */
public final class OwnerSet {

    private final WorkloadState workload;
    private final String kind;
    private final String name;
    private PodEntry head;
    private int size;
    private int spot;
    private int onDemand;
    private int pending;
    /** Counted pods on nodes being disrupted (leaving), by capacity type; spot pods bound to a node. */
    private int spotLeaving;
    private int onDemandLeaving;
    private int spotBound;
    /** Expiry times (epoch millis) of in-flight admissions, oldest first. */
    private ExpiryQueue spotAdmissions;
    private ExpiryQueue onDemandAdmissions;
    /** Last change of the set or last rebalancing selection (epoch millis). */
    private long lastUpdate = Long.MIN_VALUE;
    /** No rebalancing before this (epoch millis): PodDisruptionBudget back-off. */
    private long backoffUntil = Long.MIN_VALUE;
    /** Removed from the state (empty): a webhook thread holding it must go through the state's context instead. */
    private boolean dropped;
    /** Our last rebalancing eviction from this set (epoch millis): pods created since are its replacements. */
    private long evictedAt = Long.MIN_VALUE;

    OwnerSet(WorkloadState workload, String kind, String name) {
        this.workload = workload;
        this.kind = kind;
        this.name = name;
    }

    public WorkloadState workload() {
        return workload;
    }

    /** ReplicaSet or StatefulSet. */
    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    /** The first of its pods (then {@link PodEntry#next()}), null when it has none. */
    public PodEntry first() {
        return head;
    }

    /** Tracked spot pods (not being deleted); under its monitor for a webhook thread. */
    public int spot() {
        return spot;
    }

    public int onDemand() {
        return onDemand;
    }

    public int pending() {
        return pending;
    }

    public int spotLeaving() {
        return spotLeaving;
    }

    public int onDemandLeaving() {
        return onDemandLeaving;
    }

    public int spotBound() {
        return spotBound;
    }

    public long lastUpdate() {
        return lastUpdate;
    }

    public long backoffUntil() {
        return backoffUntil;
    }

    /** Removed from the state: read under its monitor. */
    public boolean dropped() {
        return dropped;
    }

    /** A change of the set seen at {@code at} (epoch millis): its stabilization period restarts. */
    void touched(long at) {
        lastUpdate = Math.max(lastUpdate, at);
    }

    /** A rebalancing eviction from this set was decided: its period restarts and new pods are its replacements. */
    public void rebalanced(long at) {
        lastUpdate = at;
        evictedAt = at;
    }

    /** A PodDisruptionBudget blocked an eviction: no rebalancing from this set before {@code until}. */
    void backOff(long until) {
        backoffUntil = Math.max(backoffUntil, until);
    }

    void drop() {
        dropped = true;
    }

    String key() {
        return key(kind, workload.ref().namespace(), name);
    }

    static String key(String kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }

    void link(PodEntry e) {
        e.linkBefore(head);
        head = e;
        size++;
    }

    void unlink(PodEntry e) {
        if (head == e) {
            head = e.next();
        }
        e.unlink();
        size--;
    }

    /** Adds ({@code sign} 1) or removes (-1) a pod's contribution to the counts. */
    void account(PodEntry e, int sign) {
        if (!e.counted()) {
            return;
        }
        if (e.is(PodEntry.SPOT)) {
            spot += sign;
        } else {
            onDemand += sign;
        }
        if (e.is(PodEntry.PENDING)) {
            pending += sign;
        }
        if (e.is(PodEntry.NODE_DISRUPTED)) {
            if (e.is(PodEntry.SPOT)) {
                spotLeaving += sign;
            } else {
                onDemandLeaving += sign;
            }
        }
        if (e.is(PodEntry.SPOT) && !e.is(PodEntry.UNBOUND)) {
            spotBound += sign;
        }
    }

    /** Pods of this set on nodes being disrupted: they are about to go. */
    public int leaving() {
        return spotLeaving + onDemandLeaving;
    }

    public synchronized void admit(boolean toSpot, long expiresAt) {
        if (toSpot) {
            if (spotAdmissions == null) {
                spotAdmissions = new ExpiryQueue();
            }
            spotAdmissions.addLast(expiresAt);
        } else {
            if (onDemandAdmissions == null) {
                onDemandAdmissions = new ExpiryQueue();
            }
            onDemandAdmissions.addLast(expiresAt);
        }
    }

    /** A pod showed up: it is no longer in flight (the reference's counter decrement). */
    synchronized void consumeAdmission(boolean spotPod) {
        ExpiryQueue q = spotPod ? spotAdmissions : onDemandAdmissions;
        if (q != null) {
            q.removeFirst();
        }
    }

    public synchronized void expireAdmissions(long now) {
        expire(spotAdmissions, now);
        expire(onDemandAdmissions, now);
    }

    private static void expire(ExpiryQueue q, long now) {
        if (q != null) {
            q.expire(now);
        }
    }

    public synchronized int spotAdmissions() {
        return spotAdmissions == null ? 0 : spotAdmissions.size();
    }

    public synchronized int onDemandAdmissions() {
        return onDemandAdmissions == null ? 0 : onDemandAdmissions.size();
    }

    public synchronized int admissions() {
        return spotAdmissions() + onDemandAdmissions();
    }

    synchronized void clearAdmissions() {
        spotAdmissions = null;
        onDemandAdmissions = null;
    }

    /** A pod created since our last eviction from this set is not Ready yet: evicting now could take two at once. */
    public boolean replacementNotReady() {
        if (evictedAt == Long.MIN_VALUE) {
            return false;
        }
        long since = Math.floorDiv(evictedAt, 1000L) * 1000L; // creation times have second precision
        for (PodEntry pod = head; pod != null; pod = pod.next()) {
            if (pod.counted() && !pod.is(PodEntry.READY) && pod.createdAt() >= since) {
                return true;
            }
        }
        return false;
    }

    public synchronized boolean isEmpty() {
        return size == 0 && admissions() == 0;
    }

    public SplitCounts counts(EffectiveConfig config) {
        return Split.counts(name, spot, onDemand, config);
    }
}
