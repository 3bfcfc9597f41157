package io.spotwise.decider.replay;

import io.spotwise.common.config.ConfigException;
import io.spotwise.decider.Decider;
import io.spotwise.decider.DeciderConfig;
import io.spotwise.decider.policy.config.PolicySettings;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spotwise replay [--since 2h] [--set name=value]...}: reads the recorded history from Kafka (the decider's
 * environment: {@code KAFKA_BOOTSTRAP_SERVERS}, the {@code SPOTWISE_KAFKA_*} security keys with a credential that may
 * read the topics, and the policy settings in force, e.g. {@code SPOTWISE_SCHEDULE_TIMEOUT}) and prints what the
 * changed settings would have done. Exit 0 with the report, 2 on a bad argument or setting, 1 when Kafka cannot be read.
 */
public final class ReplayMain {

    private ReplayMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        ReplayOptions options;
        DeciderConfig config;
        try {
            options = ReplayOptions.parse(args);
            Map<String, String> withDefaults = new HashMap<>(env);
            withDefaults.putIfAbsent(DeciderConfig.WEBHOOK_SELF_SIGNED.name(), "true"); // not serving: no certificate needed
            config = DeciderConfig.from(withDefaults);
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("spotwise replay: " + e.getMessage());
            return 2;
        }
        PolicySettings current = Decider.settings(config);
        Duration tick = config.get(DeciderConfig.TICK);
        List<Recorded> history;
        HistoryReader reader = new HistoryReader(config.fleet());
        try {
            history = reader.read(config.kafka(), config.get(DeciderConfig.START_TIMEOUT));
        } catch (RuntimeException e) {
            err.println("spotwise replay: cannot read the history from Kafka at " + config.kafka().get("bootstrap.servers") + ": " + e.getMessage());
            return 1;
        }
        Replay.Result result = Replay.run(history, current, tick, options, Instant.now());
        ReplayReport.lines(result).forEach(out::println);
        if (reader.unreadable() > 0) {
            out.println(reader.unreadable() + " unreadable records skipped (see spotwise.dead-letter)");
        }
        return 0;
    }
}
