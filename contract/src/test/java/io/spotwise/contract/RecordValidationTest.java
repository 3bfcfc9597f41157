package io.spotwise.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.contract.testing.Samples;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The records that are not actions refuse a missing required field too, naming the record and the field. */
class RecordValidationTest {

    @Test
    @DisplayName("a pod snapshot without a phase names the pod and the field")
    void podSnapshotNeedsPhase() {
        PodSnapshot p = Samples.pod(Samples.WEB, "web-1");
        assertThatThrownBy(() -> new PodSnapshot(p.schemaVersion(), p.pod(), p.workload(), p.owner(), p.revision(), true,
                p.nodeName(), p.nodeCapacityType(), null, null, null, null, true, p.createdAt(), false, "1", p.observedAt()))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("PodSnapshot Pod(shop/web-1): field 'phase' is required")
                .satisfies(e -> assertThat(((InvalidRecordException) e).field()).isEqualTo("phase"));
    }

    @Test
    @DisplayName("a decision's capacity is spot or on-demand, and the message says which decision")
    void decisionCapacity() {
        assertThatThrownBy(() -> new Decision(1, "d-1", "shop/web-1", Samples.WEB, new OwnerRef("ReplicaSet", "web-7", "u"),
                "gpu", "r", null, false, "i", Samples.T0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("Decision d-1: field 'capacity' must be one of [spot, on-demand], not 'gpu'");
    }

    @Test
    @DisplayName("a reference without its name says which kind of reference")
    void references() {
        assertThatThrownBy(() -> new PodRef("shop", null, "u")).hasMessage("PodRef: field 'name' is required");
        assertThatThrownBy(() -> new WorkloadRef(WorkloadKind.Deployment, null, "web"))
                .hasMessage("WorkloadRef web: field 'namespace' is required");
    }

    @Test
    @DisplayName("an action's failure is still an InvalidActionException (a kind of InvalidRecordException)")
    void actionsKeepTheirException() {
        assertThatThrownBy(() -> new ReportConfigInvalid("a", Samples.WEB, "w", ActionReason.CONFIG_INVALID, Samples.T0, 0,
                Samples.T0.plusSeconds(60), " "))
                .isInstanceOf(InvalidActionException.class)
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("ReportConfigInvalid a of Deployment(shop/web): field 'detail' is required");
    }
}
