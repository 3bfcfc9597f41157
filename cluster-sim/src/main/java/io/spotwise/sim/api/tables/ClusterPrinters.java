package io.spotwise.sim.api.tables;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Nodes, Events, PodDisruptionBudgets, Leases and Namespaces as the API server's printers print them. */
final class ClusterPrinters {

    static final Printer NODE = new Printer(List.of(Column.nameColumn(),
            Column.text("Status", "The status of the node"), Column.text("Roles", "The roles of the node"),
            Column.age(), Column.text("Version", "Kubelet Version reported by the node."),
            Column.wide("Internal-IP", "List of addresses reachable to the node."),
            Column.wide("External-IP", "List of addresses reachable to the node."),
            Column.wide("OS-Image", "OS Image reported by the node from /etc/os-release."),
            Column.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r'."),
            Column.wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime "
                    + "remote API.")),
            ClusterPrinters::node);

    static final Printer EVENT = new Printer(List.of(
            Column.text("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Column.text("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
            Column.text("Reason", "This should be a short, machine understandable string that gives the reason "
                    + "for the transition into the object's current status."),
            Column.text("Object", "The object that this event is about."),
            Column.wide("Subobject", "If referring to a piece of an object instead of an entire object."),
            Column.wide("Source", "The component reporting this event."),
            Column.text("Message", "A human-readable description of the status of this operation."),
            Column.wide("First Seen", "The time at which the event was first recorded."),
            Column.wide("Count", "The number of times this event has occurred."),
            new Column("Name", "string", "name", 1, "Name must be unique within a namespace.")),
            ClusterPrinters::event);

    static final Printer PDB = new Printer(List.of(Column.nameColumn(),
            Column.text("Min Available", "The minimum number of pods that must be available."),
            Column.text("Max Unavailable", "The maximum number of pods that may be unavailable."),
            Column.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
            Column.age()),
            (o, now) -> List.of(Fields.str(o, "metadata.name"), intOrNa(o, "spec.minAvailable"),
                    intOrNa(o, "spec.maxUnavailable"), Fields.num(o, "status.disruptionsAllowed"), age(o, now)));

    static final Printer LEASE = new Printer(List.of(Column.nameColumn(),
            Column.text("Holder", "The holder of the lease"), Column.age()),
            (o, now) -> List.of(Fields.str(o, "metadata.name"), Fields.str(o, "spec.holderIdentity"), age(o, now)));

    static final Printer NAMESPACE = new Printer(List.of(Column.nameColumn(),
            Column.text("Status", "The status of the namespace"), Column.age()),
            (o, now) -> List.of(Fields.str(o, "metadata.name"), Fields.str(o, "status.phase"), age(o, now)));

    private ClusterPrinters() {
    }

    private static String age(JsonObject o, Instant now) {
        return HumanDuration.since(Fields.str(o, "metadata.creationTimestamp"), now);
    }

    private static String intOrNa(JsonObject o, String path) {
        Object v = Fields.at(o, path);
        return v == null ? "N/A" : v.toString();
    }

    private static List<Object> node(JsonObject o, Instant now) {
        List<String> status = new ArrayList<>();
        Fields.objects(o, "status.conditions").stream().filter(c -> "Ready".equals(c.getString("type"))).findFirst()
                .ifPresent(c -> status.add("True".equals(c.getString("status")) ? "Ready" : "NotReady"));
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (Boolean.TRUE.equals(Fields.at(o, "spec.unschedulable"))) {
            status.add("SchedulingDisabled");
        }
        TreeSet<String> roles = new TreeSet<>();
        Fields.obj(o, "metadata.labels").forEach(e -> {
            if (e.getKey().startsWith("node-role.kubernetes.io/")) {
                roles.add(e.getKey().substring("node-role.kubernetes.io/".length()));
            } else if (e.getKey().equals("kubernetes.io/role")) {
                roles.add(String.valueOf(e.getValue()));
            }
        });
        return List.of(Fields.str(o, "metadata.name"), String.join(",", status),
                roles.isEmpty() ? "<none>" : String.join(",", roles), age(o, now),
                Fields.str(o, "status.nodeInfo.kubeletVersion"), address(o, "InternalIP"), address(o, "ExternalIP"),
                unknownIfEmpty(Fields.str(o, "status.nodeInfo.osImage")),
                unknownIfEmpty(Fields.str(o, "status.nodeInfo.kernelVersion")),
                unknownIfEmpty(Fields.str(o, "status.nodeInfo.containerRuntimeVersion")));
    }

    private static String address(JsonObject node, String type) {
        return Fields.objects(node, "status.addresses").stream().filter(a -> type.equals(a.getString("type")))
                .map(a -> a.getString("address")).findFirst().orElse("<none>");
    }

    private static String unknownIfEmpty(String v) {
        return v.isEmpty() ? "<unknown>" : v;
    }

    private static List<Object> event(JsonObject e, Instant now) {
        String first = HumanDuration.since(Fields.str(e, "firstTimestamp"), now);
        if (Fields.str(e, "firstTimestamp").isEmpty()) {
            first = HumanDuration.since(Fields.str(e, "eventTime"), now);
        }
        String last = Fields.str(e, "lastTimestamp").isEmpty() ? first
                : HumanDuration.since(Fields.str(e, "lastTimestamp"), now);
        long count = Fields.num(e, "count");
        if (e.getValue("series") instanceof JsonObject series) {
            last = HumanDuration.since(series.getString("lastObservedTime"), now);
            count = series.getLong("count", 0L);
        } else if (count == 0) {
            count = 1;
        }
        String kind = Fields.str(e, "involvedObject.kind").toLowerCase(Locale.ROOT);
        String name = Fields.str(e, "involvedObject.name");
        String component = Fields.str(e, "source.component").isEmpty() ? Fields.str(e, "reportingComponent")
                : Fields.str(e, "source.component");
        String instance = Fields.str(e, "source.host").isEmpty() ? Fields.str(e, "reportingInstance")
                : Fields.str(e, "source.host");
        return List.of(last, Fields.str(e, "type"), Fields.str(e, "reason"), name.isEmpty() ? kind : kind + "/" + name,
                Fields.str(e, "involvedObject.fieldPath"), instance.isEmpty() ? component : component + ", " + instance,
                Fields.str(e, "message").strip(), first, count, Fields.str(e, "metadata.name"));
    }
}
