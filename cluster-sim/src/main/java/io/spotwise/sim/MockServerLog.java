package io.spotwise.sim;

import io.fabric8.mockwebserver.MockWebServer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** fabric8's MockWebServer logs every request at INFO through java.util.logging: the sim keeps WARNING and above. */
final class MockServerLog {

    /** Kept referenced so the level sticks (java.util.logging holds its loggers weakly). */
    private static final Logger LOG = Logger.getLogger(MockWebServer.class.getName());

    private MockServerLog() {
    }

    static void quiet() {
        LOG.setLevel(Level.WARNING);
    }
}
