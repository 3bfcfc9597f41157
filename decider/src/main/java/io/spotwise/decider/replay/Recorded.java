package io.spotwise.decider.replay;

import io.spotwise.contract.Action;
import io.spotwise.contract.Decision;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import java.time.Instant;

/** One recorded fact of the cluster's history, with the time Kafka stamped it (the record timestamp). */
sealed interface Recorded {

    Instant at();

    /** Order of facts recorded in the same millisecond: state first, then the decisions and actions that saw it. */
    int rank();

    record Workload(Instant at, WorkloadRef ref, WorkloadSnapshot snapshot) implements Recorded {
        public int rank() {
            return 0;
        }
    }

    /** A pod snapshot, or its tombstone ({@code snapshot} null) with the key {@code namespace/name}. */
    record Pod(Instant at, String key, PodSnapshot snapshot, int partition) implements Recorded {
        public int rank() {
            return 1;
        }
    }

    record Admission(Instant at, Decision decision) implements Recorded {
        public int rank() {
            return 2;
        }
    }

    record Act(Instant at, Action action) implements Recorded {
        public int rank() {
            return 3;
        }
    }
}
