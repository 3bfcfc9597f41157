package io.spotwise.sim.api.watch;

import io.vertx.core.json.JsonObject;

/**
 * An in-process consumer of every change of the store, called in resource-version order while the change is being
 * written (before the writing request is answered): whoever wrote an object sees it through this listener
 * afterwards, so the sim's controllers need no expectations. Must only queue, never block or write.
 */
@FunctionalInterface
public interface StoreListener {

    /** @param type ADDED, MODIFIED or DELETED; {@code object} is shared and must not be modified */
    void changed(String type, String group, String resource, JsonObject object);
}
