package io.spotwise.sim.api.tables;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** The columns of one kind and how one object becomes a row of cells (server-side printing, wide). */
record Printer(List<Column> columns, Cells cells) {

    @FunctionalInterface
    interface Cells {
        List<Object> of(JsonObject object, Instant now);
    }
}
