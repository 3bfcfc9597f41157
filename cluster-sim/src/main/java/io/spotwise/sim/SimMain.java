package io.spotwise.sim;

import io.spotwise.common.config.ConfigException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated cluster as a standalone process: other JVMs and kubectl connect through the kubeconfig it writes
 * ({@code SIM_KUBECONFIG}, default {@code .spotwise/kubeconfig}); scenario control at {@code /sim/v1/*} on the same
 * port. Settings come from the environment ({@code SIM_*}, see {@link SimOptions}) and may be overridden by
 * {@code KEY=value} arguments. Runs until killed.
 */
public final class SimMain {

    private static final Logger LOG = LoggerFactory.getLogger(SimMain.class);

    private SimMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                LOG.error("cluster-sim: argument '{}' is not KEY=value (e.g. SIM_PORT=6443)", arg);
                System.exit(1);
            }
            env.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        SimOptions options;
        try {
            options = SimOptions.fromEnv(env);
        } catch (ConfigException e) {
            LOG.error("cluster-sim: {}", e.getMessage());
            System.exit(1);
            return;
        }
        SimulatedCluster sim = SimulatedCluster.start(options);
        Path kubeconfig = sim.writeKubeconfig(options.kubeconfig());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "sim-shutdown"));
        LOG.info("cluster-sim ready at {}; kubeconfig {}", sim.masterUrl(), kubeconfig.toAbsolutePath());
        stopped.await();
    }
}
