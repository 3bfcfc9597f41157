package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.spotwise.common.config.ConfigKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A service ignores a variable it does not declare, so a misspelt name in a manifest silently does nothing. Every
 * variable k8s/, docker-compose.yml and the Dockerfile give a service must be one that service reads, and
 * docs/operations.md must list every key every service declares.
 */
@DisplayName("Deployment files set only variables the services read, and the operations guide lists every key")
class EnvVarsDeclaredIT {

    private static final Pattern DOCKERFILE_ENV = Pattern.compile("(?m)^ENV\\s+((?:.*\\\\\\n)*.*)$");
    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

    /** What an operator applies: the base and every overlay (base/<service> only make sense inside the base). */
    static Stream<Path> kustomizations() {
        return DeployFiles.kustomizations().stream().filter(p -> p.equals(Path.of("base")) || p.startsWith("overlays"));
    }

    @ParameterizedTest(name = "k8s/{0}")
    @MethodSource("kustomizations")
    @DisplayName("each Deployment's env and envFrom ConfigMaps hold only keys its service declares")
    void kustomizeOutput(Path dir) {
        assertThat(undeclaredInManifests(Kustomize.objects(dir.toString()))).isEmpty();
    }

    @Test
    @DisplayName("the three Deployments of the base receive their Lease names under the keys their services read")
    void leaseNamesReachTheServices() {
        Map<String, Map<String, String>> env = environments(Kustomize.objects("base"));

        assertThat(env.get("watcher")).containsEntry("SPOTWISE_WATCHER_LEASE_NAME", "spotwise-watcher");
        assertThat(env.get("decider")).containsEntry("SPOTWISE_DECIDER_LEASE_NAME", "spotwise-decider");
        assertThat(env.get("actuator")).doesNotContainKeys("SPOTWISE_DECIDER_LEASE_NAME", "SPOTWISE_WATCHER_LEASE_NAME");
        assertThat(env.get("watcher")).containsEntry("LOG_LEVEL", "INFO").containsKey("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    @DisplayName("docker-compose.yml gives each service only variables it reads")
    void compose() {
        Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(DeployFiles.read(DeployFiles.repoRoot().resolve("docker-compose.yml")));
        Map<String, Map<String, String>> services = composeEnvironments(tree);

        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(DeclaredKeys.SERVICES);
        assertThat(undeclared(services)).isEmpty();
    }

    @Test
    @DisplayName("the Dockerfile's ENV names are read by every service (one image recipe for all three)")
    void dockerfile() {
        Set<String> names = dockerfileEnvNames(DeployFiles.read(DeployFiles.repoRoot().resolve("Dockerfile")));

        assertThat(names).contains("JAVA_TOOL_OPTIONS");
        assertThat(names).allSatisfy(name -> assertThat(DeclaredKeys.SERVICES)
                .as("services reading %s", name).allMatch(service -> DeclaredKeys.readBy(service, name)));
    }

    @Test
    @DisplayName("the check is real: names the deploy engineer guessed are reported with their service")
    void catchesMisspeltNames() {
        List<HasMetadata> objects = Manifests.parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: shared, namespace: spotwise}
                data: {SPOTWISE_PREFIX: spotwise.io, SPOTWISE_LOG_LEVEL: INFO, SPOTWISE_DRY_RUN: "false"}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: spotwise-watcher, namespace: spotwise}
                spec:
                  selector: {matchLabels: {app: w}}
                  template:
                    metadata: {labels: {app: w}}
                    spec:
                      containers:
                        - name: watcher
                          image: spotwise-watcher
                          envFrom: [{configMapRef: {name: shared}}, {configMapRef: {name: missing}}]
                          env: [{name: SPOTWISE_LEASE_NAME, value: spotwise-watcher}, {name: KAFKA_ACKS, value: all}]
                """, "test");

        assertThat(undeclaredInManifests(objects)).containsExactlyInAnyOrder(
                "watcher: SPOTWISE_LOG_LEVEL (from ConfigMap shared)",
                "watcher: SPOTWISE_DRY_RUN (from ConfigMap shared)",
                "watcher: ConfigMap missing (envFrom) is not in the output",
                "watcher: SPOTWISE_LEASE_NAME (env of container watcher)");
        assertThat(dockerfileEnvNames("FROM x\nENV A=1 \\\n    B=\"two words\"\nENV C=3\n")).containsExactly("A", "B", "C");
    }

    @Test
    @DisplayName("docs/operations.md lists every declared key of every service, with its default, and no other")
    void operationsGuideListsEveryKey() {
        Map<String, Map<String, String>> sections = ConfigReference.read(DeployFiles.repoRoot().resolve("docs/operations.md"));
        Set<String> common = new TreeSet<>();
        DeclaredKeys.common().forEach(k -> common.add(k.name()));

        assertThat(sections).containsKeys("every service", "watcher", "decider", "actuator");
        assertDocumented(sections.get("every service"), DeclaredKeys.common(), "4.1 Every service");
        DeclaredKeys.byService().forEach((service, keys) -> assertDocumented(sections.get(service),
                keys.stream().filter(k -> !common.contains(k.name())).toList(), service));
        sections.forEach((section, rows) -> assertThat(rows.keySet()).as("variables listed under %s", section)
                .allMatch(name -> DeclaredKeys.SERVICES.stream().anyMatch(s -> DeclaredKeys.readBy(s, name.replace("*", "")))));
    }

    private static void assertDocumented(Map<String, String> rows, List<ConfigKey<?>> keys, String section) {
        assertThat(rows).as("configuration reference, section %s", section).isNotNull();
        for (ConfigKey<?> key : keys) {
            assertThat(rows).as("section %s lists %s", section, key.name()).containsKey(key.name());
            if (key.name().equals("SPOTWISE_INSTANCE")) {
                continue; // its default is this host's name, which differs between machines
            }
            String expected = key.required() ? "required" : key.defaultValue().isEmpty() ? "empty" : "`" + key.defaultValue() + "`";
            assertThat(rows.get(key.name())).as("default of %s in section %s", key.name(), section).isEqualTo(expected);
        }
    }

    /** "service: NAME (where)" for every variable a Deployment gives a service that does not read it. */
    static List<String> undeclaredInManifests(List<HasMetadata> objects) {
        List<String> problems = new ArrayList<>();
        for (Deployment d : Kustomize.all(objects, Deployment.class)) {
            String service = serviceOf(d);
            for (Container c : containers(d)) {
                for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                    if (!DeclaredKeys.readBy(service, e.getName())) {
                        problems.add(service + ": " + e.getName() + " (env of container " + c.getName() + ")");
                    }
                }
                for (EnvFromSource from : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
                    if (from.getConfigMapRef() == null) {
                        continue; // a Secret (e.g. KAFKA_SASL_JAAS_CONFIG) added by an operator's overlay: keys unknown here
                    }
                    String name = from.getConfigMapRef().getName();
                    var map = Kustomize.named(objects, ConfigMap.class, name);
                    if (map.isEmpty()) {
                        problems.add(service + ": ConfigMap " + name + " (envFrom) is not in the output");
                        continue;
                    }
                    String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
                    for (String key : Objects.requireNonNullElse(map.get().getData(), Map.<String, String>of()).keySet()) {
                        if (!DeclaredKeys.readBy(service, prefix + key)) {
                            problems.add(service + ": " + prefix + key + " (from ConfigMap " + name + ")");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** Per service, the variables its Deployment sets (ConfigMap values, then env values; Downward API as null). */
    private static Map<String, Map<String, String>> environments(List<HasMetadata> objects) {
        Map<String, Map<String, String>> env = new LinkedHashMap<>();
        for (Deployment d : Kustomize.all(objects, Deployment.class)) {
            Map<String, String> vars = new LinkedHashMap<>();
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            for (EnvFromSource from : c.getEnvFrom()) {
                Kustomize.named(objects, ConfigMap.class, from.getConfigMapRef().getName()).ifPresent(m -> vars.putAll(m.getData()));
            }
            c.getEnv().forEach(e -> vars.put(e.getName(), e.getValue()));
            env.put(serviceOf(d), vars);
        }
        return env;
    }

    private static String serviceOf(Deployment d) {
        String name = d.getMetadata().getName();
        if (!name.startsWith("spotwise-") || !DeclaredKeys.SERVICES.contains(name.substring("spotwise-".length()))) {
            throw new AssertionError("Deployment " + name + " is not one of spotwise-" + DeclaredKeys.SERVICES);
        }
        return name.substring("spotwise-".length());
    }

    private static List<Container> containers(Deployment d) {
        var spec = d.getSpec().getTemplate().getSpec();
        List<Container> all = new ArrayList<>(spec.getContainers());
        all.addAll(Objects.requireNonNullElse(spec.getInitContainers(), List.of()));
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> composeEnvironments(Map<String, Object> compose) {
        Map<String, Map<String, String>> byService = new LinkedHashMap<>();
        ((Map<String, Object>) compose.get("services")).forEach((name, value) -> {
            Map<String, Object> s = (Map<String, Object>) value;
            if (!(s.get("build") instanceof Map<?, ?> build) || !(build.get("args") instanceof Map<?, ?> args)) {
                return; // kafka, k3s and the one-shot helpers run images that are not ours
            }
            Map<String, String> env = new LinkedHashMap<>();
            Object environment = s.get("environment");
            if (environment instanceof Map<?, ?> m) {
                m.forEach((k, v) -> env.put(k.toString(), String.valueOf(v)));
            } else if (environment instanceof List<?> l) {
                l.forEach(item -> env.put(item.toString().split("=", 2)[0], item.toString()));
            }
            assertThat(s).as("compose service %s", name).doesNotContainKey("env_file");
            byService.put(args.get("SERVICE").toString(), env);
        });
        return byService;
    }

    private static List<String> undeclared(Map<String, Map<String, String>> environments) {
        List<String> problems = new ArrayList<>();
        environments.forEach((service, env) -> env.keySet().stream().filter(n -> !DeclaredKeys.readBy(service, n))
                .forEach(n -> problems.add(service + ": " + n)));
        return problems;
    }

    static Set<String> dockerfileEnvNames(String dockerfile) {
        Set<String> names = new TreeSet<>();
        Matcher instruction = DOCKERFILE_ENV.matcher(dockerfile);
        while (instruction.find()) {
            Matcher assignment = ENV_ASSIGNMENT.matcher(instruction.group(1));
            while (assignment.find()) {
                names.add(assignment.group(1));
            }
        }
        return names;
    }
}
