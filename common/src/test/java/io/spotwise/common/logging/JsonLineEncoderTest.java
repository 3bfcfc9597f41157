package io.spotwise.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.WorkloadRef;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonLineEncoderTest {

    private final Logger logger = ((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).getLogger("io.spotwise.test");

    @Test
    @DisplayName("one JSON object per line: the workload and pod from the message's arguments, the action id from the MDC")
    void workloadAndActionAsFields() throws Exception {
        LoggingEvent event;
        try (ActionLog.Scope scope = ActionLog.scope(WorkloadRef.deployment("shop", "web"), "a-1")) {
            event = new LoggingEvent("x", logger, Level.INFO, "{}: evicted {} \"quoted\"\nsecond line",
                    null, new Object[] {WorkloadRef.deployment("shop", "web"), new PodRef("shop", "web-1", "uid-1")});
            event.prepareForDeferredProcessing(); // takes the MDC now, as an appender does when it logs
        }
        String line = new String(new JsonLineEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("logger").asText()).isEqualTo("io.spotwise.test");
        assertThat(json.path("message").asText()).startsWith("Deployment(shop/web): evicted").contains("\"quoted\"\nsecond line");
        assertThat(json.path("workload").asText()).isEqualTo("Deployment(shop/web)");
        assertThat(json.path("pod").asText()).isEqualTo("shop/web-1");
        assertThat(json.path("action_id").asText()).isEqualTo("a-1");
    }

    @Test
    @DisplayName("outside a scope the MDC is as before: no action_id")
    void scopeRestores() throws Exception {
        try (ActionLog.Scope scope = ActionLog.scope(WorkloadRef.deployment("shop", "web"), "a-1")) {
            assertThat(org.slf4j.MDC.get(ActionLog.ACTION_ID)).isEqualTo("a-1");
        }
        LoggingEvent event = new LoggingEvent("x", logger, Level.WARN, "plain", new IllegalStateException("boom"), null);
        JsonNode json = new ObjectMapper().readTree(new JsonLineEncoder().encode(event));
        assertThat(json.has("action_id")).isFalse();
        assertThat(json.path("exception").asText()).contains("IllegalStateException: boom");
    }
}
