package io.spotwise.common.service;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.ConfigException;
import io.spotwise.common.config.ServiceConfig;
import io.spotwise.common.kafka.TopicBootstrap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one start-up and shutdown of the three services (STYLE §7), used by each {@code Main}:
 * <ol>
 *   <li>parse the configuration; a bad key stops the process with one line naming it;</li>
 *   <li>log the effective configuration (secrets masked);</li>
 *   <li>wait for Kafka, at most {@code SPOTWISE_START_TIMEOUT}, and create or verify the topics;</li>
 *   <li>start the service, which registers what it started on its {@link Launch};</li>
 *   <li>on SIGTERM: stop it all in the reverse order, Vert.x last, within {@code SPOTWISE_SHUTDOWN_TIMEOUT}.</li>
 * </ol>
 * A failed start logs one line naming the cause, stops what had been started and exits with status 1.
 * Readiness is the service's own {@code /readyz} (its {@code OpsServer}).
 */
public final class ServiceLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

    /** A service's start: builds it on the launch's Vert.x and registers what must be stopped. */
    @FunctionalInterface
    public interface Starter<C extends ServiceConfig> {
        void start(C config, Launch launch) throws Exception;
    }

    private ServiceLauncher() {
    }

    /** The whole of a service's {@code main}. */
    public static <C extends ServiceConfig> void main(String service, Function<Map<String, String>, C> parse, Starter<C> starter) {
        C config;
        try {
            config = parse.apply(System.getenv());
        } catch (ConfigException | IllegalArgumentException e) {
            exit(e.getMessage());
            return;
        }
        try {
            Launch launch = launch(service, config, starter);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(launch), "spotwise-" + service + "-shutdown"));
        } catch (StartFailure e) {
            exit(e.getMessage());
        }
    }

    /**
     * Starts a service in this JVM (what {@link #main} does before registering its shutdown hook; tests call it).
     * Throws {@link StartFailure} with the one line to print, after stopping whatever had been started.
     */
    public static <C extends ServiceConfig> Launch launch(String service, C config, Starter<C> starter) {
        LOG.info("Starting spotwise {} with configuration:\n{}", service, config.describe());
        long began = System.nanoTime();
        long deadline = began + config.get(CommonKeys.START_TIMEOUT).toNanos();
        Launch launch = null;
        try {
            int partitions = TopicsAtStart.ensure(config, "spotwise-" + service + "-bootstrap-" + config.instance());
            launch = new Launch(service, config, partitions, deadline);
            starter.start(config, launch);
            LOG.info("Spotwise {} started in {} ms", service, (System.nanoTime() - began) / 1_000_000);
            return launch;
        } catch (StartFailure | TopicBootstrap.IncompatibleTopicException | ConfigException e) {
            stopQuietly(launch);
            throw e instanceof StartFailure f ? f : new StartFailure(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(launch);
            throw new StartFailure("Spotwise " + service + " was interrupted while starting", e);
        } catch (Exception e) {
            stopQuietly(launch);
            throw new StartFailure("Spotwise " + service + " failed to start: " + Launch.message(e), e);
        }
    }

    /** Ordered shutdown; logs how long it took. */
    public static void stop(Launch launch) {
        LOG.info("Shutting down spotwise {} (at most {}s)", launch.service(), launch.shutdownTimeout().toSeconds());
        long began = System.nanoTime();
        boolean clean = launch.stop();
        LOG.info("Spotwise {} stopped{} in {} ms", launch.service(), clean ? "" : " (not cleanly, see above)",
                (System.nanoTime() - began) / 1_000_000);
    }

    private static void stopQuietly(Launch launch) {
        if (launch != null) {
            launch.stop();
        }
    }

    private static void exit(String line) {
        LOG.error(line);
        System.exit(1);
    }
}
