package io.spotwise.actuator;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per start-up step, each with the time since the JVM started, so where a start spends its time (JVM and
 * class loading, topics, the completed-action memory catching up, joining the group) is read from the log (the numbers
 * in docs/actuator.md, "Start-up"). Each step is logged once per process.
 */
public final class StartupLog {

    private static final Logger LOG = LoggerFactory.getLogger(StartupLog.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private StartupLog() {
    }

    public static void step(String what) {
        if (LOGGED.add(what)) {
            LOG.info("Start-up: {} at {} ms after the JVM started", what, ManagementFactory.getRuntimeMXBean().getUptime());
        }
    }
}
