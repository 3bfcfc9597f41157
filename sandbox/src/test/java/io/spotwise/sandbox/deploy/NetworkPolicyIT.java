package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("NetworkPolicies deny by default and open only what each service needs")
class NetworkPolicyIT {

    private final List<HasMetadata> objects = Kustomize.objects("base");

    @Test
    @DisplayName("default deny: every pod of the namespace, ingress and egress")
    void defaultDeny() {
        NetworkPolicy deny = Kustomize.find(objects, NetworkPolicy.class, "default-deny-all");

        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }

    @ParameterizedTest(name = "{0}: ingress {1}, egress {2}")
    @CsvSource({
            "watcher,  8081,      443 6443 9092 9093",
            "decider,  8443 8082, 443 6443 9092 9093",
            "actuator, 8083,      443 6443 9092 9093",
    })
    @DisplayName("per service: ingress only on its ops (and webhook) port, egress only to the API server and Kafka")
    void perService(String service, String ingress, String egress) {
        NetworkPolicy policy = Kustomize.find(objects, NetworkPolicy.class, "spotwise-" + service);

        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "spotwise-" + service);
        assertThat(ports(policy.getSpec().getIngress().stream().map(r -> r.getPorts()).toList()))
                .isEqualTo(Set.of(ingress.split(" ")));
        assertThat(ports(policy.getSpec().getEgress().stream().map(r -> r.getPorts()).toList()))
                .isEqualTo(Set.of(egress.split(" ")));
        assertThat(policy.getSpec().getIngress()).allSatisfy(r -> assertThat(r.getPorts()).as("an ingress rule without ports opens all").isNotEmpty());
        assertThat(policy.getSpec().getEgress()).allSatisfy(r -> assertThat(r.getPorts()).as("an egress rule without ports opens all").isNotEmpty());
    }

    @Test
    @DisplayName("DNS: every Spotwise pod may query the cluster DNS on port 53 and nothing else through that policy")
    void dns() {
        NetworkPolicy dns = Kustomize.find(objects, NetworkPolicy.class, "spotwise-dns-egress");

        assertThat(dns.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(ports(dns.getSpec().getEgress().stream().map(r -> r.getPorts()).toList())).containsExactly("53");
    }

    @ParameterizedTest(name = "{0}: ops port {1} only from the monitoring namespace")
    @CsvSource({"watcher, 8081", "decider, 8082", "actuator, 8083"})
    @DisplayName("the ops ports (health, metrics) admit only the monitoring namespace")
    void opsPortsFromMonitoringOnly(String service, int port) {
        NetworkPolicy policy = Kustomize.find(objects, NetworkPolicy.class, "spotwise-" + service);
        List<NetworkPolicyIngressRule> ops = policy.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port)).toList();

        assertThat(ops).singleElement().satisfies(r -> assertThat(r.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getIpBlock()).isNull();
            assertThat(peer.getPodSelector()).isNull();
            assertThat(peer.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
        }));
    }

    @Test
    @DisplayName("the webhook port: any source in the base (a NetworkPolicy cannot name the API server), the API server's CIDR in production, the kube-apiserver entity with Cilium")
    void webhookFromApiServer() {
        assertThat(webhookSources(objects)).containsExactly("0.0.0.0/0");
        assertThat(webhookSources(Kustomize.objects("overlays/production"))).containsExactly("10.0.0.0/28");

        List<HasMetadata> cilium = Kustomize.objects("overlays/cilium");
        assertThat(webhookSources(cilium)).as("the generic policy no longer opens 8443").isEmpty();
        GenericKubernetesResource cnp = (GenericKubernetesResource) cilium.stream()
                .filter(o -> o.getKind().equals("CiliumNetworkPolicy")).findFirst().orElseThrow();
        List<Map<String, Object>> ingress = cnp.get("spec", "ingress");
        assertThat(ingress).singleElement().satisfies(rule -> {
            assertThat(rule.get("fromEntities")).isEqualTo(List.of("kube-apiserver"));
            assertThat(rule.toString()).contains("port=8443");
        });
    }

    /** The sources the decider's NetworkPolicy admits on 8443. */
    private static List<String> webhookSources(List<HasMetadata> objects) {
        NetworkPolicy decider = Kustomize.find(objects, NetworkPolicy.class, "spotwise-decider");
        return decider.getSpec().getIngress().stream()
                .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 8443))
                .flatMap(r -> r.getFrom().stream()).map(peer -> peer.getIpBlock().getCidr()).toList();
    }

    private static Set<String> ports(Collection<List<NetworkPolicyPort>> rules) {
        return rules.stream().flatMap(List::stream).map(p -> p.getPort().getIntVal().toString()).collect(Collectors.toSet());
    }
}
