package io.spotwise.decider.policy.state;

import io.spotwise.contract.PodRef;
import java.util.UUID;

/**
 * One tracked pod, kept small (72 bytes, name included, for a pod named after its owner with a canonical UID): the UID
 * as two longs, the name as its suffix after the owner's name packed in a long ({@link PodName}), flags in one byte,
 * the creation time as seconds in an int, the revision interned, and intrusive links into its owner's pod list and the
 * pod index.
 */
public final class PodEntry {

    public static final int SPOT = 1;
    public static final int PENDING = 1 << 1;
    public static final int UNBOUND = 1 << 2;
    public static final int READY = 1 << 3;
    /** deletionTimestamp set: no longer counted (the reference frees the slot on DELETE). */
    public static final int DELETING = 1 << 4;
    /** An EVICT_POD for this pod is in flight. */
    public static final int EVICTING = 1 << 5;
    /** The actuator reported it evicted (or gone): never a target again. */
    public static final int EVICTED = 1 << 6;
    /** Bound to a node that is NotReady, unreachable or being disrupted (the snapshot's nodeDisruption). */
    public static final int NODE_DISRUPTED = 1 << 7;

    private final OwnerSet owner;
    /** The name after {@code owner.name + "-"}, packed ({@link PodName}); 0 when it is not such a name. */
    private final long nameSuffix;
    /** Only for names {@link PodName} cannot pack. */
    private final String nameOther;
    private long uidHigh;
    private long uidLow;
    /** Only for UIDs that are not canonical UUIDs. */
    private String uidOther;
    private String revision;
    /** Seconds since {@link #EPOCH} (Kubernetes timestamps have second precision). */
    private int createdSeconds;
    private byte flags;
    /** The pod-deletion-cost we last decided for it (or read back from spotwise.actions); {@link #NO_COST}: none. */
    private int deletionCost = NO_COST;
    public static final int NO_COST = Integer.MIN_VALUE;
    /** The spotwise.pods partition its snapshot came from (-1: unknown); a tombstone only removes it from there. */
    private short partition = -1;
    private PodEntry prev;
    private PodEntry next;
    /** Next entry in the same {@link PodIndex} slot. */
    private PodEntry chain;

    private static final long EPOCH = 1_577_836_800L; // 2020-01-01T00:00:00Z

    public PodEntry(String name, OwnerSet owner, String uid) {
        this.owner = owner;
        this.nameSuffix = owner == null ? 0 : PodName.pack(owner.name(), name);
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

    public OwnerSet owner() {
        return owner;
    }

    /** The next pod of its owner, null after the last. */
    public PodEntry next() {
        return next;
    }

    void linkBefore(PodEntry first) {
        prev = null;
        next = first;
        if (first != null) {
            first.prev = this;
        }
    }

    void unlink() {
        if (prev != null) {
            prev.next = next;
        }
        if (next != null) {
            next.prev = prev;
        }
        prev = null;
        next = null;
    }

    PodEntry chain() {
        return chain;
    }

    void chain(PodEntry nextInSlot) {
        chain = nextInSlot;
    }

    /** The controller revision (pod-template-hash or controller-revision-hash), interned; null when none. */
    public String revision() {
        return revision;
    }

    short partition() {
        return partition;
    }

    byte flags() {
        return flags;
    }

    /** What a snapshot says of the pod; EVICTING and EVICTED (our own marks) are kept. */
    void observed(int snapshotFlags, String revision, long createdAt, int partition) {
        this.partition = (short) partition;
        this.flags = (byte) (snapshotFlags | (flags & (EVICTING | EVICTED)));
        this.revision = revision == null ? null : revision.intern();
        createdAt(createdAt);
    }

    /** The pod-deletion-cost last decided or read back for it; {@link #NO_COST} when none. */
    public int deletionCost() {
        return deletionCost;
    }

    void deletionCost(int cost) {
        deletionCost = cost;
    }

    /** Creation time in epoch millis, to the second. */
    public long createdAt() {
        return (EPOCH + createdSeconds) * 1000L;
    }

    private void createdAt(long epochMillis) {
        long seconds = Math.floorDiv(epochMillis, 1000L) - EPOCH;
        createdSeconds = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, seconds));
    }

    public String name() {
        return nameOther != null ? nameOther : PodName.unpack(owner.name(), nameSuffix);
    }

    boolean nameIs(String name) {
        return nameOther != null ? nameOther.equals(name) : PodName.matches(owner.name(), nameSuffix, name);
    }

    /** {@code name().hashCode()} without building the name. */
    int nameHash() {
        return nameOther != null ? nameOther.hashCode() : PodName.hash(owner.name(), nameSuffix);
    }

    String namespace() {
        return owner.workload().ref().namespace();
    }

    String uid() {
        if (uidOther != null) {
            return uidOther.isEmpty() ? null : uidOther;
        }
        return new UUID(uidHigh, uidLow).toString();
    }

    public boolean hasUid(String uid) {
        String mine = uid();
        return mine == null ? uid == null : mine.equals(uid);
    }

    public boolean is(int flag) {
        return (flags & flag) != 0;
    }

    void set(int flag, boolean on) {
        flags = (byte) (on ? flags | flag : flags & ~flag);
    }

    /** Counted in the split: not being deleted. */
    public boolean counted() {
        return !is(DELETING);
    }

    public PodRef ref() {
        return new PodRef(namespace(), name(), uid());
    }

    String key() {
        return namespace() + "/" + name();
    }
}
