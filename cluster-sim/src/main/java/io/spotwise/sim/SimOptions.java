package io.spotwise.sim;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.Config;
import io.spotwise.common.config.ConfigKey;
import io.spotwise.common.k8s.SpotwiseKeys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of a simulated cluster. In-process: {@code SimOptions.defaults().withSpotNodes(2)...}; standalone:
 * {@link #fromEnv(Map)} over the {@code SIM_*} keys below (and {@code SPOTWISE_PREFIX}).
 *
 * @param port              API server port, 0 for a free one
 * @param podsPerNode       per-node pod capacity the scheduler honours
 * @param kubeletDelay      time from binding to Running + Ready
 * @param webhookUrl        a mutating webhook called on every pod CREATE (besides stored configurations), or null
 * @param webhookCaFile     PEM CA bundle the webhook's certificate is checked against; null = skip verification
 * @param interruptionNotice time between tainting an interrupted spot node and removing it
 */
public record SimOptions(int port, boolean https, SpotwiseKeys keys, int onDemandNodes, int spotNodes,
        int podsPerNode, Duration kubeletDelay, String webhookUrl, Path webhookCaFile,
        Duration webhookTimeout, List<String> webhookExcludedNamespaces, Path kubeconfig,
        Duration interruptionNotice, Duration resync, ApiBehaviour api) {

    /**
     * How the API server behaves where a real one has settings.
     *
     * @param watchWindow      how long watch events are kept for resumption (etcd compaction); an older
     *                         {@code resourceVersion} gets {@code 410 Gone}
     * @param bookmarkInterval how often a watch that allows bookmarks gets a BOOKMARK
     * @param podGracePeriod   a pod's {@code terminationGracePeriodSeconds} when its spec sets none (Kubernetes: 30 s;
     *                         the sim: 1 s, so tests with compressed timings stay fast)
     */
    public record ApiBehaviour(Duration watchWindow, Duration bookmarkInterval, Duration podGracePeriod) {
    }

    public static final ConfigKey<Integer> PORT = ConfigKey.integer("SIM_PORT", 0, 0, 65535,
            "API server port; 0 picks a free one");
    public static final ConfigKey<Boolean> HTTPS = ConfigKey.bool("SIM_HTTPS", false,
            "serve HTTPS with a self-signed certificate (kubeconfig skips verification)");
    public static final ConfigKey<Integer> ON_DEMAND_NODES = ConfigKey.integer("SIM_ON_DEMAND_NODES", 3, 0, 1000,
            "on-demand nodes at start");
    public static final ConfigKey<Integer> SPOT_NODES = ConfigKey.integer("SIM_SPOT_NODES", 3, 0, 1000,
            "spot nodes at start (and after a restore)");
    public static final ConfigKey<Integer> PODS_PER_NODE = ConfigKey.integer("SIM_PODS_PER_NODE", 10, 1, 10_000,
            "pod capacity of every node");
    public static final ConfigKey<Duration> KUBELET_DELAY = ConfigKey.duration("SIM_KUBELET_DELAY", "200ms",
            "time from binding a pod to it being Running and Ready");
    public static final ConfigKey<String> WEBHOOK_URL = ConfigKey.string("SIM_WEBHOOK_URL", "",
            "mutating webhook URL called on every pod CREATE; empty for none");
    public static final ConfigKey<String> WEBHOOK_CA_FILE = ConfigKey.string("SIM_WEBHOOK_CA_FILE", "",
            "PEM CA bundle for the webhook; empty skips TLS verification (development only)");
    public static final ConfigKey<Duration> WEBHOOK_TIMEOUT = ConfigKey.duration("SIM_WEBHOOK_TIMEOUT", "2s",
            "webhook call timeout; on timeout the pod is admitted unchanged");
    public static final ConfigKey<List<String>> WEBHOOK_EXCLUDED_NAMESPACES = ConfigKey.list(
            "SIM_WEBHOOK_EXCLUDED_NAMESPACES", "kube-system", "namespaces whose pods skip the SIM_WEBHOOK_URL webhook");
    public static final ConfigKey<String> KUBECONFIG = ConfigKey.nonEmpty("SIM_KUBECONFIG", ".spotwise/kubeconfig",
            "where the standalone sim writes its kubeconfig");
    public static final ConfigKey<Duration> INTERRUPTION_NOTICE = ConfigKey.duration("SIM_INTERRUPTION_NOTICE",
            "500ms", "time between tainting an interrupted spot node and removing it");
    public static final ConfigKey<Duration> WATCH_WINDOW = ConfigKey.duration("SIM_WATCH_WINDOW", "5m",
            "how long watch events are kept for watches resuming from a resourceVersion; older gets 410 Gone");
    public static final ConfigKey<Duration> BOOKMARK_INTERVAL = ConfigKey.duration("SIM_WATCH_BOOKMARK_INTERVAL",
            "1m", "interval of BOOKMARK events on watches that allow them");
    public static final ConfigKey<Duration> POD_GRACE_PERIOD = ConfigKey.duration("SIM_POD_GRACE_PERIOD", "1s",
            "terminationGracePeriodSeconds given to pods whose spec sets none (Kubernetes: 30s; rounded up to seconds)");
    public static final ConfigKey<Duration> RESYNC = ConfigKey.duration("SIM_RESYNC", "1s",
            "interval of the control plane's full reconcile (changes are handled as they come)");

    public static List<ConfigKey<?>> configKeys() {
        return List.of(CommonKeys.PREFIX, PORT, HTTPS, ON_DEMAND_NODES, SPOT_NODES, PODS_PER_NODE, KUBELET_DELAY,
                WEBHOOK_URL, WEBHOOK_CA_FILE, WEBHOOK_TIMEOUT, WEBHOOK_EXCLUDED_NAMESPACES, KUBECONFIG,
                INTERRUPTION_NOTICE, RESYNC, WATCH_WINDOW, BOOKMARK_INTERVAL, POD_GRACE_PERIOD);
    }

    public static SimOptions defaults() {
        return fromEnv(Map.of());
    }

    public static SimOptions fromEnv(Map<String, String> env) {
        Config c = Config.from(env, configKeys());
        return new SimOptions(c.get(PORT), c.get(HTTPS), new SpotwiseKeys(c.get(CommonKeys.PREFIX)),
                c.get(ON_DEMAND_NODES), c.get(SPOT_NODES), c.get(PODS_PER_NODE), c.get(KUBELET_DELAY),
                c.get(WEBHOOK_URL).isEmpty() ? null : c.get(WEBHOOK_URL),
                c.get(WEBHOOK_CA_FILE).isEmpty() ? null : Path.of(c.get(WEBHOOK_CA_FILE)), c.get(WEBHOOK_TIMEOUT),
                c.get(WEBHOOK_EXCLUDED_NAMESPACES), Path.of(c.get(KUBECONFIG)), c.get(INTERRUPTION_NOTICE),
                c.get(RESYNC), new ApiBehaviour(c.get(WATCH_WINDOW), c.get(BOOKMARK_INTERVAL),
                        c.get(POD_GRACE_PERIOD)));
    }

    public SimOptions withPort(int v) {
        return new SimOptions(v, https, keys, onDemandNodes, spotNodes, podsPerNode, kubeletDelay, webhookUrl,
                webhookCaFile, webhookTimeout, webhookExcludedNamespaces, kubeconfig, interruptionNotice, resync, api);
    }

    public SimOptions withHttps(boolean v) {
        return new SimOptions(port, v, keys, onDemandNodes, spotNodes, podsPerNode, kubeletDelay, webhookUrl,
                webhookCaFile, webhookTimeout, webhookExcludedNamespaces, kubeconfig, interruptionNotice, resync, api);
    }

    public SimOptions withPrefix(String prefix) {
        return new SimOptions(port, https, new SpotwiseKeys(prefix), onDemandNodes, spotNodes, podsPerNode,
                kubeletDelay, webhookUrl, webhookCaFile, webhookTimeout, webhookExcludedNamespaces, kubeconfig,
                interruptionNotice, resync, api);
    }

    public SimOptions withNodes(int onDemand, int spot, int podsPerNodeCapacity) {
        return new SimOptions(port, https, keys, onDemand, spot, podsPerNodeCapacity, kubeletDelay, webhookUrl,
                webhookCaFile, webhookTimeout, webhookExcludedNamespaces, kubeconfig, interruptionNotice, resync, api);
    }

    public SimOptions withKubeletDelay(Duration v) {
        return new SimOptions(port, https, keys, onDemandNodes, spotNodes, podsPerNode, v, webhookUrl,
                webhookCaFile, webhookTimeout, webhookExcludedNamespaces, kubeconfig, interruptionNotice, resync, api);
    }

    /** A webhook called on every pod CREATE; {@code caFile} null skips TLS verification (development only). */
    public SimOptions withWebhook(String url, Path caFile, Duration timeout) {
        return new SimOptions(port, https, keys, onDemandNodes, spotNodes, podsPerNode, kubeletDelay, url, caFile,
                timeout, webhookExcludedNamespaces, kubeconfig, interruptionNotice, resync, api);
    }

    public SimOptions withKubeconfig(Path v) {
        return new SimOptions(port, https, keys, onDemandNodes, spotNodes, podsPerNode, kubeletDelay, webhookUrl,
                webhookCaFile, webhookTimeout, webhookExcludedNamespaces, v, interruptionNotice, resync, api);
    }

    public SimOptions withInterruptionNotice(Duration v) {
        return new SimOptions(port, https, keys, onDemandNodes, spotNodes, podsPerNode, kubeletDelay, webhookUrl,
                webhookCaFile, webhookTimeout, webhookExcludedNamespaces, kubeconfig, v, resync, api);
    }

    public SimOptions withWatchWindow(Duration v) {
        return withApi(new ApiBehaviour(v, api.bookmarkInterval(), api.podGracePeriod()));
    }

    public SimOptions withBookmarkInterval(Duration v) {
        return withApi(new ApiBehaviour(api.watchWindow(), v, api.podGracePeriod()));
    }

    /** The grace period of pods whose spec sets none (the e2e tests use a short one). */
    public SimOptions withPodGracePeriod(Duration v) {
        return withApi(new ApiBehaviour(api.watchWindow(), api.bookmarkInterval(), v));
    }

    private SimOptions withApi(ApiBehaviour v) {
        return new SimOptions(port, https, keys, onDemandNodes, spotNodes, podsPerNode, kubeletDelay, webhookUrl,
                webhookCaFile, webhookTimeout, webhookExcludedNamespaces, kubeconfig, interruptionNotice, resync, v);
    }
}
