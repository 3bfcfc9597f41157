package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every manifest under k8s/ is the Kubernetes kind it claims, with no unknown field")
class ManifestsIT {

    static Stream<Path> manifestFiles() {
        // *.rules.yaml / *.rules.test.yaml are Prometheus rule files, not Kubernetes objects: AlertRulesIT checks them
        return DeployFiles.k8sYamlFiles().stream().filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                .filter(p -> !p.getFileName().toString().matches(".*\\.rules(\\.test)?\\.yaml"));
    }

    @ParameterizedTest(name = "k8s/{0}")
    @MethodSource("manifestFiles")
    @DisplayName("parses into fabric8's typed model")
    void parsesAsItsKind(Path file) {
        List<HasMetadata> objects = Manifests.parse(DeployFiles.read(DeployFiles.k8s().resolve(file)), "k8s/" + file);

        assertThat(objects).as("objects in k8s/%s", file).isNotEmpty()
                .allSatisfy(o -> assertThat(o.getMetadata().getName()).as("metadata.name of a %s in k8s/%s", o.getKind(), file).isNotBlank());
    }

    @Test
    @DisplayName("there are manifests to check (the walk found k8s/)")
    void findsTheManifests() {
        assertThat(manifestFiles().map(Path::toString))
                .contains("base/decider/webhook.yaml", "base/network-policies.yaml", "examples/karpenter/nodepool.yaml");
    }

    @Test
    @DisplayName("a misspelled field is refused, naming the field")
    void misspelledFieldIsRefused() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replica: 2
                """;

        assertThatThrownBy(() -> Manifests.parse(yaml, "test"))
                .hasMessageContaining("unknown fields").hasMessageContaining("spec.replica");
    }

    @Test
    @DisplayName("a field in the wrong place deep inside a pod template is refused")
    void nestedUnknownFieldIsRefused() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: nginx
                          readOnlyRootFilesystem: true
                """;

        assertThatThrownBy(() -> Manifests.parse(yaml, "test")).hasMessageContaining("containers[0].readOnlyRootFilesystem");
    }

    @Test
    @DisplayName("an unknown apiVersion/kind is refused")
    void unknownKindIsRefused() {
        String yaml = """
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: w
                """;

        assertThatThrownBy(() -> Manifests.parse(yaml, "test")).hasMessageContaining("unknown apiVersion/kind example.com/v1 Widget");
    }
}
