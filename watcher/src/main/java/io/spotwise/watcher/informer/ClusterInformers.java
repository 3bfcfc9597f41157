package io.spotwise.watcher.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.spotwise.common.k8s.NamespaceFilter;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.watcher.WatcherContext;
import io.spotwise.watcher.WatcherMetrics;
import io.spotwise.watcher.publish.StatePublisher;
import io.spotwise.watcher.state.ClusterState;
import io.spotwise.watcher.state.DisruptionTaints;
import io.spotwise.watcher.state.NodeFacts;
import io.spotwise.watcher.state.PodFacts;
import io.spotwise.watcher.state.ReplicaSetFacts;
import io.spotwise.watcher.state.WorkloadFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on Pods, ReplicaSets, Deployments, StatefulSets and Nodes. Their own caches keep only name, namespace and
 * resourceVersion (so a relist still tells changed from unchanged objects); what snapshots need goes, reduced, into
 * {@link ClusterState}. fabric8 relists by itself after 410 Gone; list/watch failures are retried, at start too.
 *
 * <p>fabric8 calls back on its own threads: the facts are extracted there (pure functions of the object), then the
 * update hops onto the watcher's context, which alone touches the cache and the publisher.
 */
public final class ClusterInformers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterInformers.class);

    private final WatcherContext context;
    private final KubernetesClient client;
    private final NamespaceFilter namespaces;
    private final SpotwiseKeys keys;
    private final DisruptionTaints disruptionTaints;
    private final ClusterState state;
    private final StatePublisher publisher;
    private final WatcherMetrics metrics;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private volatile boolean closed;

    public ClusterInformers(WatcherContext context, KubernetesClient client, NamespaceFilter namespaces, SpotwiseKeys keys,
                            DisruptionTaints disruptionTaints, ClusterState state, StatePublisher publisher, WatcherMetrics metrics) {
        this.context = context;
        this.client = client;
        this.namespaces = namespaces;
        this.keys = keys;
        this.disruptionTaints = disruptionTaints;
        this.state = state;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** Starts every informer; completes when all have synced their first list. */
    public CompletableFuture<Void> start() {
        for (String ns : namespaces.scopes()) {
            add("Pod", Pod.class, ns == null ? client.pods().inAnyNamespace() : client.pods().inNamespace(ns),
                    this::putPod, this::deletePod);
            add("ReplicaSet", ReplicaSet.class, ns == null ? client.apps().replicaSets().inAnyNamespace() : client.apps().replicaSets().inNamespace(ns),
                    this::putReplicaSet, rs -> {
                        String key = ns(rs) + "/" + name(rs);
                        return () -> state.removeReplicaSet(key);
                    });
            add("Deployment", Deployment.class, ns == null ? client.apps().deployments().inAnyNamespace() : client.apps().deployments().inNamespace(ns),
                    d -> putWorkload(WorkloadFacts.of(d, keys)), d -> deleteWorkload(WorkloadRef.deployment(ns(d), name(d))));
            add("StatefulSet", StatefulSet.class, ns == null ? client.apps().statefulSets().inAnyNamespace() : client.apps().statefulSets().inNamespace(ns),
                    s -> putWorkload(WorkloadFacts.of(s, keys)), s -> deleteWorkload(WorkloadRef.statefulSet(ns(s), name(s))));
        }
        addNodes();
        return CompletableFuture.allOf(informers.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new));
    }

    public boolean synced() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    private Runnable putPod(Pod pod) {
        PodFacts facts = PodFacts.of(pod, keys);
        return () -> {
            state.putPod(facts);
            publisher.podChanged(facts.key());
        };
    }

    private Runnable deletePod(Pod pod) {
        String key = ns(pod) + "/" + name(pod);
        return () -> {
            state.removePod(key);
            publisher.podChanged(key);
        };
    }

    private Runnable putReplicaSet(ReplicaSet rs) {
        ReplicaSetFacts facts = ReplicaSetFacts.of(rs);
        return () -> state.putReplicaSet(facts).forEach(publisher::podChanged);
    }

    private Runnable putWorkload(WorkloadFacts w) {
        LOG.debug("{} observed (replicas {}, enabled {}, resourceVersion {})", w.ref(), w.replicas(), w.enabled(), w.resourceVersion());
        return () -> {
            state.putWorkload(w);
            publisher.workloadChanged(w.ref().key());
        };
    }

    private Runnable deleteWorkload(WorkloadRef ref) {
        LOG.info("{} deleted", ref);
        return () -> {
            state.removeWorkload(ref.key());
            publisher.workloadChanged(ref.key());
        };
    }

    private void addNodes() {
        SharedIndexInformer<Node> informer = client.nodes().runnableInformer(0);
        informer.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Node.class, client.getKubernetesSerialization()));
        informer.addEventHandler(new InformerHandler<>(context, metrics, "Node", n -> true, n -> {
            NodeFacts facts = NodeFacts.of(n, keys, disruptionTaints);
            return () -> state.putNode(facts).forEach(publisher::podChanged);
        }, n -> {
            String name = name(n);
            return () -> state.removeNode(name).forEach(publisher::podChanged);
        }));
        informer.exceptionHandler(this::retry);
        informers.add(informer);
    }

    private <T extends HasMetadata> void add(String kind, Class<T> type, Informable<T> source, Function<T, Runnable> put, Function<T, Runnable> delete) {
        SharedIndexInformer<T> informer = source.runnableInformer(0);
        informer.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, type, client.getKubernetesSerialization()));
        informer.addEventHandler(new InformerHandler<>(context, metrics, kind, o -> namespaces.accepts(ns(o)), put, delete));
        informer.exceptionHandler((started, error) -> retry(kind, started, error));
        informers.add(informer);
    }

    private boolean retry(boolean started, Throwable error) {
        return retry("Node", started, error);
    }

    private boolean retry(String kind, boolean started, Throwable error) {
        if (closed) {
            return false;
        }
        metrics.informerError(kind);
        LOG.warn("{} informer: list/watch failed ({}); retrying{}", kind, error.toString(), started ? "" : " (not synced yet)");
        return true;
    }

    private static String ns(HasMetadata o) {
        return o.getMetadata().getNamespace();
    }

    private static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }

    @Override
    public void close() {
        closed = true;
        informers.forEach(SharedIndexInformer::close);
    }
}
