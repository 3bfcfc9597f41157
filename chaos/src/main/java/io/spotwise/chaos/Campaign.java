package io.spotwise.chaos;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.common.k8s.KubernetesClients;
import io.spotwise.contract.topic.Topics;
import io.spotwise.sandbox.ClusterView;
import io.spotwise.sandbox.ServiceProcess;
import io.spotwise.sandbox.WorkloadRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole campaign: start the stack (two deciders, one with a skewed clock; two actuators behind their proxies), run
 * the workload generator and the nemesis for the fault phase, heal, let the stack converge, then check.
 */
public final class Campaign {

    private static final Logger LOG = LoggerFactory.getLogger(Campaign.class);
    static final String NAMESPACE = "chaos";

    private final CampaignSettings settings;

    public Campaign(CampaignSettings settings) {
        this.settings = settings;
    }

    public CampaignResult run() throws InterruptedException {
        Instant started = Instant.now();
        try (ChaosStack stack = ChaosStack.start(settings.home(), settings.deciderClockSkew());
             KubernetesClient client = KubernetesClients.create("sim-chaos", 0,
                     new ConfigBuilder(Config.empty()).withMasterUrl(stack.stack().sim().masterUrl()).withNamespace(NAMESPACE).build());
             PodTimeline timeline = new PodTimeline(client, NAMESPACE)) {
            FaultLog log = new FaultLog();
            Workloads workloads = new Workloads(client, NAMESPACE);
            WorkloadGenerator generator = new WorkloadGenerator(client, stack.stack().sim(), workloads, log, settings.seed());
            Nemesis nemesis = new Nemesis(stack, client, generator, log, settings.seed() * 31 + 7);
            generator.createWorkloads();
            nemesis.startKubelet();
            faultPhase(generator, nemesis);
            nemesis.heal();
            generator.settle();
            ready(stack); // first let everything come back; readiness is judged after convergence
            List<Violation> live = new ArrayList<>(converged(client));
            live.addAll(ready(stack));
            nemesis.stopKubelet();
            quiesce(stack);
            Evidence evidence = new Evidence(NAMESPACE, stack.stack().sim().requests(),
                    TopicReader.read(stack.stack().kafkaAdminSettings(), Topics.ACTIONS, true),
                    TopicReader.read(stack.stack().kafkaAdminSettings(), Topics.ACTIONS, false),
                    TopicReader.read(stack.stack().kafkaAdminSettings(), Topics.OUTCOMES, true),
                    client.v1().events().inNamespace(NAMESPACE).list().getItems(), timeline, workloads.budgets());
            Checker checker = new Checker(evidence);
            List<Violation> violations = new ArrayList<>(checker.check());
            violations.addAll(live);
            return new CampaignResult(settings, started, Instant.now(), log, checker, evidence, violations);
        }
    }

    private void faultPhase(WorkloadGenerator generator, Nemesis nemesis) throws InterruptedException {
        Instant end = Instant.now().plus(settings.faults());
        ScheduledExecutorService pace = Executors.newScheduledThreadPool(2);
        try {
            pace.scheduleWithFixedDelay(() -> guarded("workload step", generator::step), 1500, 1500, TimeUnit.MILLISECONDS);
            Random gaps = new Random(settings.seed() * 17 + 3);
            CompletableFuture<Void> nemesisDone = new CompletableFuture<>();
            scheduleStrike(pace, nemesis, gaps, end, nemesisDone);
            Awaitility.await().atMost(settings.faults().plus(Nemesis.WINDOW_WAIT).plusMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Instant.now().isAfter(end) && nemesisDone.isDone() && !nemesis.windowsPending());
        } finally {
            pace.shutdownNow();
            pace.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private void scheduleStrike(ScheduledExecutorService pace, Nemesis nemesis, Random gaps, Instant end, CompletableFuture<Void> done) {
        if (Instant.now().isAfter(end)) {
            done.complete(null);
            return;
        }
        pace.schedule(() -> {
            guarded("nemesis strike", nemesis::strike);
            scheduleStrike(pace, nemesis, gaps, end, done);
        }, 2_000 + gaps.nextInt(5_000), TimeUnit.MILLISECONDS);
    }

    private static void guarded(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("Campaign {} failed (the campaign goes on): {}", what, e.toString());
        }
    }

    /**
     * Every service alive and ready within 120 s. A process that exits meanwhile is started again by the kubelet
     * ({@link Nemesis#startKubelet()}), as in a cluster; one that does not get ready in time is a violation.
     */
    private static List<Violation> ready(ChaosStack stack) throws InterruptedException {
        List<Violation> found = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(120);
        for (ServiceProcess p : stack.services().values()) {
            while (!(p.isRunning() && p.probe("/readyz") == 200) && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
            }
            if (!p.isRunning()) {
                found.add(new Violation(Guarantee.SERVICES_READY, null, null, p.name() + " not running 120 s after the heal (exit code "
                        + p.exitStatus() + ")"));
            } else if (p.probe("/readyz") != 200) {
                found.add(new Violation(Guarantee.SERVICES_READY, null, null, p.name() + " not ready 120 s after the heal"));
            } else {
                int live = p.probe("/healthz");
                if (live != 200 && live != 404) {
                    found.add(new Violation(Guarantee.SERVICES_READY, null, null, p.name() + " is ready but /healthz answers " + live));
                }
            }
        }
        return found;
    }

    /**
     * Before the evidence is read: the deciders are stopped (SIGTERM), so no action is written while the topics are
     * read (a topic read live showed actions committed between the committed and the uncommitted read as aborted),
     * and the actuators get up to 90 s to answer the actions already written.
     */
    private static void quiesce(ChaosStack stack) {
        stack.deciders().forEach(ServiceProcess::stop);
        Map<String, Object> admin = stack.stack().kafkaAdminSettings();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().until(() -> {
                Set<String> answered = ActionRecords.outcomes(TopicReader.read(admin, Topics.OUTCOMES, true)).stream()
                        .filter(ActionRecords.OutcomeView::terminal).map(ActionRecords.OutcomeView::actionId).collect(Collectors.toSet());
                return ActionRecords.actions(TopicReader.read(admin, Topics.ACTIONS, true)).stream()
                        .allMatch(a -> answered.contains(a.id()));
            });
        } catch (ConditionTimeoutException e) {
            LOG.warn("Some actions still have no terminal outcome 90 s after the deciders stopped; the checker reports them");
        }
    }

    private List<Violation> converged(KubernetesClient client) {
        ClusterView view = new ClusterView(client, WorkloadGenerator.KEYS, 100, 0);
        try {
            Awaitility.await().atMost(settings.settle()).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> unbalanced(view).isEmpty());
            return List.of();
        } catch (ConditionTimeoutException e) {
            return unbalanced(view).stream().map(r -> new Violation(Guarantee.CONVERGENCE, r.workload(), null, "after " + settings.settle().toSeconds()
                    + " s without faults: spot/on-demand " + r.spot() + "/" + r.onDemand() + ", wanted " + r.desiredSpot() + "/" + r.desiredOnDemand()
                    + ", pending " + r.pending() + ", state " + r.state())).toList();
        }
    }

    private static List<WorkloadRow> unbalanced(ClusterView view) {
        return view.rows(NAMESPACE, Instant.now()).stream().filter(r -> !r.state().equals("not managed") && !r.balanced()).toList();
    }
}
