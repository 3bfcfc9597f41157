package io.spotwise.watcher;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.Config;
import io.spotwise.common.config.ConfigException;
import io.spotwise.common.config.ConfigKey;
import io.spotwise.common.config.ServiceConfig;
import io.spotwise.common.k8s.SpotwiseKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every setting of the watcher, declared once (name, type, default, validation), built from an environment map. */
public final class WatcherConfig implements ServiceConfig {

    public static final ConfigKey<Integer> OPS_PORT = CommonKeys.opsPort(8081);
    public static final ConfigKey<List<String>> NAMESPACES_INCLUDE = ConfigKey.list("SPOTWISE_WATCHER_NAMESPACES_INCLUDE", "",
            "namespaces to watch (comma-separated); empty: all namespaces");
    public static final ConfigKey<List<String>> NAMESPACES_EXCLUDE = ConfigKey.list("SPOTWISE_WATCHER_NAMESPACES_EXCLUDE", "",
            "namespaces never published, even when watched");
    public static final ConfigKey<List<String>> DISRUPTION_TAINTS = ConfigKey.list("SPOTWISE_WATCHER_DISRUPTION_TAINTS",
            "karpenter.sh/disrupted,karpenter.sh/disruption,aws-node-termination-handler/*,ToBeDeletedByClusterAutoscaler,"
                    + "node.kubernetes.io/unschedulable,node.kubernetes.io/not-ready,node.kubernetes.io/unreachable,cordoned",
            "node taint keys that mark a node as being disrupted; 'x/*' matches every key under x/, 'cordoned' matches spec.unschedulable");
    public static final ConfigKey<Duration> RESYNC_PERIOD = ConfigKey.duration("SPOTWISE_WATCHER_RESYNC_PERIOD", "10m",
            "period of the full resync: every cached object is published again");
    public static final ConfigKey<Boolean> LEADER_ELECTION = ConfigKey.bool("SPOTWISE_WATCHER_LEADER_ELECTION", true,
            "active/standby through a Lease; false: this replica always publishes");
    public static final ConfigKey<String> LEASE_NAME = ConfigKey.nonEmpty("SPOTWISE_WATCHER_LEASE_NAME", "spotwise-watcher",
            "name of the coordination.k8s.io Lease in SPOTWISE_NAMESPACE");
    public static final ConfigKey<Duration> LEASE_DURATION = ConfigKey.duration("SPOTWISE_WATCHER_LEASE_DURATION", "15s",
            "how long a Lease stays valid without renewal (the longest a takeover waits)");
    public static final ConfigKey<Duration> SEND_RETRY_BACKOFF = ConfigKey.duration("SPOTWISE_WATCHER_SEND_RETRY_BACKOFF", "2s",
            "pause before records whose send failed are sent again (with the latest state)");
    public static final ConfigKey<Duration> SEND_STALL_TIMEOUT = ConfigKey.duration("SPOTWISE_WATCHER_SEND_STALL_TIMEOUT", "15s",
            "not ready when sends are in flight and none was acknowledged for this long");

    private static final List<ConfigKey<?>> OWN = List.of(OPS_PORT, NAMESPACES_INCLUDE, NAMESPACES_EXCLUDE, DISRUPTION_TAINTS,
            RESYNC_PERIOD, LEADER_ELECTION, LEASE_NAME, LEASE_DURATION, SEND_RETRY_BACKOFF, SEND_STALL_TIMEOUT);

    private final Config config;

    private WatcherConfig(Config config) {
        this.config = config;
    }

    /** Throws {@link ConfigException} naming the first bad key. */
    public static WatcherConfig from(Map<String, String> env) {
        List<ConfigKey<?>> keys = new ArrayList<>(CommonKeys.all());
        keys.addAll(OWN);
        WatcherConfig c = new WatcherConfig(Config.from(env, keys));
        Set<String> both = new HashSet<>(c.get(NAMESPACES_INCLUDE));
        both.retainAll(c.get(NAMESPACES_EXCLUDE));
        if (!both.isEmpty()) {
            throw new ConfigException("Invalid configuration: namespaces " + both + " are in both "
                    + NAMESPACES_INCLUDE.name() + " and " + NAMESPACES_EXCLUDE.name());
        }
        return c;
    }

    public static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(CommonKeys.all());
        keys.addAll(OWN);
        return keys;
    }

    @Override
    public Config raw() {
        return config;
    }

    public SpotwiseKeys spotwiseKeys() {
        return new SpotwiseKeys(config.get(CommonKeys.PREFIX));
    }
}
