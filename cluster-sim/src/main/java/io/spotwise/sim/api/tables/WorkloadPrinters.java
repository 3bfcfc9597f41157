package io.spotwise.sim.api.tables;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Deployments, ReplicaSets and StatefulSets as {@code printDeployment}, {@code printReplicaSet}, ... print them. */
final class WorkloadPrinters {

    private static final Column CONTAINERS = Column.wide("Containers", "Names of each container in the template.");
    private static final Column IMAGES = Column.wide("Images", "Images referenced by each container in the template.");
    private static final Column SELECTOR = Column.wide("Selector", "Label selector for pods.");

    static final Printer DEPLOYMENT = new Printer(List.of(Column.nameColumn(),
            Column.text("Ready", "Number of the pod with ready state"),
            Column.integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have "
                    + "the desired template spec."),
            Column.integer("Available", "Total number of available pods (ready for at least minReadySeconds) "
                    + "targeted by this deployment."),
            Column.age(), CONTAINERS, IMAGES, SELECTOR), WorkloadPrinters::deployment);

    static final Printer REPLICA_SET = new Printer(List.of(Column.nameColumn(),
            Column.integer("Desired", "Replicas is the number of desired pods."),
            Column.integer("Current", "Replicas is the most recently observed number of replicas."),
            Column.integer("Ready", "The number of ready replicas for this replica set."),
            Column.age(), CONTAINERS, IMAGES, SELECTOR), WorkloadPrinters::replicaSet);

    static final Printer STATEFUL_SET = new Printer(List.of(Column.nameColumn(),
            Column.text("Ready", "Number of the pod with ready state"),
            Column.age(), CONTAINERS, IMAGES), WorkloadPrinters::statefulSet);

    private WorkloadPrinters() {
    }

    private static long desired(JsonObject o) {
        return o.getJsonObject("spec", new JsonObject()).getLong("replicas", 1L);
    }

    private static List<Object> deployment(JsonObject o, Instant now) {
        List<Object> cells = new ArrayList<>(List.of(Fields.str(o, "metadata.name"),
                Fields.num(o, "status.readyReplicas") + "/" + desired(o), Fields.num(o, "status.updatedReplicas"),
                Fields.num(o, "status.availableReplicas"),
                HumanDuration.since(Fields.str(o, "metadata.creationTimestamp"), now)));
        cells.addAll(Fields.containersAndImages(o));
        cells.add(Fields.selector(Fields.obj(o, "spec.selector")));
        return cells;
    }

    private static List<Object> replicaSet(JsonObject o, Instant now) {
        List<Object> cells = new ArrayList<>(List.of(Fields.str(o, "metadata.name"), desired(o),
                Fields.num(o, "status.replicas"), Fields.num(o, "status.readyReplicas"),
                HumanDuration.since(Fields.str(o, "metadata.creationTimestamp"), now)));
        cells.addAll(Fields.containersAndImages(o));
        cells.add(Fields.selector(Fields.obj(o, "spec.selector")));
        return cells;
    }

    private static List<Object> statefulSet(JsonObject o, Instant now) {
        List<Object> cells = new ArrayList<>(List.of(Fields.str(o, "metadata.name"),
                Fields.num(o, "status.readyReplicas") + "/" + desired(o),
                HumanDuration.since(Fields.str(o, "metadata.creationTimestamp"), now)));
        cells.addAll(Fields.containersAndImages(o));
        return cells;
    }
}
