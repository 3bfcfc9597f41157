package io.spotwise.contract.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.contract.Action;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RecordCodecTest {

    static Stream<SpotwiseRecord> everyType() {
        return Samples.everyType().stream();
    }

    @ParameterizedTest(name = "{0} survives encode → decode unchanged")
    @MethodSource("everyType")
    void roundTrip(SpotwiseRecord record) throws RecordReadException {
        byte[] json = RecordCodec.encode(record);
        assertThat(RecordCodec.decode(json, record.getClass())).isEqualTo(record);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"schemaVersion\":" + record.schemaVersion() + ",");
    }

    @Test
    @DisplayName("times are ISO-8601 text and durations ISO-8601, readable with any Kafka tool")
    void humanReadableTimes() {
        String json = RecordCodec.encodeToString(Samples.eviction(Samples.WEB, "p"));
        assertThat(json).contains("\"decidedAt\":\"2026-06-25T10:15:30Z\"").contains("\"pendingFor\":\"PT1M15S\"");
    }

    @Test
    @DisplayName("unknown fields written by a newer producer are ignored")
    void unknownFieldsTolerated() throws RecordReadException {
        String json = RecordCodec.encodeToString(Samples.workload(Samples.WEB));
        String withExtra = json.replaceFirst("\\{", "{\"addedInV2\":{\"x\":[1,2]},\"another\":true,");
        assertThat(RecordCodec.decode(withExtra.getBytes(StandardCharsets.UTF_8), WorkloadSnapshot.class))
                .isEqualTo(Samples.workload(Samples.WEB));
    }

    @Test
    @DisplayName("an action written before observation mode (no dryRun field) reads as not dry-run; a flagged one keeps it")
    void dryRunFlag() throws RecordReadException {
        String json = RecordCodec.encodeToString(Samples.disable(Samples.WEB)).replace(",\"dryRun\":false", "");
        assertThat(json).doesNotContain("dryRun");
        assertThat(RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8), io.spotwise.contract.Action.class).dryRun()).isFalse();
        assertThat(RecordCodec.encodeToString(Samples.dryRunDisable(Samples.WEB))).contains("\"dryRun\":true");
    }

    @Test
    @DisplayName("malformed JSON → typed error with topic, partition and offset")
    void malformedJson() {
        assertThatThrownBy(() -> RecordCodec.decode("{\"schemaVersion\":1,".getBytes(StandardCharsets.UTF_8), PodSnapshot.class,
                "spotwise.pods", 3, 42))
                .isInstanceOf(RecordReadException.class)
                .hasMessageStartingWith("spotwise.pods-3@42")
                .hasMessageContaining("malformed JSON")
                .satisfies(e -> {
                    RecordReadException r = (RecordReadException) e;
                    assertThat(r.topic()).isEqualTo("spotwise.pods");
                    assertThat(r.partition()).isEqualTo(3);
                    assertThat(r.offset()).isEqualTo(42);
                });
    }

    @Test
    @DisplayName("a schema version this build does not read → typed error naming schemaVersion")
    void wrongSchemaVersion() {
        String json = RecordCodec.encodeToString(Samples.pod(Samples.WEB, "p")).replace("\"schemaVersion\":1", "\"schemaVersion\":7");
        assertThatThrownBy(() -> RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8), PodSnapshot.class, "spotwise.pods", 0, 1))
                .isInstanceOf(RecordReadException.class)
                .hasMessageContaining("field 'schemaVersion'")
                .hasMessageContaining("unsupported schema version 7");
    }

    @Test
    @DisplayName("missing schema version → typed error naming schemaVersion")
    void missingSchemaVersion() {
        assertThatThrownBy(() -> RecordCodec.decode("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8), Action.class))
                .isInstanceOf(RecordReadException.class)
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("schemaVersion"));
    }

    @Test
    @DisplayName("a required field missing → typed error naming the field")
    void missingRequiredField() {
        String json = RecordCodec.encodeToString(Samples.eviction(Samples.WEB, "p")).replace("\"type\":\"EVICT_POD\",", "");
        assertThatThrownBy(() -> RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8), Action.class, "spotwise.actions", 0, 9))
                .isInstanceOf(RecordReadException.class)
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("type"))
                .hasMessageContaining("field 'type' is required");
    }

    @Test
    @DisplayName("a field of the wrong type → typed error naming its path")
    void wrongFieldType() {
        String json = RecordCodec.encodeToString(Samples.workload(Samples.WEB)).replace("\"replicas\":10", "\"replicas\":\"ten\"");
        assertThatThrownBy(() -> RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8), WorkloadSnapshot.class))
                .isInstanceOf(RecordReadException.class)
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("replicas"));
    }

    @Test
    @DisplayName("an unknown enum value → typed error naming the field")
    void unknownEnum() {
        String json = RecordCodec.encodeToString(Samples.eviction(Samples.WEB, "p")).replace("\"EVICT_POD\"", "\"DELETE_POD\"");
        assertThatThrownBy(() -> RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8), Action.class))
                .isInstanceOf(RecordReadException.class)
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("type"));
    }

    @Test
    @DisplayName("an invariant broken (EVICT_POD without a pod) → typed error naming the field, not an unchecked crash")
    void brokenInvariant() {
        String json = RecordCodec.encodeToString(Samples.eviction(Samples.WEB, "p")).replaceAll("\"pod\":\\{[^}]*\\},", "");
        assertThatThrownBy(() -> RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8), Action.class))
                .isInstanceOf(RecordReadException.class)
                .hasMessageContaining("FallbackEviction act-1 of Deployment(shop/web): field 'pod' is required")
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("pod"));
    }

    @Test
    @DisplayName("a snapshot missing a required field → typed error naming the record and the field, nested ones by their path")
    void snapshotMissingField() {
        String json = RecordCodec.encodeToString(Samples.pod(Samples.WEB, "p"));
        String noPhase = json.replace("\"phase\":\"Running\",", "");
        assertThatThrownBy(() -> RecordCodec.decode(noPhase.getBytes(StandardCharsets.UTF_8), PodSnapshot.class))
                .isInstanceOf(RecordReadException.class)
                .hasMessageContaining("PodSnapshot Pod(shop/p): field 'phase' is required")
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("phase"));
        String noNamespace = json.replaceFirst("\"namespace\":\"shop\",", "");
        assertThatThrownBy(() -> RecordCodec.decode(noNamespace.getBytes(StandardCharsets.UTF_8), PodSnapshot.class))
                .isInstanceOf(RecordReadException.class)
                .hasMessageContaining("PodRef p: field 'namespace' is required")
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("pod.namespace"));
    }

    @Test
    @DisplayName("an eviction on the wire without a pod UID (no precondition) → typed error naming pod.uid")
    void evictionWithoutPodUid() {
        String json = RecordCodec.encodeToString(Samples.rebalance(Samples.WEB, "p")).replace(",\"uid\":\"uid-p\"", "");
        assertThatThrownBy(() -> RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8), Action.class, "spotwise.actions", 1, 5))
                .isInstanceOf(RecordReadException.class)
                .hasMessageContaining("field 'pod.uid' is required")
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("pod.uid"));
    }

    @Test
    @DisplayName("a JSON array or a tombstone where a record is expected → typed error")
    void notAnObject() {
        assertThatThrownBy(() -> RecordCodec.decode("[1,2]".getBytes(StandardCharsets.UTF_8), Action.class))
                .isInstanceOf(RecordReadException.class).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> RecordCodec.decode(null, Action.class))
                .isInstanceOf(RecordReadException.class).hasMessageContaining("tombstone");
    }

    @Test
    @DisplayName("CloudEvents types name the record kind and schema version")
    void cloudEventTypes() {
        assertThat(Samples.workload(Samples.WEB).cloudEventType()).isEqualTo("io.spotwise.workload-snapshot.v1");
        assertThat(Samples.deadLetter().cloudEventType()).isEqualTo("io.spotwise.dead-letter.v1");
        assertThat(Samples.everyAction()).allSatisfy(a -> assertThat(a.cloudEventType()).isEqualTo("io.spotwise.action.v2"));
    }
}
