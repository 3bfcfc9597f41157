package io.spotwise.actuator;

import io.spotwise.contract.Outcome;
import io.vertx.core.Future;

/**
 * What the consumer lends one execution of an action: the point of no return, the memory of an earlier attempt, and
 * the write-ahead mark. Implemented by the consumer; tests of the executor alone use {@link #UNTRACKED}.
 */
public interface ActionRun {

    /** Call just before the first write; false when the action was taken away (partition revoked): do nothing more. */
    boolean claim();

    /** {@code spotwise.outcomes} already holds a STARTED mark of this action: an earlier attempt may have had its effect. */
    boolean startedBefore();

    /** Publishes the STARTED mark; completes once it is committed, fails with {@link ActionCancelled} if it never will be. */
    Future<Void> writeAhead(Outcome started);

    /** For executions outside the consumer: always claimed, no memory, the mark is not written. */
    ActionRun UNTRACKED = new ActionRun() {
        @Override
        public boolean claim() {
            return true;
        }

        @Override
        public boolean startedBefore() {
            return false;
        }

        @Override
        public Future<Void> writeAhead(Outcome started) {
            return Future.succeededFuture();
        }
    };
}
