package io.spotwise.sim;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.spotwise.sim.admission.WebhookAdmission;
import io.spotwise.sim.admission.WebhookTarget;
import io.spotwise.sim.api.ConcurrentPodCreates;
import io.spotwise.sim.api.ObjectStore;
import io.spotwise.sim.api.RecordedApiRequest;
import io.spotwise.sim.api.RequestLog;
import io.spotwise.sim.api.SimDispatcher;
import io.spotwise.sim.api.tables.Tables;
import io.spotwise.sim.api.watch.HttpWatchStreams;
import io.spotwise.sim.api.watch.StreamingMockWebServer;
import io.spotwise.sim.api.watch.WatchHub;
import io.spotwise.sim.control.ControlPlane;
import io.spotwise.sim.nodes.NodePools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated Kubernetes cluster in this JVM: fabric8's mock API server extended by the sim (eviction with
 * PodDisruptionBudgets, merge patch, selectors, discovery for kubectl, admission webhooks) plus a control plane
 * (Deployment/ReplicaSet/StatefulSet controllers, scheduler, kubelet, garbage collector) and node pools.
 */
public final class SimulatedCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedCluster.class);

    static {
        MockServerLog.quiet();
    }

    private final SimOptions options;
    private final KubernetesMockServer server;
    private final RequestLog log;
    private final WebhookAdmission admission;
    private final NamespacedKubernetesClient internal;
    private final NodePools pools;
    private final ControlPlane controlPlane;
    private final SimDispatcher dispatcher;
    private final WatchHub watches;
    private final ConcurrentPodCreates podCreates;
    /** Pod CREATEs admitted at the same time (each may wait for webhooks), off the API server's event loop. */
    public static final int ADMISSION_CONCURRENCY = 16;

    private SimulatedCluster(SimOptions options) throws IOException {
        this.options = options;
        this.watches = new WatchHub(options.api().watchWindow(), options.api().bookmarkInterval(),
                new Tables(Clock.systemUTC()), Clock.systemUTC());
        ObjectStore store = new ObjectStore(watches);
        this.log = new RequestLog(200_000);
        this.admission = new WebhookAdmission(store, fixedWebhooks(options));
        this.dispatcher = new SimDispatcher(store, log, admission, options.api().podGracePeriod());
        StreamingMockWebServer web = new StreamingMockWebServer();
        HttpWatchStreams streams = new HttpWatchStreams(watches, (request, code) -> dispatcher.record(
                request.method().name(), request.uri(), request.getHeader("User-Agent"), code));
        this.podCreates = new ConcurrentPodCreates(dispatcher, ADMISSION_CONCURRENCY);
        web.intercept(request -> streams.handle(request) || podCreates.handle(request));
        this.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), web,
                new HashMap<>(), dispatcher, options.https());
        server.init(InetAddress.getByName("127.0.0.1"), options.port());
        dispatcher.serverAddress("127.0.0.1:" + server.getPort());
        this.internal = server.createClient(b -> b.editOrNewConfig()
                .withUserAgent(RequestLog.INTERNAL_AGENT_PREFIX + "/control-plane")
                .withRequestRetryBackoffLimit(0).withNamespace("default").endConfig());
        this.pools = new NodePools(internal, options.keys(), options.podsPerNode(), options.spotNodes(),
                options.interruptionNotice());
        this.controlPlane = new ControlPlane(internal, watches, options.kubeletDelay(), options.resync());
        dispatcher.controlEndpoints(new ScenarioEndpoints(this));
    }

    /** Starts a simulated cluster with its node pools and control plane running. */
    public static SimulatedCluster start(SimOptions options) {
        try {
            SimulatedCluster sim = new SimulatedCluster(options);
            sim.internal.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                    .withName("default").endMetadata().build()).create();
            sim.pools.addNodes(NodePools.Pool.ON_DEMAND, options.onDemandNodes());
            sim.pools.addNodes(NodePools.Pool.SPOT, options.spotNodes());
            sim.controlPlane.start();
            LOG.info("Simulated cluster at {} ({} on-demand + {} spot nodes, {} pods per node)", sim.masterUrl(),
                    options.onDemandNodes(), options.spotNodes(), options.podsPerNode());
            return sim;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulated cluster", e);
        }
    }

    public static SimulatedCluster start() {
        return start(SimOptions.defaults());
    }

    private static List<WebhookTarget> fixedWebhooks(SimOptions o) throws IOException {
        if (o.webhookUrl() == null) {
            return List.of();
        }
        String ca = o.webhookCaFile() == null ? null : Files.readString(o.webhookCaFile());
        JsonObject excluded = new JsonObject().put("matchExpressions", new JsonArray().add(new JsonObject()
                .put("key", "kubernetes.io/metadata.name").put("operator", "NotIn")
                .put("values", new JsonArray(o.webhookExcludedNamespaces()))));
        return List.of(new WebhookTarget("sim-option-webhook", URI.create(o.webhookUrl()), ca, ca == null,
                o.webhookTimeout(), true, excluded, null));
    }

    public SimOptions options() {
        return options;
    }

    /** A client of this cluster (default namespace "default"); the caller closes it. */
    public NamespacedKubernetesClient client() {
        return server.createClient(b -> b.editOrNewConfig().withNamespace("default").withRequestRetryBackoffLimit(0)
                .endConfig());
    }

    /** A client whose User-Agent is {@code spotwise-<service>/test}, as a Spotwise service would send. */
    public NamespacedKubernetesClient client(String service) {
        return server.createClient(b -> b.editOrNewConfig().withNamespace("default").withRequestRetryBackoffLimit(0)
                .withUserAgent("spotwise-" + service + "/test").endConfig());
    }

    public String masterUrl() {
        return (options.https() ? "https" : "http") + "://127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** Writes a kubeconfig for kubectl and other processes (TLS verification skipped for https): {@link Kubeconfig}. */
    public Path writeKubeconfig(Path path) {
        return Kubeconfig.write(path, "spotwise-sim", masterUrl());
    }

    /** Every request received so far (the sim's own control plane excluded), oldest first. */
    public List<RecordedApiRequest> requests() {
        return log.all();
    }

    public RequestLog requestLog() {
        return log;
    }

    /** How many admission webhook calls the API server made. */
    public long webhookCalls() {
        return admission.calls();
    }

    /** How many pods a failed admission webhook call let through unchanged ({@code failurePolicy: Ignore}). */
    public long webhookAdmittedUnchanged() {
        return admission.admittedUnchanged();
    }

    /** The API server's watch machinery, e.g. to compact its history in a test. */
    public WatchHub watches() {
        return watches;
    }

    public NodePools nodePools() {
        return pools;
    }

    public List<String> spotOutage() {
        List<String> nodes = pools.nodeNames(NodePools.Pool.SPOT);
        pools.spotOutage();
        controlPlane.wake();
        return nodes;
    }

    public List<String> restoreSpot() {
        List<String> added = pools.restoreSpot();
        controlPlane.wake();
        return added;
    }

    public void interruptSpotNode(String nodeName) {
        try {
            pools.interrupt(nodeName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        controlPlane.wake();
    }

    public List<String> addNodes(NodePools.Pool pool, int count) {
        List<String> added = pools.addNodes(pool, count);
        controlPlane.wake();
        return added;
    }

    @Override
    public void close() {
        controlPlane.close();
        internal.close();
        watches.close();
        server.destroy();
        podCreates.close();
    }
}
