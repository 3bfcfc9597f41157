package io.spotwise.decider.decisions;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.Decision;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.decider.policy.placement.AdmissionRequest;
import io.spotwise.decider.policy.placement.JsonPatches;
import io.spotwise.decider.policy.placement.Placement;
import io.spotwise.decider.policy.placement.PodShape;
import java.time.Instant;
import java.util.UUID;

/** The webhook's placement as a {@link Decision} record, and the annotation that ties a spot pod to it. */
public final class DecisionRecords {

    private DecisionRecords() {
    }

    /** The record of a placement about an opted-in workload; null for pods Spotwise does not manage. */
    public static Decision of(AdmissionRequest request, Placement placement, String instance, Instant now) {
        if (placement.capacity() == Placement.Capacity.UNMANAGED || placement.workload() == null) {
            return null;
        }
        OwnerRef owner = request.directOwner();
        return new Decision(SpotwiseRecord.CURRENT_SCHEMA_VERSION, UUID.randomUUID().toString(), request.displayName(),
                placement.workload(), owner, placement.isSpot() ? Decision.SPOT : Decision.ON_DEMAND, placement.reason().name(),
                placement.counts(), placement.dryRun(), instance, now);
    }

    /** Short text of the {@code <prefix>/decision} annotation: id, reason, the counts seen. */
    public static String annotation(Decision d) {
        String counts = d.counts() == null ? "" : " " + d.counts().spot() + " spot / " + d.counts().onDemand() + " on-demand ("
                + d.counts().percentage() + " %, min " + d.counts().minOnDemandReplicas() + ")";
        return d.id() + " " + d.reason() + counts;
    }

    /** Adds the decision annotation to a spot pod's patch (annotations created when missing). */
    public static ArrayNode annotate(ArrayNode ops, PodShape pod, SpotwiseKeys keys, Decision d) {
        if (d == null) {
            return ops;
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (pod.hasAnnotations()) {
            ops.addObject().put("op", "add").put("path", "/metadata/annotations/" + JsonPatches.escape(keys.decision()))
                    .put("value", annotation(d));
        } else {
            ops.addObject().put("op", "add").put("path", "/metadata/annotations")
                    .set("value", json.objectNode().put(keys.decision(), annotation(d)));
        }
        return ops;
    }
}
