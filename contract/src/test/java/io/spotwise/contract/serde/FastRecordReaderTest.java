package io.spotwise.contract.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decode fast path reads what the full path read, and leaves everything else to it. */
class FastRecordReaderTest {

    @Test
    @DisplayName("canonical instants read as Instant.parse reads them, with 0 to 9 fraction digits")
    void canonicalInstants() {
        Random random = new Random(14);
        for (int i = 0; i < 10_000; i++) {
            long nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000L;
                case 2 -> random.nextInt(1_000_000) * 1_000L;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), nanos);
            assertThat(CanonicalInstants.parse(t.toString())).as(t.toString()).isEqualTo(t);
        }
        assertThat(CanonicalInstants.parse("2026-06-25T10:15:30.1Z")).isEqualTo(Instant.parse("2026-06-25T10:15:30.1Z"));
    }

    @ParameterizedTest(name = "''{0}'' is left to the full path")
    @ValueSource(strings = {"2026-02-30T10:15:30Z", "2026-06-25T24:00:00Z", "2026-06-25T10:60:00Z", "+12026-06-25T10:15:30Z",
            "2026-06-25T10:15:30.Z", "2026-06-25T10:15:30.1234567890Z", "2026-06-25 10:15:30Z", "2026-06-25T10:15:30+01:00",
            "2026-6-25T10:15:30Z", "2026-06-25T10:15:3xZ"})
    void nonCanonicalInstants(String text) {
        assertThat(CanonicalInstants.parse(text)).isNull();
    }

    @Test
    @DisplayName("a record in another form than Spotwise writes still reads as before (epoch seconds)")
    void otherFormsStillRead() throws RecordReadException {
        PodSnapshot pod = Samples.pod(Samples.WEB, "p");
        String json = RecordCodec.encodeToString(pod);
        String epoch = json.replace("\"observedAt\":\"" + pod.observedAt() + "\"", "\"observedAt\":" + pod.observedAt().getEpochSecond());
        assertThat(epoch).isNotEqualTo(json);
        assertThat(FastRecordReader.read(bytes(epoch), PodSnapshot.class)).isNull();
        assertThat(RecordCodec.decode(bytes(epoch), PodSnapshot.class)).isEqualTo(pod);
    }

    @Test
    @DisplayName("a duplicated field: the last one wins on both paths, wherever it stands")
    void duplicateFields() throws RecordReadException {
        PodSnapshot some = Samples.pod(Samples.WEB, "p");
        PodSnapshot every = new PodSnapshot(some.schemaVersion(), some.pod(), some.workload(), some.owner(), some.revision(), true,
                some.nodeName(), some.nodeCapacityType(), "cordoned", some.phase(), some.scheduledStatus(), "Scheduled", true,
                some.createdAt(), false, some.resourceVersion(), some.observedAt());
        duplicateFields(some);
        duplicateFields(every); // every field present: Jackson builds the record at the last one it needs
    }

    private static void duplicateFields(PodSnapshot pod) throws RecordReadException {
        String json = RecordCodec.encodeToString(pod);
        String first = json.replaceFirst("\\{", "{\"phase\":\"Failed\",");
        String last = json.substring(0, json.length() - 1) + ",\"phase\":\"Failed\"}";
        PodSnapshot failed = RecordCodec.decode(bytes(json.replace("\"phase\":\"" + pod.phase() + "\"", "\"phase\":\"Failed\"")), PodSnapshot.class);
        assertThat(RecordCodec.decode(bytes(first), PodSnapshot.class)).isEqualTo(pod);
        assertThat(RecordCodec.decode(bytes(last), PodSnapshot.class)).isEqualTo(failed);
        assertThat(FastRecordReader.read(bytes(first), PodSnapshot.class)).isIn(pod, null);
        assertThat(FastRecordReader.read(bytes(last), PodSnapshot.class)).isIn(failed, null);
    }

    @Test
    @DisplayName("records as Spotwise writes them take the fast path, to the same value")
    void writtenRecordsTakeTheFastPath() {
        PodSnapshot pod = Samples.pod(Samples.WEB, "p");
        WorkloadSnapshot workload = Samples.workload(Samples.WEB);
        assertThat(FastRecordReader.read(RecordCodec.encode(pod), PodSnapshot.class)).isEqualTo(pod);
        assertThat(FastRecordReader.read(RecordCodec.encode(workload), WorkloadSnapshot.class)).isEqualTo(workload);
    }

    @ParameterizedTest(name = "schemaVersion {0} is still refused, naming the field")
    @ValueSource(strings = {"\"1\"", "1.0", "null", "2"})
    void schemaVersionStillChecked(String version) {
        String json = RecordCodec.encodeToString(Samples.pod(Samples.WEB, "p")).replace("\"schemaVersion\":1", "\"schemaVersion\":" + version);
        assertThat(FastRecordReader.read(bytes(json), PodSnapshot.class)).isNull();
        assertThatThrownBy(() -> RecordCodec.decode(bytes(json), PodSnapshot.class))
                .isInstanceOf(RecordReadException.class)
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("schemaVersion"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
