package io.spotwise.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.kafka.local.KafkaBroker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Chaos campaign V6 (docs/reliability.md): a leader whose commit timed out while the broker was down kept the Lease and
 * wrote nothing ever again ("previous call to commitTransaction timed out and must be retried" on every later write).
 */
class FencedWriterBrokerOutageIT {

    private static final String TOPIC = "fenced-writer-outage";

    @Test
    @DisplayName("A leader whose commit timed out during a broker outage writes again once the broker is back")
    void writesAgainAfterACommitTimedOutDuringABrokerOutage() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (KafkaBroker broker = KafkaBroker.start()) {
            Map<String, String> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "outage-test-admin"))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Context context = vertx.getOrCreateContext();
            FencedWriter[] holder = new FencedWriter[1];
            // the owner as the decider behaves: told to step down, it stands again and opens a new leadership
            FencedWriter writer = new FencedWriter(kafka, "spotwise-outage-test", "outage-test", context, () -> {
                holder[0].open();
            });
            holder[0] = writer;
            try {
                result(writer.open());
                result(writer.write(List.of(record("before"))));

                broker.stop();
                Future<Void> during = writer.write(List.of(record("during")));
                await().atMost(Duration.ofSeconds(90)).until(during::isComplete);
                broker.restart();

                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    if (!writer.isOpen()) {
                        writer.open(); // an open that failed while the broker was still coming back is tried again
                        return false;
                    }
                    return succeeded(writer.write(List.of(record("after"))));
                });
                assertThat(committedValues(kafka)).contains("before", "after");
            } finally {
                writer.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static ProducerRecord<String, byte[]> record(String value) {
        return new ProducerRecord<>(TOPIC, "k", value.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T result(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static boolean succeeded(Future<Void> f) {
        try {
            result(f);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> committedValues(Map<String, String> kafka) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(new HashMap<String, Object>(
                KafkaClients.consumerConfig(kafka, null, "outage-test-reader")))) {
            ReadToEnd.topic(consumer, TOPIC, Duration.ofSeconds(30), r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
        }
        return values;
    }
}
