package io.spotwise.chaos;

import io.spotwise.common.time.ServiceClocks;
import io.spotwise.kafka.local.FreePort;
import io.spotwise.sandbox.ServiceProcess;
import io.spotwise.sandbox.Stack;
import io.spotwise.sandbox.StackKafka;
import io.spotwise.sandbox.StackSettings;
import io.spotwise.sim.Kubeconfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox {@link Stack} as the campaign needs it: one watcher, two deciders (the second with a skewed clock), two
 * actuators, each actuator talking to the API server through its own {@link ApiProxy} so crash windows can be hit.
 */
public final class ChaosStack implements AutoCloseable {

    private final Vertx vertx;
    private final Stack stack;
    private final Map<String, ApiProxy> proxies;

    private ChaosStack(Vertx vertx, Stack stack, Map<String, ApiProxy> proxies) {
        this.vertx = vertx;
        this.stack = stack;
        this.proxies = proxies;
    }

    public static ChaosStack start(Path home, Duration skew) {
        Vertx vertx = Vertx.vertx();
        Map<String, ApiProxy> proxies = new LinkedHashMap<>();
        try {
            Files.createDirectories(home);
            int apiPort = FreePort.pick();
            for (String replica : List.of("actuator", "actuator-1")) {
                proxies.put(replica, new ApiProxy(vertx, replica, apiPort).start());
            }
            Map<String, String> actuatorEnv = Map.of("KUBECONFIG", kubeconfig(home, proxies.get("actuator")).toString());
            // As the end-to-end tests run it: SASL_SSL with one principal and ACLs per service.
            Stack stack = Stack.start(StackSettings.compressed(home).withApiPort(apiPort), StackKafka.authenticated(),
                    Map.of("actuator", actuatorEnv));
            ChaosStack chaos = new ChaosStack(vertx, stack, proxies);
            ServiceProcess decider1 = stack.addReplica("decider", 1,
                    Map.of("JAVA_TOOL_OPTIONS", "-D" + ServiceClocks.OFFSET_PROPERTY + "=" + skew));
            ServiceProcess actuator1 = stack.addReplica("actuator", 1,
                    Map.of("KUBECONFIG", kubeconfig(home, proxies.get("actuator-1")).toString()));
            decider1.awaitReady(Duration.ofSeconds(120));
            actuator1.awaitReady(Duration.ofSeconds(120));
            return chaos;
        } catch (IOException e) {
            proxies.values().forEach(ApiProxy::close);
            vertx.close();
            throw new UncheckedIOException("cannot start the chaos stack", e);
        } catch (RuntimeException e) {
            proxies.values().forEach(ApiProxy::close);
            vertx.close();
            throw e;
        }
    }

    private static Path kubeconfig(Path home, ApiProxy proxy) {
        return Kubeconfig.write(home.resolve("kubeconfig-" + proxy.replica()), "spotwise-sim-via-chaos-proxy",
                "http://127.0.0.1:" + proxy.port()).toAbsolutePath();
    }

    public Stack stack() {
        return stack;
    }

    /** Every service process by name: watcher, decider, decider-1, actuator, actuator-1. */
    public Map<String, ServiceProcess> services() {
        Map<String, ServiceProcess> all = new LinkedHashMap<>();
        for (ServiceProcess p : stack.services()) {
            all.put(p.name(), p);
        }
        return all;
    }

    public List<ServiceProcess> actuators() {
        return new ArrayList<>(services().values().stream().filter(p -> p.name().startsWith("actuator")).toList());
    }

    public List<ServiceProcess> deciders() {
        return new ArrayList<>(services().values().stream().filter(p -> p.name().startsWith("decider")).toList());
    }

    public ApiProxy proxy(String actuator) {
        return proxies.get(actuator);
    }

    /** The Lease identity of a decider process (its SPOTWISE_INSTANCE). */
    public static String identity(ServiceProcess decider) {
        return decider.name().contains("-") ? decider.name() : decider.name() + "-0";
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            proxies.values().forEach(ApiProxy::close);
            vertx.close();
        }
    }
}
