package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes pods bound to a live node Running and Ready once {@code delay} has passed since binding; finishes graceful
 * termination (a pod with a {@code deletionTimestamp} stays, Running, until that time, then is deleted for good);
 * force-deletes pods bound to nodes that no longer exist (what the pod garbage collector does after a node loss).
 */
final class Kubelet {

    private final KubernetesClient client;
    private final Duration delay;
    private final Writes writes;
    private final Map<String, Instant> boundAt = new ConcurrentHashMap<>();

    Kubelet(KubernetesClient client, Duration delay, Writes writes) {
        this.client = client;
        this.delay = delay;
        this.writes = writes;
    }

    void bound(String podUid) {
        boundAt.put(podUid, Instant.now());
    }

    /** @return when the next pod becomes due, if one is waiting */
    Optional<Instant> reconcile(ClusterState state, Dirty dirty, Instant now) {
        for (String node : dirty.lostNodes) {
            for (Pod pod : state.podsOnNode(node)) {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withGracePeriod(0).delete();
            }
        }
        Instant next = null;
        for (String uid : List.copyOf(state.kubeletWork)) {
            Pod pod = state.pods.get(uid);
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            if (!state.nodes.containsKey(pod.getSpec().getNodeName())) {
                client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
                continue;
            }
            String deletion = pod.getMetadata().getDeletionTimestamp();
            if (deletion != null) {
                Instant due = Instant.parse(deletion);
                if (!now.isBefore(due)) {
                    // containers stopped: the kubelet's final delete removes the pod
                    client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
                    boundAt.remove(pod.getMetadata().getUid());
                } else if (next == null || due.isBefore(next)) {
                    next = due;
                }
                continue;
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (!ClusterState.isActive(pod) || "Running".equals(phase)) {
                continue;
            }
            Instant due = boundAt.computeIfAbsent(pod.getMetadata().getUid(), k -> now).plus(delay);
            if (!now.isBefore(due)) {
                writes.submit(() -> start(pod, now));
                boundAt.remove(pod.getMetadata().getUid());
            } else if (next == null || due.isBefore(next)) {
                next = due;
            }
        }
        writes.await();
        return Optional.ofNullable(next);
    }

    /** One status merge patch: Running and Ready with every condition, container status and the IPs. */
    private void start(Pod pod, Instant now) {
        String ts = now.toString();
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        List<PodCondition> conditions = new ArrayList<>();
        for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady")) {
            conditions.add(new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(ts)
                    .build());
        }
        conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime(ts).build());
        List<ContainerStatus> containers = pod.getSpec().getContainers().stream().map(c -> new ContainerStatusBuilder()
                .withName(c.getName()).withImage(c.getImage()).withImageID(String.valueOf(c.getImage()))
                .withReady(true).withStarted(true).withRestartCount(0)
                .withContainerID("sim://" + pod.getMetadata().getUid() + "/" + c.getName())
                .withNewState().withNewRunning().withStartedAt(ts).endRunning().endState().build()).toList();
        PodStatus status = new PodStatusBuilder().withPhase("Running").withConditions(conditions)
                .withContainerStatuses(containers).withHostIP("10.0.0.1")
                .withPodIP("10.1." + (Math.abs(name.hashCode()) % 250) + "." + (Math.abs(ns.hashCode()) % 250))
                .withStartTime(ts).withQosClass("BestEffort").build();
        client.pods().inNamespace(ns).withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":" + Serialization.asJson(status) + "}");
    }
}
