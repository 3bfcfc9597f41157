package io.spotwise.common.service;

/** A service could not start; the message is the one line the launcher prints before exiting with status 1. */
public final class StartFailure extends RuntimeException {

    public StartFailure(String oneLine) {
        super(oneLine);
    }

    public StartFailure(String oneLine, Throwable cause) {
        super(oneLine, cause);
    }
}
