package io.spotwise.decider.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.ThreadMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * What the JVM did to a harness run besides running it: the garbage collector's stop-the-world pauses (every request
 * in flight waits for each of them) and the bytes allocated by all threads. Collectors whose MXBean counts concurrent
 * cycles rather than pauses (ZGC's "ZGC Cycles", Shenandoah's "Shenandoah Cycles") are left out.
 */
final class JvmPauses {

    private final List<Long> pausesMillis = new ArrayList<>();
    private long allocatedAtReset;
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    JvmPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().endsWith("Cycles")) {
                continue;
            }
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    synchronized (pausesMillis) {
                        pausesMillis.add(info.getGcInfo().getDuration()); // milliseconds: the GC log has the exact figures
                    }
                }
            }, null, null);
        }
    }

    /** Forgets what happened so far: the next {@link #since} covers only what follows. */
    void reset() {
        synchronized (pausesMillis) {
            pausesMillis.clear();
        }
        allocatedAtReset = allocated();
    }

    /** Since the last reset: "GC: n pauses, max x ms, total y ms; z KB allocated per request". */
    String since(long requests) {
        List<Long> pauses;
        synchronized (pausesMillis) {
            pauses = List.copyOf(pausesMillis);
        }
        long bytes = allocated() - allocatedAtReset;
        return String.format("GC: %d pauses, max %d ms, total %d ms; %.1f KB allocated per request", pauses.size(),
                pauses.stream().mapToLong(Long::longValue).max().orElse(0), pauses.stream().mapToLong(Long::longValue).sum(),
                bytes / 1024.0 / Math.max(1, requests));
    }

    private long allocated() {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }
}
