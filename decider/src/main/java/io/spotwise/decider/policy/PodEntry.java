package io.spotwise.decider.policy;

import io.spotwise.contract.PodRef;
import java.util.UUID;

/**
 * One tracked pod, kept small (72 bytes, name included, for a pod named after its owner with a canonical UID): the UID
 * as two longs, the name as its suffix after the owner's name packed in a long ({@link PodName}), flags in one byte,
 * the creation time as seconds in an int, the revision interned, and intrusive links into its owner's pod list and the
 * pod index.
 */
final class PodEntry {

    static final int SPOT = 1;
    static final int PENDING = 1 << 1;
    static final int UNBOUND = 1 << 2;
    static final int READY = 1 << 3;
    /** deletionTimestamp set: no longer counted (the reference frees the slot on DELETE). */
    static final int DELETING = 1 << 4;
    /** An EVICT_POD for this pod is in flight. */
    static final int EVICTING = 1 << 5;
    /** The actuator reported it evicted (or gone): never a target again. */
    static final int EVICTED = 1 << 6;
    /** Bound to a node that is NotReady, unreachable or being disrupted (the snapshot's nodeDisruption). */
    static final int NODE_DISRUPTED = 1 << 7;

    final OwnerSet owner;
    /** The name after {@code owner.name + "-"}, packed ({@link PodName}); 0 when it is not such a name. */
    private final long nameSuffix;
    /** Only for names {@link PodName} cannot pack. */
    private final String nameOther;
    private long uidHigh;
    private long uidLow;
    /** Only for UIDs that are not canonical UUIDs. */
    private String uidOther;
    String revision;
    /** Seconds since {@link #EPOCH} (Kubernetes timestamps have second precision). */
    private int createdSeconds;
    byte flags;
    /** The pod-deletion-cost we last decided for it (or read back from spotwise.actions); {@link #NO_COST}: none. */
    int deletionCost = NO_COST;
    static final int NO_COST = Integer.MIN_VALUE;
    /** The spotwise.pods partition its snapshot came from (-1: unknown); a tombstone only removes it from there. */
    short partition = -1;
    PodEntry prev;
    PodEntry next;
    /** Next entry in the same {@link PodIndex} slot. */
    PodEntry chain;

    private static final long EPOCH = 1_577_836_800L; // 2020-01-01T00:00:00Z

    PodEntry(String name, OwnerSet owner, String uid) {
        this.owner = owner;
        this.nameSuffix = owner == null ? 0 : PodName.pack(owner.name, name);
        this.nameOther = nameSuffix == 0 ? name : null;
        setUid(uid);
    }

    private void setUid(String uid) {
        if (uid != null && uid.length() == 36) {
            try {
                UUID parsed = UUID.fromString(uid);
                if (parsed.toString().equals(uid)) {
                    uidHigh = parsed.getMostSignificantBits();
                    uidLow = parsed.getLeastSignificantBits();
                    return;
                }
            } catch (IllegalArgumentException notAUuid) {
                // kept as text below
            }
        }
        uidOther = uid == null ? "" : uid;
    }

    /** Creation time in epoch millis, to the second. */
    long createdAt() {
        return (EPOCH + createdSeconds) * 1000L;
    }

    void createdAt(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L) - EPOCH;
        createdSeconds = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, seconds));
    }

    String name() {
        return nameOther != null ? nameOther : PodName.unpack(owner.name, nameSuffix);
    }

    boolean nameIs(String name) {
        return nameOther != null ? nameOther.equals(name) : PodName.matches(owner.name, nameSuffix, name);
    }

    /** {@code name().hashCode()} without building the name. */
    int nameHash() {
        return nameOther != null ? nameOther.hashCode() : PodName.hash(owner.name, nameSuffix);
    }

    String namespace() {
        return owner.workload.ref.namespace();
    }

    String uid() {
        if (uidOther != null) {
            return uidOther.isEmpty() ? null : uidOther;
        }
        return new UUID(uidHigh, uidLow).toString();
    }

    boolean hasUid(String uid) {
        String mine = uid();
        return mine == null ? uid == null : mine.equals(uid);
    }

    boolean is(int flag) {
        return (flags & flag) != 0;
    }

    void set(int flag, boolean on) {
        flags = (byte) (on ? flags | flag : flags & ~flag);
    }

    /** Counted in the split: not being deleted. */
    boolean counted() {
        return !is(DELETING);
    }

    PodRef ref() {
        return new PodRef(owner.workload.ref.namespace(), name(), uid());
    }

    String key() {
        return owner.workload.ref.namespace() + "/" + name();
    }
}
