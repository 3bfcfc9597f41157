package io.spotwise.sim.api.tables;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server-side printing: answers {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io} with a
 * {@code meta.k8s.io/v1 Table} whose columns are those of the API server's printers
 * (kubernetes pkg/printers/internalversion). Rows carry the object as {@code PartialObjectMetadata} by default,
 * the whole object with {@code includeObject=Object}, nothing with {@code includeObject=None}.
 */
public final class Tables {

    private static final Map<String, Printer> PRINTERS = Map.of(
            "/pods", PodPrinter.PRINTER,
            "/nodes", ClusterPrinters.NODE,
            "/events", ClusterPrinters.EVENT,
            "/namespaces", ClusterPrinters.NAMESPACE,
            "apps/deployments", WorkloadPrinters.DEPLOYMENT,
            "apps/replicasets", WorkloadPrinters.REPLICA_SET,
            "apps/statefulsets", WorkloadPrinters.STATEFUL_SET,
            "policy/poddisruptionbudgets", ClusterPrinters.PDB,
            "coordination.k8s.io/leases", ClusterPrinters.LEASE);

    private final Clock clock;

    public Tables(Clock clock) {
        this.clock = clock;
    }

    /** True when the client asked for a Table (kubectl's human-readable output does). */
    public static boolean requested(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /** Whether the sim prints this resource server-side; others answer the plain object or list. */
    public static boolean prints(String group, String resource) {
        return PRINTERS.containsKey(key(group, resource));
    }

    private static String key(String group, String resource) {
        return (group == null ? "" : group) + "/" + resource;
    }

    /** A Table of the given objects; {@code withColumns=false} leaves out the definitions (later watch events). */
    public JsonObject table(String group, String resource, List<JsonObject> objects, String resourceVersion,
                            String includeObject, boolean withColumns) {
        Printer printer = Optional.ofNullable(PRINTERS.get(key(group, resource)))
                .orElseThrow(() -> new IllegalArgumentException("no printer for " + key(group, resource)));
        JsonArray rows = new JsonArray();
        for (JsonObject o : objects) {
            JsonObject row = new JsonObject().put("cells", new JsonArray(printer.cells().of(o, clock.instant())));
            Object embedded = embedded(o, includeObject);
            if (embedded != null) {
                row.put("object", embedded);
            }
            rows.add(row);
        }
        JsonObject table = new JsonObject().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1")
                .put("metadata", new JsonObject().put("resourceVersion", resourceVersion == null ? "" : resourceVersion));
        if (withColumns) {
            JsonArray columns = new JsonArray();
            printer.columns().forEach(c -> columns.add(c.toJson()));
            table.put("columnDefinitions", columns);
        } else {
            table.put("columnDefinitions", (Object) null);
        }
        return table.put("rows", rows);
    }

    private static Object embedded(JsonObject o, String includeObject) {
        if ("None".equals(includeObject)) {
            return null;
        }
        if ("Object".equals(includeObject)) {
            return o;
        }
        return new JsonObject().put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1")
                .put("metadata", o.getJsonObject("metadata", new JsonObject()).copy());
    }
}
