package io.spotwise.common.kafka;

import io.spotwise.contract.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on Kafka, defined once: each service's principal and the least-privilege ACLs it needs. The secured
 * test broker and the sandbox apply exactly these ({@link #bindings}); the Strimzi {@code KafkaUser}s in
 * {@code k8s/components/strimzi-users} are checked against them by a test.
 *
 * <p>Topics are created by an operator (or Strimzi's topic operator), not by the services: no principal has CREATE.
 * Every service still checks the topics at start ({@code TopicBootstrap}), which needs DESCRIBE and DESCRIBE_CONFIGS.
 * READ and WRITE imply DESCRIBE. Since Kafka 3.0 an idempotent producer needs only WRITE on its topics (KIP-679), so
 * no principal has the cluster-wide IDEMPOTENT_WRITE.
 */
public final class KafkaAccess {

    public static final String WATCHER = "spotwise-watcher";
    public static final String DECIDER = "spotwise-decider";
    public static final String ACTUATOR = "spotwise-actuator";
    /** The actuator's consumer group (SPOTWISE_ACTUATOR_GROUP_ID's default). */
    public static final String ACTUATOR_GROUP = "spotwise-actuator";

    /** One ACL rule: allow {@code operations} on a resource, by literal name or by name prefix. */
    public record Grant(ResourceType resource, String name, PatternType pattern, List<AclOperation> operations) {
    }

    /** A service's principal ({@code User:<name>}) and everything it is allowed. */
    public record ServiceAccess(String user, List<Grant> grants) {
        public String principal() {
            return "User:" + user;
        }
    }

    private KafkaAccess() {
    }

    public static List<ServiceAccess> all() {
        return List.of(watcher(), decider(), actuator());
    }

    /** Writes the state topics, and reads them back for its start-up sweep; transactional id {@code spotwise-watcher}. */
    public static ServiceAccess watcher() {
        List<Grant> g = startUpCheck();
        g.add(topic(Topics.WORKLOADS, AclOperation.READ, AclOperation.WRITE));
        g.add(topic(Topics.PODS, AclOperation.READ, AclOperation.WRITE));
        g.add(transactionalIds(WATCHER));
        return new ServiceAccess(WATCHER, List.copyOf(g));
    }

    /** Reads state, actions and outcomes (history) and its own dead letters back (written once); writes actions, dead letters and its admission decisions; transactional id {@code spotwise-decider}. */
    public static ServiceAccess decider() {
        List<Grant> g = startUpCheck();
        g.add(topic(Topics.WORKLOADS, AclOperation.READ));
        g.add(topic(Topics.PODS, AclOperation.READ));
        g.add(topic(Topics.ACTIONS, AclOperation.READ, AclOperation.WRITE));
        g.add(topic(Topics.OUTCOMES, AclOperation.READ));
        g.add(topic(Topics.DEAD_LETTER, AclOperation.READ, AclOperation.WRITE));
        g.add(topic(Topics.DECISIONS, AclOperation.WRITE));
        g.add(transactionalIds(DECIDER));
        return new ServiceAccess(DECIDER, List.copyOf(g));
    }

    /** Reads actions (group {@code spotwise-actuator}) and outcomes; writes outcomes and dead letters; ids {@code spotwise-actuator-*}. */
    public static ServiceAccess actuator() {
        List<Grant> g = startUpCheck();
        g.add(topic(Topics.ACTIONS, AclOperation.READ));
        g.add(topic(Topics.OUTCOMES, AclOperation.READ, AclOperation.WRITE));
        g.add(topic(Topics.DEAD_LETTER, AclOperation.WRITE));
        g.add(new Grant(ResourceType.GROUP, ACTUATOR_GROUP, PatternType.LITERAL, List.of(AclOperation.READ)));
        g.add(transactionalIds(ACTUATOR + "-"));
        return new ServiceAccess(ACTUATOR, List.copyOf(g));
    }

    /** The Kafka ACL bindings of one service, as {@code Admin.createAcls} takes them. */
    public static List<AclBinding> bindings(ServiceAccess access) {
        List<AclBinding> out = new ArrayList<>();
        for (Grant g : access.grants()) {
            for (AclOperation op : g.operations()) {
                out.add(new AclBinding(new ResourcePattern(g.resource(), g.name(), g.pattern()),
                        new AccessControlEntry(access.principal(), "*", op, AclPermissionType.ALLOW)));
            }
        }
        return out;
    }

    /** Creates every service's ACLs (idempotent: an existing ACL is left as it is). Needs an admin's client. */
    public static void grantAll(Admin admin, long timeoutMs) throws InterruptedException, ExecutionException, TimeoutException {
        List<AclBinding> all = new ArrayList<>();
        all().forEach(a -> all.addAll(bindings(a)));
        admin.createAcls(all).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private static List<Grant> startUpCheck() {
        List<Grant> g = new ArrayList<>();
        g.add(new Grant(ResourceType.TOPIC, "spotwise.", PatternType.PREFIXED, List.of(AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)));
        return g;
    }

    private static Grant topic(String name, AclOperation... ops) {
        return new Grant(ResourceType.TOPIC, name, PatternType.LITERAL, List.of(ops));
    }

    private static Grant transactionalIds(String prefix) {
        return new Grant(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, List.of(AclOperation.WRITE, AclOperation.DESCRIBE));
    }
}
