package io.spotwise.sim.api.tables;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** {@code kubectl get pods}: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES. */
final class PodPrinter {

    static final Printer PRINTER = new Printer(List.of(Column.nameColumn(),
            Column.text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Column.text("Status", "The aggregate status of the containers in this pod."),
            Column.text("Restarts", "The number of times the containers in this pod have been restarted and when "
                    + "the last container in this pod has restarted."),
            Column.age(),
            Column.wide("IP", "podIP address allocated to the pod."),
            Column.wide("Node", "NodeName indicates in which node this pod is scheduled."),
            Column.wide("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the "
                    + "node."),
            Column.wide("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.")),
            PodPrinter::cells);

    private PodPrinter() {
    }

    static List<Object> cells(JsonObject pod, Instant now) {
        String phase = Fields.str(pod, "status.phase");
        String reason = Fields.str(pod, "status.reason").isEmpty() ? phase : Fields.str(pod, "status.reason");
        for (JsonObject c : Fields.objects(pod, "status.conditions")) {
            if ("PodScheduled".equals(c.getString("type")) && "SchedulingGated".equals(c.getString("reason"))) {
                reason = "SchedulingGated";
            }
        }
        int total = Fields.arr(pod, "spec.containers").size();
        int ready = 0;
        long restarts = 0;
        String lastRestart = null;
        boolean hasRunning = false;
        List<JsonObject> statuses = Fields.objects(pod, "status.containerStatuses");
        for (int i = statuses.size() - 1; i >= 0; i--) {
            JsonObject cs = statuses.get(i);
            restarts += Fields.num(cs, "restartCount");
            String finished = Fields.str(cs, "lastState.terminated.finishedAt");
            if (!finished.isEmpty() && (lastRestart == null || finished.compareTo(lastRestart) > 0)) {
                lastRestart = finished;
            }
            JsonObject state = Fields.obj(cs, "state");
            if (!Fields.str(state, "waiting.reason").isEmpty()) {
                reason = Fields.str(state, "waiting.reason");
            } else if (state.containsKey("terminated")) {
                String r = Fields.str(state, "terminated.reason");
                reason = !r.isEmpty() ? r : Fields.num(state, "terminated.signal") != 0
                        ? "Signal:" + Fields.num(state, "terminated.signal")
                        : "ExitCode:" + Fields.num(state, "terminated.exitCode");
            } else if (cs.getBoolean("ready", false) && state.containsKey("running")) {
                hasRunning = true;
                ready++;
            }
        }
        if ("Completed".equals(reason) && hasRunning) {
            reason = Fields.objects(pod, "status.conditions").stream().anyMatch(c -> "Ready".equals(c.getString("type"))
                    && "True".equals(c.getString("status"))) ? "Running" : "NotReady";
        }
        boolean deleting = !Fields.str(pod, "metadata.deletionTimestamp").isEmpty();
        if (deleting && "NodeLost".equals(Fields.str(pod, "status.reason"))) {
            reason = "Unknown";
        } else if (deleting && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            reason = "Terminating";
        }
        String restartCell = restarts != 0 && lastRestart != null
                ? restarts + " (" + HumanDuration.since(lastRestart, now) + " ago)" : String.valueOf(restarts);
        String ip = Fields.objects(pod, "status.podIPs").stream().map(o -> o.getString("ip", "")).findFirst()
                .orElse(Fields.str(pod, "status.podIP"));
        return List.of(Fields.str(pod, "metadata.name"), ready + "/" + total, reason, restartCell,
                HumanDuration.since(Fields.str(pod, "metadata.creationTimestamp"), now), Fields.orNone(ip),
                Fields.orNone(Fields.str(pod, "spec.nodeName")),
                Fields.orNone(Fields.str(pod, "status.nominatedNodeName")), readinessGates(pod));
    }

    private static String readinessGates(JsonObject pod) {
        List<JsonObject> gates = Fields.objects(pod, "spec.readinessGates");
        if (gates.isEmpty()) {
            return "<none>";
        }
        long met = gates.stream().filter(g -> Fields.objects(pod, "status.conditions").stream()
                .anyMatch(c -> g.getString("conditionType", "").equals(c.getString("type"))
                        && "True".equals(c.getString("status"))))
                .count();
        return met + "/" + gates.size();
    }
}
