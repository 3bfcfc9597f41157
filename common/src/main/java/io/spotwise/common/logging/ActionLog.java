package io.spotwise.common.logging;

import io.spotwise.contract.WorkloadRef;
import org.slf4j.MDC;

/**
 * The workload and action a thread is working on, as MDC entries ({@code workload}, {@code action_id}): every line
 * logged on this thread until {@link Scope#close()} carries them as fields under {@code LOG_FORMAT=json}.
 */
public final class ActionLog {

    public static final String WORKLOAD = "workload";
    public static final String ACTION_ID = "action_id";

    private ActionLog() {
    }

    /** Use with try-with-resources; restores whatever the MDC held before. */
    public static Scope scope(WorkloadRef workload, String actionId) {
        String previousWorkload = MDC.get(WORKLOAD);
        String previousAction = MDC.get(ACTION_ID);
        put(WORKLOAD, workload == null ? null : workload.toString());
        put(ACTION_ID, actionId);
        return () -> {
            put(WORKLOAD, previousWorkload);
            put(ACTION_ID, previousAction);
        };
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** An MDC scope that closes without a checked exception. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
