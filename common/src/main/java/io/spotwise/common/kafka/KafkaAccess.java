package io.spotwise.common.kafka;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.contract.topic.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
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
        return all(Fleet.DEFAULT);
    }

    /** Every service of one cluster of a fleet: its own principals, topics, transactional ids and group (docs/fleet.md). */
    public static List<ServiceAccess> all(Fleet fleet) {
        return List.of(watcher(fleet), decider(fleet), actuator(fleet));
    }

    public static ServiceAccess watcher() {
        return watcher(Fleet.DEFAULT);
    }

    public static ServiceAccess decider() {
        return decider(Fleet.DEFAULT);
    }

    public static ServiceAccess actuator() {
        return actuator(Fleet.DEFAULT);
    }

    /** Writes the state topics, and reads them back for its start-up sweep; transactional id {@code spotwise-watcher}. */
    public static ServiceAccess watcher(Fleet fleet) {
        TopicNames t = fleet.topics();
        List<Grant> g = startUpCheck(t);
        g.add(topic(t.workloads(), AclOperation.READ, AclOperation.WRITE));
        g.add(topic(t.pods(), AclOperation.READ, AclOperation.WRITE));
        g.add(transactionalIds(fleet.kafkaId("watcher")));
        return new ServiceAccess(fleet.kafkaId("watcher"), List.copyOf(g));
    }

    /** Reads state, actions and outcomes (history) and its own dead letters back (written once); writes actions, dead letters and its admission decisions; transactional id {@code spotwise-decider}. */
    public static ServiceAccess decider(Fleet fleet) {
        TopicNames t = fleet.topics();
        List<Grant> g = startUpCheck(t);
        g.add(topic(t.workloads(), AclOperation.READ));
        g.add(topic(t.pods(), AclOperation.READ));
        g.add(topic(t.actions(), AclOperation.READ, AclOperation.WRITE));
        g.add(topic(t.outcomes(), AclOperation.READ));
        g.add(topic(t.deadLetter(), AclOperation.READ, AclOperation.WRITE));
        g.add(topic(t.decisions(), AclOperation.WRITE));
        g.add(transactionalIds(fleet.kafkaId("decider")));
        return new ServiceAccess(fleet.kafkaId("decider"), List.copyOf(g));
    }

    /** Reads actions (group {@code spotwise-actuator}) and outcomes; writes outcomes and dead letters; ids {@code spotwise-actuator-*}. */
    public static ServiceAccess actuator(Fleet fleet) {
        TopicNames t = fleet.topics();
        List<Grant> g = startUpCheck(t);
        g.add(topic(t.actions(), AclOperation.READ));
        g.add(topic(t.outcomes(), AclOperation.READ, AclOperation.WRITE));
        g.add(topic(t.deadLetter(), AclOperation.WRITE));
        g.add(new Grant(ResourceType.GROUP, fleet.kafkaId("actuator"), PatternType.LITERAL, List.of(AclOperation.READ)));
        g.add(transactionalIds(fleet.kafkaId("actuator") + "-"));
        return new ServiceAccess(fleet.kafkaId("actuator"), List.copyOf(g));
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
        grantAll(admin, Fleet.DEFAULT, timeoutMs);
    }

    /** Creates the ACLs of one cluster's services. */
    public static void grantAll(Admin admin, Fleet fleet, long timeoutMs) throws InterruptedException, ExecutionException, TimeoutException {
        List<AclBinding> all = new ArrayList<>();
        all(fleet).forEach(a -> all.addAll(bindings(a)));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        admin.createAcls(all).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        // The controller acknowledges before every broker's authorizer has applied the new bindings: a client that
        // connects at once can still be refused (KafkaAclIT saw TopicAuthorizationException). describeAcls is answered
        // by a broker's authorizer, so wait until it lists every binding.
        while (!admin.describeAcls(AclBindingFilter.ANY).values().get(timeoutMs, TimeUnit.MILLISECONDS).containsAll(all)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the broker does not list the " + all.size() + " ACLs of cluster " + fleet.cluster()
                        + " after " + timeoutMs + " ms");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static List<Grant> startUpCheck(TopicNames topics) {
        List<Grant> g = new ArrayList<>();
        g.add(new Grant(ResourceType.TOPIC, topics.prefix(), PatternType.PREFIXED, List.of(AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)));
        return g;
    }

    private static Grant topic(String name, AclOperation... ops) {
        return new Grant(ResourceType.TOPIC, name, PatternType.LITERAL, List.of(ops));
    }

    private static Grant transactionalIds(String prefix) {
        return new Grant(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, List.of(AclOperation.WRITE, AclOperation.DESCRIBE));
    }
}
