package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field selectors, pinned to "Field Selectors › Supported fields"
 * (kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/#supported-fields): Events select on
 * involvedObject.*, reason, reportingComponent, source and type; an unsupported field is an error.
 */
class FieldSelectorConformanceIT {

    private static SimulatedCluster sim;
    private static NamespacedKubernetesClient client;
    private static Kubectl kubectl;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        sim = SimulatedCluster.start(SimOptions.defaults().withNodes(1, 0, 10));
        client = sim.client();
        kubectl = new Kubectl(sim, dir);
        event("a.1", "web-1", "SpotFallbackEviction", "Warning", "spotwise", null);
        event("b.1", "web-2", "SpotRebalancingEviction", "Normal", null, "spotwise");
        event("c.1", "web-1", "Scheduled", "Normal", "default-scheduler", null);
    }

    /** An Event reported through {@code source.component} (core/v1 style) or only {@code reportingComponent}. */
    private static void event(String name, String pod, String reason, String type, String source, String reporting) {
        EventBuilder b = new EventBuilder().withNewMetadata().withName(name).endMetadata().withReason(reason)
                .withType(type).withMessage(reason + " " + pod).withNewInvolvedObject().withKind("Pod").withName(pod)
                .withNamespace("ev").endInvolvedObject();
        if (source != null) {
            b.withNewSource().withComponent(source).endSource();
        }
        if (reporting != null) {
            b.withReportingComponent(reporting);
        }
        client.v1().events().inNamespace("ev").resource(b.build()).create();
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    private static String names(String selector) throws Exception {
        return kubectl.run("get", "events", "-n", "ev", "--field-selector", selector, "-o", "name").trim();
    }

    @Test
    @DisplayName("field-selectors#supported-fields: Event 'source' is source.component, else reportingComponent")
    void source() throws Exception {
        assertThat(names("source=spotwise")).isEqualTo("event/a.1\nevent/b.1");
        assertThat(names("source!=spotwise")).isEqualTo("event/c.1");
        assertThat(names("reportingComponent=spotwise")).isEqualTo("event/b.1");
    }

    @Test
    @DisplayName("field-selectors#supported-fields: Event involvedObject.*, reason and type, chained with commas")
    void involvedObjectReasonType() throws Exception {
        assertThat(names("involvedObject.kind=Pod,involvedObject.name=web-1")).isEqualTo("event/a.1\nevent/c.1");
        assertThat(names("reason=SpotRebalancingEviction")).isEqualTo("event/b.1");
        assertThat(names("type=Warning")).isEqualTo("event/a.1");
        assertThat(names("type==Normal,involvedObject.name!=web-2")).isEqualTo("event/c.1");
        assertThat(client.v1().events().inNamespace("ev").withField("source", "spotwise").list().getItems())
                .hasSize(2);
    }

    @Test
    @DisplayName("field-selectors#supported-fields: an unsupported field is rejected (\"field label not supported\")")
    void unsupported() throws Exception {
        Kubectl.Result r = kubectl.exec("get", "events", "-n", "ev", "--field-selector", "message=x");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("field label not supported: message");
        assertThat(kubectl.exec("get", "pods", "-A", "--field-selector", "spec.nodeName=ondemand-1").exit()).isZero();
    }
}
