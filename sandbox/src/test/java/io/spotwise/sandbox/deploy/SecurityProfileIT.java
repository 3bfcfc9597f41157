package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every Spotwise pod meets the restricted Pod Security profile and runs as a highly available service")
class SecurityProfileIT {

    private static final Map<String, Integer> OPS_PORTS = Map.of("watcher", 8081, "decider", 8082, "actuator", 8083);

    static Stream<Arguments> deployments() {
        return DeployFiles.kustomizations().stream().map(Path::toString)
                .flatMap(dir -> Kustomize.all(Kustomize.objects(dir), Deployment.class).stream()
                        .map(d -> Arguments.of(dir, d.getMetadata().getName(), d)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("deployments")
    @DisplayName("restricted profile: non-root, read-only root, no escalation, RuntimeDefault seccomp, no capabilities")
    void restricted(String dir, String name, Deployment deployment) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        PodSecurityContext podContext = pod.getSecurityContext();

        assertThat(pod.getHostNetwork()).as("hostNetwork").isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostPID()).as("hostPID").isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getHostIPC()).as("hostIPC").isNotEqualTo(Boolean.TRUE);
        assertThat(pod.getVolumes()).as("volumes").noneMatch(v -> v.getHostPath() != null);
        assertThat(podContext.getRunAsNonRoot()).isTrue();
        assertThat(podContext.getRunAsUser()).isPositive();
        assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        for (Container c : concat(pod.getInitContainers(), pod.getContainers())) {
            SecurityContext sc = c.getSecurityContext();
            assertThat(sc).as("securityContext of container %s", c.getName()).isNotNull();
            assertThat(sc.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation of %s", c.getName()).isFalse();
            assertThat(sc.getPrivileged()).as("privileged of %s", c.getName()).isNotEqualTo(Boolean.TRUE);
            assertThat(sc.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem of %s", c.getName()).isTrue();
            assertThat(sc.getRunAsNonRoot()).as("runAsNonRoot of %s", c.getName()).isNotEqualTo(Boolean.FALSE);
            assertThat(sc.getCapabilities().getDrop()).as("dropped capabilities of %s", c.getName()).containsExactly("ALL");
            assertThat(sc.getCapabilities().getAdd()).as("added capabilities of %s", c.getName()).isNullOrEmpty();
            assertThat(sc.getSeccompProfile() == null ? "RuntimeDefault" : sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(c.getVolumeMounts()).as("a writable /tmp for %s", c.getName())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        }
        Volume tmp = pod.getVolumes().stream().filter(v -> v.getName().equals("tmp")).findFirst().orElseThrow();
        assertThat(tmp.getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("deployments")
    @DisplayName("two replicas, probes on /healthz and /readyz of the ops port, requests and limits, instance name from the Downward API")
    void operable(String dir, String name, Deployment deployment) {
        String service = name.substring("spotwise-".length());
        Container c = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("ops");
            assertThat(p.getContainerPort()).isEqualTo(OPS_PORTS.get(service));
        });
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("ops");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("ops");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        Map<String, String> fieldRefs = c.getEnv().stream().filter(e -> e.getValueFrom() != null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getFieldRef().getFieldPath()));
        assertThat(fieldRefs).containsEntry("SPOTWISE_INSTANCE", "metadata.name").containsEntry("SPOTWISE_NAMESPACE", "metadata.namespace");
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SPOTWISE_OPS_PORT");
            assertThat(e.getValue()).isEqualTo(String.valueOf(OPS_PORTS.get(service)));
        });
        assertThat(c.getEnvFrom()).anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("spotwise-config"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("deployments")
    @DisplayName("a PodDisruptionBudget keeps one replica through voluntary disruptions")
    void disruptionBudget(String dir, String name, Deployment deployment) {
        List<HasMetadata> objects = Kustomize.objects(dir);
        PodDisruptionBudget pdb = Kustomize.find(objects, PodDisruptionBudget.class, name);

        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    }

    private static List<Container> concat(List<Container> a, List<Container> b) {
        return Stream.concat(a == null ? Stream.empty() : a.stream(), b.stream()).toList();
    }
}
