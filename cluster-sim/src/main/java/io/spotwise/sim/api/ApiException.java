package io.spotwise.sim.api;

import io.vertx.core.json.JsonObject;

/** A failure the simulated API server answers with a {@code Status} object. */
public final class ApiException extends RuntimeException {

    private final int code;
    private final String reason;
    private final JsonObject details;

    public ApiException(int code, String reason, String message) {
        this(code, reason, message, null);
    }

    public ApiException(int code, String reason, String message, JsonObject details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public JsonObject toStatus() {
        return Statuses.failure(code, reason, getMessage(), details);
    }
}
