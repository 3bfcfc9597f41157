package io.spotwise.sim.api.tables;

import io.vertx.core.json.JsonObject;

/** One {@code meta.k8s.io/v1 TableColumnDefinition}; priority 1 columns are shown by {@code kubectl -o wide}. */
record Column(String name, String type, String format, int priority, String description) {

    static Column nameColumn() {
        return new Column("Name", "string", "name", 0, "Name must be unique within a namespace.");
    }

    static Column age() {
        return new Column("Age", "string", "", 0, "CreationTimestamp is a timestamp representing the server time "
                + "when this object was created.");
    }

    static Column text(String name, String description) {
        return new Column(name, "string", "", 0, description);
    }

    static Column integer(String name, String description) {
        return new Column(name, "integer", "", 0, description);
    }

    static Column wide(String name, String description) {
        return new Column(name, "string", "", 1, description);
    }

    JsonObject toJson() {
        return new JsonObject().put("name", name).put("type", type).put("format", format)
                .put("description", description).put("priority", priority);
    }
}
