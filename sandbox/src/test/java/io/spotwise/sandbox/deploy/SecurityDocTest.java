package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.common.kafka.KafkaAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** docs/security.md's kafka-acls commands are exactly the ACLs of {@link KafkaAccess} (which the tests prove). */
@DisplayName("The ACL commands in docs/security.md grant exactly KafkaAccess")
class SecurityDocTest {

    @Test
    @DisplayName("one kafka-acls command per grant, in KafkaAccess's order")
    void kafkaAclCommands() {
        String doc = DeployFiles.read(DeployFiles.repoRoot().resolve("docs/security.md"));
        String block = doc.substring(doc.indexOf("<!-- kafka-acls -->"));
        block = block.substring(block.indexOf("```sh") + 5, block.indexOf("```", block.indexOf("```sh") + 5));
        List<String> documented = block.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();

        assertThat(documented).isEqualTo(commands());
    }

    static List<String> commands() {
        return commands(KafkaAccess.all());
    }

    static List<String> commands(List<KafkaAccess.ServiceAccess> services) {
        List<String> out = new ArrayList<>();
        for (KafkaAccess.ServiceAccess access : services) {
            for (KafkaAccess.Grant g : access.grants()) {
                String ops = g.operations().stream().map(op -> "--operation " + pascal(op)).collect(Collectors.joining(" "));
                String resource = switch (g.resource()) {
                    case TOPIC -> "--topic";
                    case GROUP -> "--group";
                    case TRANSACTIONAL_ID -> "--transactional-id";
                    default -> throw new AssertionError("no kafka-acls option for " + g.resource());
                };
                out.add("kafka-acls.sh --bootstrap-server $BOOTSTRAP --command-config admin.properties --add --allow-principal "
                        + access.principal() + " " + ops + " " + resource + " " + g.name()
                        + (g.pattern() == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : ""));
            }
        }
        return out;
    }

    private static String pascal(AclOperation op) {
        StringBuilder sb = new StringBuilder();
        for (String w : op.name().split("_")) {
            sb.append(w.charAt(0)).append(w.substring(1).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
