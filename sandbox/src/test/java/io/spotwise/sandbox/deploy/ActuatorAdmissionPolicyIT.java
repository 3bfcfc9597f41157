package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.spotwise.sim.SimOptions;
import io.spotwise.sim.SimulatedCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ValidatingAdmissionPolicy of k8s/base, evaluated with a CEL engine (cel-java) as the API server would: against
 * the before and after objects of real patches, made on the simulated API server.
 */
@DisplayName("The API server lets the actuator change nothing on a workload but its own annotations")
class ActuatorAdmissionPolicyIT {

    private static final String ACTUATOR = "system:serviceaccount:spotwise:spotwise-actuator";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<HasMetadata> BASE = Kustomize.objects("base");
    private static SimulatedCluster sim;

    @BeforeAll
    static void start() {
        sim = SimulatedCluster.start(SimOptions.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @ParameterizedTest(name = "{0}: allowed={2}")
    @CsvSource(delimiter = '|', value = {
            "the actuator sets the fallback window (its merge patch)  | {\"metadata\":{\"annotations\":{\"spotwise.io/spot-disabled-until\":\"2026-12-01T10:00:00Z\"}}} | true",
            "the actuator removes the fallback window                 | {\"metadata\":{\"annotations\":{\"spotwise.io/spot-disabled-until\":null}}} | true",
            "the actuator writes the status for kubectl (its patch)   | {\"metadata\":{\"annotations\":{\"spotwise.io/status\":\"{\\\"state\\\":\\\"balanced\\\"}\",\"spotwise.io/status-summary\":\"balanced\"}}} | true",
            "scaling the workload                                     | {\"spec\":{\"replicas\":50}} | false",
            "changing the image                                       | {\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"evil:latest\"}]}}}} | false",
            "changing the user's spot-config annotation               | {\"metadata\":{\"annotations\":{\"spotwise.io/spot-config\":\"{\\\"percentage\\\":100}\"}}} | false",
            "adding a foreign annotation                              | {\"metadata\":{\"annotations\":{\"example.com/owner\":\"mallory\"}}} | false",
            "removing a foreign annotation                            | {\"metadata\":{\"annotations\":{\"example.com/team\":null}}} | false",
            "changing a label                                         | {\"metadata\":{\"labels\":{\"spotwise.io/enabled\":\"false\"}}} | false",
            "adding a finalizer                                       | {\"metadata\":{\"finalizers\":[\"example.com/hold\"]}} | false",
            "setting the pods' pod-deletion-cost on the workload      | {\"metadata\":{\"annotations\":{\"controller.kubernetes.io/pod-deletion-cost\":\"1\"}}} | false",
    })
    void actuatorPatches(String what, String mergePatch, boolean allowed) throws Exception {
        KubernetesClient client = sim.client();
        String name = "web-" + Integer.toHexString(what.hashCode());
        Deployment before = client.apps().deployments().inNamespace("shop").resource(deployment(name)).create();
        Deployment after = client.apps().deployments().inNamespace("shop").withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);

        assertThat(violations(before, after, ACTUATOR)).as(what).satisfies(v -> {
            if (allowed) {
                assertThat(v).isEmpty();
            } else {
                assertThat(v).isNotEmpty().allMatch(m -> m.startsWith("the Spotwise actuator may"));
            }
        });
    }

    @ParameterizedTest(name = "pod: {0}: allowed={2}")
    @CsvSource(delimiter = '|', value = {
            "the actuator sets the pod-deletion-cost (its merge patch) | {\"metadata\":{\"annotations\":{\"controller.kubernetes.io/pod-deletion-cost\":\"9994\"}}} | true",
            "setting the workload's annotation on a pod                | {\"metadata\":{\"annotations\":{\"spotwise.io/spot-disabled-until\":\"2026-12-01T10:00:00Z\"}}} | false",
            "changing a pod label (taking it out of its ReplicaSet)    | {\"metadata\":{\"labels\":{\"app\":\"other\"}}} | false",
            "changing a pod's image                                    | {\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"evil:latest\"}]}} | false",
    })
    @DisplayName("on pods the actuator may change only controller.kubernetes.io/pod-deletion-cost")
    void actuatorPatchesPods(String what, String mergePatch, boolean allowed) throws Exception {
        KubernetesClient client = sim.client();
        String name = "pod-" + Integer.toHexString(what.hashCode());
        io.fabric8.kubernetes.api.model.Pod pod = new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName(name).withNamespace("shop").addToLabels("app", "web")
                .addToAnnotations("example.com/team", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").endContainer()
                .endSpec().build();
        var before = client.pods().inNamespace("shop").resource(pod).create();
        var after = client.pods().inNamespace("shop").withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
        before.getSpec().setNodeName(after.getSpec().getNodeName()); // whatever the simulated scheduler did meanwhile
        assertThat(violations(before, after, ACTUATOR)).as(what).satisfies(v -> {
            if (allowed) {
                assertThat(v).isEmpty();
            } else {
                assertThat(v).isNotEmpty().allMatch(m -> m.startsWith("the Spotwise actuator may"));
            }
        });
    }

    @ParameterizedTest(name = "{0} is not matched")
    @CsvSource({"system:serviceaccount:kube-system:deployment-controller", "system:serviceaccount:spotwise:spotwise-decider", "alice"})
    @DisplayName("anyone else's changes are not the policy's business")
    void othersNotMatched(String user) throws Exception {
        ValidatingAdmissionPolicy policy = policy();
        Map<String, Object> request = Map.of("userInfo", Map.of("username", user));
        assertThat(policy.getSpec().getMatchConditions()).allSatisfy(c -> assertThat(eval(c.getExpression(), Map.of("request", request, "object", Map.of(), "oldObject", Map.of(), "variables", Map.of())))
                .isEqualTo(false));
        assertThat(Kustomize.find(BASE, ValidatingAdmissionPolicyBinding.class, policy.getMetadata().getName()).getSpec().getValidationActions())
                .containsExactly("Deny");
        assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
    }

    /** The messages of the failed validations, [] when the policy admits the change (or does not match the user). */
    static List<String> violations(HasMetadata before, HasMetadata after, String user) throws Exception {
        ValidatingAdmissionPolicy policy = policy();
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("object", asMap(after));
        bindings.put("oldObject", asMap(before));
        bindings.put("request", Map.of("userInfo", Map.of("username", user), "operation", "UPDATE"));
        Map<String, Object> variables = new LinkedHashMap<>();
        bindings.put("variables", variables);
        for (var c : policy.getSpec().getMatchConditions()) {
            if (!Boolean.TRUE.equals(eval(c.getExpression(), bindings))) {
                return List.of();
            }
        }
        for (Variable v : policy.getSpec().getVariables()) {
            variables.put(v.getName(), eval(v.getExpression(), bindings));
        }
        List<String> failed = new ArrayList<>();
        for (Validation v : policy.getSpec().getValidations()) {
            if (!Boolean.TRUE.equals(eval(v.getExpression(), bindings))) {
                failed.add(v.getMessageExpression() != null ? (String) eval(v.getMessageExpression(), bindings) : v.getMessage());
            }
        }
        return failed;
    }

    static ValidatingAdmissionPolicy policy() {
        return Kustomize.find(BASE, ValidatingAdmissionPolicy.class, "spotwise-actuator-changes-only-its-annotation");
    }

    static Object eval(String expression, Map<String, Object> bindings) throws Exception {
        CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN)
                .addVar("request", SimpleType.DYN).addVar("variables", SimpleType.DYN)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelExtensions.strings())
                .build();
        CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
        CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings()).build();
        return runtime.createProgram(ast).eval(bindings);
    }

    /** The object as the API server hands it to CEL: JSON, numbers as int64 / double. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(HasMetadata object) throws Exception {
        return (Map<String, Object>) normalise(JSON.readValue(Serialization.asJson(object), Map.class));
    }

    private static Object normalise(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, normalise(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(ActuatorAdmissionPolicyIT::normalise).toList();
        }
        if (o instanceof Integer i) {
            return i.longValue();
        }
        return o;
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace("shop")
                .addToLabels("app", name).addToLabels("spotwise.io/enabled", "true")
                .addToAnnotations("spotwise.io/spot-config", "{\"percentage\":60}").addToAnnotations("example.com/team", "web")
                .endMetadata()
                .withNewSpec().withReplicas(3)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
