package io.spotwise.decider.policy;

import io.spotwise.contract.SplitCounts;
import java.util.ArrayDeque;

/**
 * The pods of one direct owner (ReplicaSet / StatefulSet) and its in-flight admissions: the reference's "pod set".
 * Counts are kept incrementally; pods are an intrusive doubly linked list.
 *
 * <p>Webhook threads place pods without the state's context ({@link PlacementPolicy#placeConcurrently}): this set's
 * monitor guards what a placement reads and writes — {@link #spot}, {@link #onDemand}, the leaving counts, the
 * admission queues and {@link #dropped}. The state's context changes the counts only while holding it; it reads them without it (it is
 * their only other writer). So each owner admits atomically, and different owners never wait for each other.
 */
final class OwnerSet {

    final WorkloadState workload;
    final String kind;
    final String name;
    PodEntry head;
    int size;
    int spot;
    int onDemand;
    int pending;
    /** Counted pods on nodes being disrupted (leaving), by capacity type; spot pods bound to a node. */
    int spotLeaving;
    int onDemandLeaving;
    int spotBound;
    /** Expiry times (epoch millis) of in-flight admissions, oldest first. */
    private ArrayDeque<Long> spotAdmissions;
    private ArrayDeque<Long> onDemandAdmissions;
    /** Last change of the set or last rebalancing selection (epoch millis). */
    long lastUpdate = Long.MIN_VALUE;
    /** No rebalancing before this (epoch millis): PodDisruptionBudget back-off. */
    long backoffUntil = Long.MIN_VALUE;
    /** Removed from the state (empty): a webhook thread holding it must go through the state's context instead. */
    boolean dropped;
    /** Our last rebalancing eviction from this set (epoch millis): pods created since are its replacements. */
    long evictedAt = Long.MIN_VALUE;

    OwnerSet(WorkloadState workload, String kind, String name) {
        this.workload = workload;
        this.kind = kind;
        this.name = name;
    }

    String key() {
        return key(kind, workload.ref.namespace(), name);
    }

    static String key(String kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }

    void link(PodEntry e) {
        e.prev = null;
        e.next = head;
        if (head != null) {
            head.prev = e;
        }
        head = e;
        size++;
    }

    void unlink(PodEntry e) {
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            head = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
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
    int leaving() {
        return spotLeaving + onDemandLeaving;
    }

    synchronized void admit(boolean toSpot, long expiresAt) {
        if (toSpot) {
            if (spotAdmissions == null) {
                spotAdmissions = new ArrayDeque<>(2);
            }
            spotAdmissions.addLast(expiresAt);
        } else {
            if (onDemandAdmissions == null) {
                onDemandAdmissions = new ArrayDeque<>(2);
            }
            onDemandAdmissions.addLast(expiresAt);
        }
    }

    /** A pod showed up: it is no longer in flight (the reference's counter decrement). */
    synchronized void consumeAdmission(boolean spotPod) {
        ArrayDeque<Long> q = spotPod ? spotAdmissions : onDemandAdmissions;
        if (q != null) {
            q.pollFirst();
        }
    }

    synchronized void expireAdmissions(long now) {
        expire(spotAdmissions, now);
        expire(onDemandAdmissions, now);
    }

    private static void expire(ArrayDeque<Long> q, long now) {
        while (q != null && !q.isEmpty() && q.peekFirst() <= now) {
            q.pollFirst();
        }
    }

    synchronized int spotAdmissions() {
        return spotAdmissions == null ? 0 : spotAdmissions.size();
    }

    synchronized int onDemandAdmissions() {
        return onDemandAdmissions == null ? 0 : onDemandAdmissions.size();
    }

    synchronized int admissions() {
        return spotAdmissions() + onDemandAdmissions();
    }

    synchronized void clearAdmissions() {
        spotAdmissions = null;
        onDemandAdmissions = null;
    }

    /** A pod created since our last eviction from this set is not Ready yet: evicting now could take two at once. */
    boolean replacementNotReady() {
        if (evictedAt == Long.MIN_VALUE) {
            return false;
        }
        long since = Math.floorDiv(evictedAt, 1000L) * 1000L; // creation times have second precision
        for (PodEntry pod = head; pod != null; pod = pod.next) {
            if (pod.counted() && !pod.is(PodEntry.READY) && pod.createdAt() >= since) {
                return true;
            }
        }
        return false;
    }

    synchronized boolean isEmpty() {
        return size == 0 && admissions() == 0;
    }

    SplitCounts counts(EffectiveConfig config) {
        return Split.counts(name, spot, onDemand, config);
    }
}
