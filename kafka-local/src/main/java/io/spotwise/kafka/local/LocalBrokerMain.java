package io.spotwise.kafka.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a persistent local broker in the foreground until interrupted: {@code LocalBrokerMain <data-dir> <port> <controller-port>}.
 * The kafka-local script uses it; the broker keeps its data between runs.
 */
public final class LocalBrokerMain {

    private LocalBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".spotwise/kafka");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 19092;
        int controllerPort = args.length > 2 ? Integer.parseInt(args[2]) : 19093;
        KafkaBroker broker = KafkaBroker.startPersistent(dir, port, controllerPort);
        System.out.println("Kafka broker ready on " + broker.bootstrapServers() + " (data in " + dir.toAbsolutePath() + ")");
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            done.countDown();
        }));
        done.await();
    }
}
