package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.decider.policy.placement.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Placement from webhook threads, without the state's context: atomic per owner")
class ConcurrentPlacementTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 50;
    private final ExecutorService webhookThreads = Executors.newFixedThreadPool(THREADS);
    private final ExecutorService stateThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        webhookThreads.shutdownNow();
        stateThread.shutdownNow();
    }

    /** Deployment(shop/web) at 60 %, min 2, with its first 5 pods running (3 spot, 2 on-demand). */
    private static Sim scaledTo5() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 5, Sim.config(60, 2));
        sim.reconcile(web);
        return sim;
    }

    private static List<Placement.Capacity> sequential(int n) {
        Sim sim = scaledTo5();
        Sim.Workload web = sim.workloads.get(0);
        return IntStream.range(0, n).mapToObj(i -> sim.placement.place(sim.state, PlacementPolicyTest.request(web), sim.now).capacity()).toList();
    }

    @Test
    @DisplayName("400 parallel admissions of one workload give exactly the split of 400 admitted one after the other")
    void parallelAdmissionsGiveTheSequentialSplit() throws Exception {
        Sim sim = scaledTo5();
        Sim.Workload web = sim.workloads.get(0);
        List<Placement> placed = placeInParallel(sim, web, null);

        List<Placement.Capacity> expected = sequential(THREADS * PER_THREAD);
        assertThat(placed).extracting(Placement::capacity).containsExactlyInAnyOrderElementsOf(expected);
        // each decision saw one more pod or admission than the one before it: a serial order exists
        assertThat(placed).extracting(p -> p.counts().spot() + p.counts().onDemand())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(5, 5 + THREADS * PER_THREAD).boxed().toList());
        assertThat(sim.state.inFlightAdmissions(web.ref, sim.now)).isEqualTo(THREADS * PER_THREAD);
    }

    @Test
    @DisplayName("while the admitted pods show up on the state's thread, no admission is lost or counted twice")
    void podsShowingUpMeanwhileKeepTheSplit() throws Exception {
        Sim sim = scaledTo5();
        Sim.Workload web = sim.workloads.get(0);
        BlockingQueue<Placement> admitted = new LinkedBlockingQueue<>();
        AtomicInteger seq = new AtomicInteger();
        CompletableFuture<Void> podsAppear = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < THREADS * PER_THREAD; i++) {
                Placement p = take(admitted);
                int n = seq.incrementAndGet();
                sim.state.apply(new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION,
                        new PodRef("shop", web.owner + "-p" + n, String.format("00000000-0000-0000-0001-%012d", n)), web.ref,
                        new OwnerRef("ReplicaSet", web.owner, "uid-" + web.owner), web.revision, p.isSpot(), null, null, null,
                        "Pending", null, null, false, sim.now, false, "1", sim.now));
            }
        }, stateThread);
        List<Placement> placed = placeInParallel(sim, web, admitted);
        podsAppear.get(60, TimeUnit.SECONDS);

        List<Placement.Capacity> expected = sequential(THREADS * PER_THREAD);
        assertThat(placed).extracting(Placement::capacity).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(placed).extracting(p -> p.counts().spot() + p.counts().onDemand())
                .containsExactlyInAnyOrderElementsOf(IntStream.range(5, 5 + THREADS * PER_THREAD).boxed().toList());
        CompletableFuture.runAsync(() -> {
            assertThat(sim.state.inFlightAdmissions(web.ref, sim.now)).isZero();
            assertThat(sim.state.spotPods(web.ref)).isEqualTo(3 + expected.stream().filter(c -> c == Placement.Capacity.SPOT).count());
        }, stateThread).get(60, TimeUnit.SECONDS);
    }

    private List<Placement> placeInParallel(Sim sim, Sim.Workload web, BlockingQueue<Placement> sink) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<List<Placement>>> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            threads.add(CompletableFuture.supplyAsync(() -> {
                await(go);
                List<Placement> mine = new ArrayList<>();
                for (int i = 0; i < PER_THREAD; i++) {
                    Placement p = sim.placement.placeConcurrently(sim.state, PlacementPolicyTest.request(web), sim.now);
                    assertThat(p).as("a known owner is placed without the state's context").isNotNull();
                    mine.add(p);
                    if (sink != null) {
                        sink.add(p);
                    }
                }
                return mine;
            }, webhookThreads));
        }
        go.countDown();
        List<Placement> all = new ArrayList<>();
        for (CompletableFuture<List<Placement>> f : threads) {
            all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        return all;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Placement take(BlockingQueue<Placement> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
