package io.spotwise.chaos;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spotwise.sandbox.ServiceProcess;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The faults, drawn from the campaign's seed: SIGKILL of any service, SIGKILL inside each {@link CrashWindow} (in turn),
 * broker stop/start, an actuator leaving the group (SIGTERM) and joining again, the decider Lease taken from its holder
 * and handed to the other decider (forced Lease loss, two deciders believing they lead). A decider with a skewed clock
 * runs for the whole campaign ({@link ChaosStack}). Every stopped process comes back after a drawn delay.
 */
public final class Nemesis {

    private final ChaosStack stack;
    private final KubernetesClient client;
    private final WorkloadGenerator generator;
    private final FaultLog log;
    private final Random random;
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-restarts");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-kubelet");
        t.setDaemon(true);
        return t;
    });
    static final Duration WINDOW_WAIT = Duration.ofSeconds(60);
    private final Set<CrashWindow> armed = ConcurrentHashMap.newKeySet();
    /** The windows armed by the first strike, until each is hit or given up: the fault phase waits for them. */
    private final Set<CrashWindow> coverage = ConcurrentHashMap.newKeySet();
    private int strikes;

    public Nemesis(ChaosStack stack, KubernetesClient client, WorkloadGenerator generator, FaultLog log, long seed) {
        this.stack = stack;
        this.client = client;
        this.generator = generator;
        this.log = log;
        this.random = new Random(seed);
    }

    /**
     * One drawn fault. The first strike arms all three crash windows, so that even a short campaign hits each.
     */
    public void strike() {
        CrashWindow[] windows = CrashWindow.values();
        if (strikes++ == 0) {
            coverage.addAll(List.of(windows));
            for (CrashWindow w : windows) {
                crashWindow(w);
            }
            return;
        }
        int dice = random.nextInt(10);
        if (windowsPending()) {
            return; // until each window was hit, no other fault: a stalled group or a leaderless decider reaches no window
        }
        switch (dice) {
            case 0, 1, 2 -> sigkill();
            case 3, 4, 5 -> crashWindow(windows[random.nextInt(windows.length)]);
            case 6 -> brokerBounce();
            case 7 -> actuatorLeavesAndJoins();
            default -> stealLease();
        }
    }

    private void sigkill() {
        List<ServiceProcess> up = stack.services().values().stream().filter(p -> !down.contains(p.name())).toList();
        if (up.isEmpty()) {
            return;
        }
        ServiceProcess victim = up.get(random.nextInt(up.size()));
        down.add(victim.name());
        victim.kill();
        log.record("nemesis", "sigkill", victim.name());
        restartLater(victim, 1_000 + random.nextInt(5_000));
    }

    /**
     * Arms the window on every actuator's proxy (it does not wait): the first actuator to complete a request that ends
     * it is SIGKILLed there and restarted later; unhit after {@link #WINDOW_WAIT} it is disarmed and reported missed.
     */
    private void crashWindow(CrashWindow window) {
        if (!armed.add(window)) {
            return;
        }
        long restartDelay = 1_000 + random.nextInt(4_000);
        AtomicBoolean fired = new AtomicBoolean();
        for (ServiceProcess a : stack.actuators()) {
            stack.proxy(a.name()).arm(window, h -> {
                if (!fired.compareAndSet(false, true)) {
                    return;
                }
                stack.actuators().forEach(other -> stack.proxy(other.name()).disarm(window));
                down.add(a.name());
                a.kill();
                log.hit(h);
                armed.remove(window);
                coverage.remove(window);
                restartLater(a, restartDelay);
            });
        }
        log.record("nemesis", "window-armed", window.toString());
        if (window == CrashWindow.AFTER_PATCH_BEFORE_OUTCOME) {
            generator.outage(); // a patch is written only for a fallback (and its end): provoke one
        }
        restarts.schedule(() -> {
            if (fired.compareAndSet(false, true)) {
                stack.actuators().forEach(a -> stack.proxy(a.name()).disarm(window));
                armed.remove(window);
                coverage.remove(window);
                log.record("nemesis", "window-missed", window + " not reached within " + WINDOW_WAIT.toSeconds() + " s");
            }
        }, WINDOW_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True while one of the first strike's crash windows is neither hit nor given up. */
    public boolean windowsPending() {
        return !coverage.isEmpty();
    }

    private void brokerBounce() {
        var broker = stack.stack().broker();
        if (!broker.isRunning()) {
            return;
        }
        broker.stop();
        long downFor = 2_000 + random.nextInt(10_000);
        log.record("nemesis", "broker-stop", "for " + downFor + " ms");
        restarts.schedule(this::startBroker, downFor, TimeUnit.MILLISECONDS);
    }

    /** Starts the broker again; a start that fails (slow machine, port not yet free) is logged and tried again in 2 s. */
    private void startBroker() {
        var broker = stack.stack().broker();
        if (broker.isRunning()) {
            return;
        }
        try {
            broker.restart();
            log.record("nemesis", "broker-start", "");
        } catch (RuntimeException e) {
            log.record("nemesis", "broker-start-failed", String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "; again in 2 s");
            try {
                restarts.schedule(this::startBroker, 2, TimeUnit.SECONDS);
            } catch (RejectedExecutionException healing) {
                // heal() starts the broker
            }
        }
    }

    /**
     * What the kubelet does in a cluster: a service process that exited by itself (not one the nemesis stopped and will
     * start again), e.g. after its start timeout ran out during a long broker outage, is started again every 2 s check.
     */
    public void startKubelet() {
        kubelet.scheduleWithFixedDelay(() -> {
            for (ServiceProcess p : stack.services().values()) {
                if (!down.contains(p.name()) && !p.isRunning()) {
                    log.record("kubelet", "restart", p.name() + " had exited by itself (code " + p.exitStatus() + ")");
                    restart(p);
                }
            }
        }, 2, 2, TimeUnit.SECONDS);
    }

    public void stopKubelet() throws InterruptedException {
        kubelet.shutdownNow();
        kubelet.awaitTermination(1, TimeUnit.MINUTES);
    }

    private void actuatorLeavesAndJoins() {
        List<ServiceProcess> up = stack.actuators().stream().filter(p -> !down.contains(p.name())).toList();
        if (up.isEmpty()) {
            return;
        }
        ServiceProcess leaving = up.get(random.nextInt(up.size()));
        down.add(leaving.name());
        leaving.stop();
        log.record("nemesis", "actuator-leaves", leaving.name() + " (SIGTERM)");
        restartLater(leaving, 3_000 + random.nextInt(10_000));
    }

    /** Rewrites the decider Lease to name the other decider as holder, renewed now: the holder loses it, two lead at once. */
    private void stealLease() {
        var leases = client.leases().inNamespace("spotwise");
        for (int attempt = 0; attempt < 3; attempt++) {
            var lease = leases.withName("spotwise-decider").get();
            if (lease == null || lease.getSpec().getHolderIdentity() == null) {
                return;
            }
            String holder = lease.getSpec().getHolderIdentity();
            var heir = stack.deciders().stream().filter(d -> !down.contains(d.name()) && !ChaosStack.identity(d).equals(holder)).findFirst();
            if (heir.isEmpty()) {
                return;
            }
            ZonedDateTime now = ZonedDateTime.now();
            lease.getSpec().setHolderIdentity(ChaosStack.identity(heir.get()));
            lease.getSpec().setAcquireTime(now);
            lease.getSpec().setRenewTime(now);
            lease.getSpec().setLeaseTransitions(lease.getSpec().getLeaseTransitions() == null ? 1 : lease.getSpec().getLeaseTransitions() + 1);
            try {
                leases.resource(lease).update();
                log.record("nemesis", "lease-stolen", "spotwise/spotwise-decider from " + holder + " to " + ChaosStack.identity(heir.get()));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    private void restartLater(ServiceProcess p, long delayMillis) {
        try {
            restarts.schedule(() -> restart(p), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException healing) {
            // heal() is starting every process anyway
        }
    }

    private synchronized void restart(ServiceProcess p) {
        try {
            if (!p.isRunning()) {
                p.start();
            }
        } catch (RuntimeException e) {
            log.record("nemesis", "start-failed", p.name() + ": " + e.getMessage());
        }
        down.remove(p.name());
    }

    /** End of the fault phase: pending restarts done now, broker up, every service started again and ready. */
    public void heal() throws InterruptedException {
        restarts.shutdownNow(); // pending restarts are done right below, for every process
        restarts.awaitTermination(2, TimeUnit.MINUTES);
        for (ServiceProcess p : stack.actuators()) {
            stack.proxy(p.name()).disarmAll();
        }
        for (int attempt = 1; !stack.stack().broker().isRunning(); attempt++) {
            try {
                stack.stack().broker().restart();
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
                log.record("nemesis", "broker-start-failed", String.valueOf(e.getMessage()).lines().findFirst().orElse("") + " (heal)");
            }
        }
        for (ServiceProcess p : stack.services().values()) {
            restart(p);
        }
        log.record("nemesis", "heal", "every service running, broker running");
    }
}
