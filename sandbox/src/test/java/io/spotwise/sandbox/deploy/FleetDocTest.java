package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.Config;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.KafkaAccess;
import io.spotwise.contract.topic.TopicNames;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The examples of docs/fleet.md are what the code does for cluster prod-eu. */
@DisplayName("docs/fleet.md's names, ACLs, kcat pattern and error line come from the code")
class FleetDocTest {

    private static final String DOC = DeployFiles.read(DeployFiles.repoRoot().resolve("docs/fleet.md"));
    private static final Fleet PROD_EU = Fleet.of("prod-eu", "");

    private static String block(String marker) {
        String from = DOC.substring(DOC.indexOf("<!-- " + marker + " -->"));
        int end = from.indexOf("\n\n");
        return from.substring(0, end < 0 ? from.length() : end);
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
    }

    @Test
    @DisplayName("the names table is TopicNames and Fleet's ids for prod-eu")
    void names() {
        String table = block("fleet-names");
        assertThat(table).contains("| topics | " + quoted(PROD_EU.topics().all()) + " |");
        assertThat(table).contains("| transactional ids | " + quoted(List.of(PROD_EU.kafkaId("watcher"), PROD_EU.kafkaId("decider"),
                PROD_EU.kafkaId("actuator") + "-<instance>")) + " |");
        assertThat(table).contains("| actuator consumer group | `" + PROD_EU.kafkaId("actuator") + "`");
        assertThat(table).contains("| Kafka users (SCRAM) | " + quoted(KafkaAccess.all(PROD_EU).stream().map(KafkaAccess.ServiceAccess::user).toList()) + " |");
    }

    @Test
    @DisplayName("the ACL commands are KafkaAccess.all(prod-eu), one per grant")
    void acls() {
        String block = block("fleet-acls");
        block = block.substring(block.indexOf("```sh") + 5, block.lastIndexOf("```"));
        assertThat(block.lines().map(String::trim).filter(l -> !l.isEmpty()).toList())
                .isEqualTo(SecurityDocTest.commands(KafkaAccess.all(PROD_EU)));
    }

    @Test
    @DisplayName("the kcat pattern matches every cluster's actions topic and nothing else of theirs")
    void kcatPattern() {
        Matcher m = Pattern.compile("'(\\^[^']+)'").matcher(block("fleet-kcat"));
        assertThat(m.find()).as("a quoted regex in the kcat example").isTrue();
        Pattern actions = Pattern.compile(m.group(1));
        for (String cluster : List.of("default", "prod-eu", "us-west-2")) {
            TopicNames names = TopicNames.forCluster(cluster);
            for (String topic : names.all()) {
                assertThat(actions.matcher(topic).matches()).as("%s matches", topic).isEqualTo(topic.equals(names.actions()));
            }
        }
    }

    @Test
    @DisplayName("the error line shown for a bad cluster id is the one the services print")
    void errorLine() {
        assertThatThrownBy(() -> Config.from(Map.of("SPOTWISE_CLUSTER_ID", "Prod_EU"), CommonKeys.all()))
                .satisfies(e -> assertThat(DOC).contains("`" + e.getMessage() + "`"));
    }
}
