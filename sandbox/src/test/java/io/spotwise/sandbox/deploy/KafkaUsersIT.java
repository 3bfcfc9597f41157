package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.spotwise.common.kafka.KafkaAccess;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Strimzi KafkaUsers the production overlay ships grant exactly what {@link KafkaAccess} defines (the set the
 * secured test broker and the end-to-end tests run with), and each Deployment logs in as its own user.
 */
@DisplayName("The shipped KafkaUsers match the ACLs the tests prove, and each service uses its own")
class KafkaUsersIT {

    private static final List<HasMetadata> PRODUCTION = Kustomize.objects("overlays/production");

    @Test
    @DisplayName("one KafkaUser per service, SCRAM-SHA-512, with exactly KafkaAccess's ACLs")
    void aclsMatch() {
        Map<String, GenericKubernetesResource> users = PRODUCTION.stream()
                .filter(o -> o instanceof GenericKubernetesResource g && "KafkaUser".equals(g.getKind()))
                .map(o -> (GenericKubernetesResource) o)
                .collect(Collectors.toMap(u -> u.getMetadata().getName(), u -> u));

        assertThat(users.keySet()).containsExactlyInAnyOrder(KafkaAccess.WATCHER, KafkaAccess.DECIDER, KafkaAccess.ACTUATOR);
        for (KafkaAccess.ServiceAccess access : KafkaAccess.all()) {
            GenericKubernetesResource user = users.get(access.user());
            assertThat((String) user.get("spec", "authentication", "type")).isEqualTo("scram-sha-512");
            assertThat((String) user.get("spec", "authorization", "type")).isEqualTo("simple");
            assertThat(shipped(user)).as("ACLs of KafkaUser %s", access.user()).isEqualTo(defined(access));
        }
    }

    @Test
    @DisplayName("each Deployment authenticates as its own user, with the password and CA mounted from Secrets")
    void deploymentsUseTheirOwnUser() {
        for (String service : DeclaredKeys.SERVICES) {
            Deployment d = Kustomize.find(PRODUCTION, Deployment.class, "spotwise-" + service);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> env = c.getEnv().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
            assertThat(env).containsEntry("SPOTWISE_KAFKA_SASL_USERNAME", "spotwise-" + service)
                    .containsEntry("SPOTWISE_KAFKA_SASL_PASSWORD_FILE", "/etc/spotwise/kafka-user/password");
            assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo("kafka-user");
                assertThat(v.getSecret().getSecretName()).isEqualTo("spotwise-" + service);
            });
            assertThat(c.getEnv()).noneMatch(e -> e.getName().contains("PASSWORD") && e.getValue() != null && !e.getValue().startsWith("/"));
        }
    }

    private static Set<String> shipped(GenericKubernetesResource user) {
        Set<String> out = new TreeSet<>();
        List<Map<String, Object>> acls = user.get("spec", "authorization", "acls");
        for (Map<String, Object> acl : acls) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) acl.get("resource");
            @SuppressWarnings("unchecked")
            List<String> ops = (List<String>) acl.get("operations");
            assertThat(acl.get("host")).isEqualTo("*");
            ops.forEach(op -> out.add(r.get("type") + " " + r.get("name") + " " + r.get("patternType") + " " + op));
        }
        return out;
    }

    private static Set<String> defined(KafkaAccess.ServiceAccess access) {
        Set<String> out = new TreeSet<>();
        for (KafkaAccess.Grant g : access.grants()) {
            String type = switch (g.resource()) {
                case TOPIC -> "topic";
                case GROUP -> "group";
                case TRANSACTIONAL_ID -> "transactionalId";
                case CLUSTER -> "cluster";
                default -> throw new AssertionError("no Strimzi resource type for " + g.resource());
            };
            String pattern = g.pattern() == PatternType.PREFIXED ? "prefix" : "literal";
            for (AclOperation op : g.operations()) {
                out.add(type + " " + g.name() + " " + pattern + " " + strimzi(op));
            }
        }
        return out;
    }

    /** DESCRIBE_CONFIGS → DescribeConfigs. */
    private static String strimzi(AclOperation op) {
        StringBuilder sb = new StringBuilder();
        for (String word : op.name().split("_")) {
            sb.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
