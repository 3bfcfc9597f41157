package io.spotwise.sim.api.watch;

/** Where a watch's events go: a WebSocket or a chunked HTTP response. Sends never block. */
public interface WatchSink {

    /** Sends one encoded watch event (a JSON object). */
    void send(String event);

    /** Ends the watch from the server side (timeout, 410, shutdown). */
    void close();
}
