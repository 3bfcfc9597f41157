package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("docs/migrating-from-datadog.md names only keys some service declares, and every Datadog spot setting")
class MigrationGuideTest {

    private static final Pattern KEY = Pattern.compile("SPOTWISE_[A-Z0-9_]+");

    @Test
    @DisplayName("every SPOTWISE_* key in the guide is declared by a service; every DD_AUTOSCALING_CLUSTER_SPOT_* setting has a row")
    void keysExist() throws IOException {
        String guide = Files.readString(DeployFiles.repoRoot().resolve("docs/migrating-from-datadog.md"));
        Set<String> declared = new HashSet<>();
        DeclaredKeys.SERVICES.forEach(s -> declared.addAll(DeclaredKeys.names(s)));
        Matcher m = KEY.matcher(guide);
        Set<String> named = new HashSet<>();
        while (m.find()) {
            named.add(m.group());
        }
        assertThat(named).isNotEmpty();
        assertThat(declared).containsAll(named);
        for (String setting : new String[] {"ENABLED", "DEFAULTS_PERCENTAGE", "DEFAULTS_MIN_ON_DEMAND_REPLICAS", "SCHEDULE_TIMEOUT",
                "FALLBACK_DURATION", "REBALANCE_STABILIZATION_PERIOD"}) {
            assertThat(guide).contains("`" + setting + "`");
        }
    }
}
