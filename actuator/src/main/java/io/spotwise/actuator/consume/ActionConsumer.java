package io.spotwise.actuator.consume;

import io.spotwise.actuator.ActionExecutor;
import io.spotwise.actuator.ActuatorMetrics;
import io.spotwise.common.contract.Action;
import io.spotwise.common.kafka.DeadLetters;
import io.spotwise.common.kafka.Topics;
import io.spotwise.common.serde.RecordCodec;
import io.spotwise.common.serde.RecordReadException;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge between {@code spotwise.actions} and the executor. One thread polls the consumer group and handles records
 * one at a time, in order: decode (unreadable → dead letter), skip ids already completed, execute, publish the outcome
 * and wait for its ack, and only then commit the record's offset. A crash anywhere before the commit redelivers the
 * action, and {@link CompletedActions} plus the guard make the redelivery harmless.
 */
public final class ActionConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActionConsumer.class);
    private static final long STEP_TIMEOUT_MINUTES = 10;

    private final KafkaConsumer<String, byte[]> consumer;
    private final ActionExecutor executor;
    private final OutcomePublisher outcomes;
    private final DeadLetters deadLetters;
    private final CompletedActions completed;
    private final ActuatorMetrics metrics;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    public ActionConsumer(Map<String, Object> consumerConfig, ActionExecutor executor, OutcomePublisher outcomes, DeadLetters deadLetters,
                          CompletedActions completed, ActuatorMetrics metrics) {
        this.consumer = new KafkaConsumer<>(consumerConfig);
        this.executor = executor;
        this.outcomes = outcomes;
        this.deadLetters = deadLetters;
        this.completed = completed;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "spotwise-action-consumer");
    }

    public void start() {
        consumer.subscribe(java.util.List.of(Topics.ACTIONS), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                LOG.info("Giving up action partitions {}", partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                LOG.info("Reading action partitions {}", partitions);
                assigned = true;
            }
        });
        thread.start();
    }

    /** False once the consuming loop died on an error while it should run: liveness, so the pod is restarted. */
    public boolean alive() {
        return !running || thread.isAlive() || thread.getState() == Thread.State.NEW;
    }

    /** Joined the group and has partitions to read (or the group has none to give). */
    public boolean ready() {
        return assigned && thread.isAlive();
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (!running) {
                        return;
                    }
                    handle(record);
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1)));
                }
                updateLag();
            }
        } catch (WakeupException e) {
            LOG.debug("Action consumer woken up to stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            // Stop without committing: the action is redelivered to whoever owns the partition next.
            LOG.error("Action consumer stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException, ExecutionException, TimeoutException {
        Action action;
        try {
            action = RecordCodec.decode(record.value(), Action.class, record.topic(), record.partition(), record.offset());
        } catch (RecordReadException e) {
            metrics.deadLetter();
            await(deadLetters.send(record.topic(), record.partition(), record.offset(), record.key(), record.value(), e.reason(), e.field()));
            return;
        }
        if (completed.contains(action.id())) {
            LOG.info("{}: action {} ({}) was already completed, not acting again", action.workload(), action.id(), action.type());
            return;
        }
        LOG.debug("{}: acting on {} {}", action.workload(), action.type(), action.id());
        await(executor.execute(action).compose(outcome -> outcomes.publish(outcome)));
        completed.add(action.id());
    }

    private static <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(STEP_TIMEOUT_MINUTES, TimeUnit.MINUTES);
    }

    private void updateLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            lag += l.orElse(0);
        }
        metrics.consumerLag(lag);
    }

    /** Stops after the action in progress; its offset is committed only if its outcome was acked. */
    @Override
    public void close() throws InterruptedException {
        running = false; // no wakeup(): it would abort the commit of an action whose outcome is already acked
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
