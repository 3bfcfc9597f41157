package io.spotwise.bench;

import io.spotwise.bench.BenchRun.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run --workloads N --replicas R [--configs spotwise,reference] [--home DIR] [--percentage P]
 * [--time-scale K] [--schedule-timeout-seconds T] [--fallback-window-seconds S] [--phase-timeout-minutes M]}: every configuration through
 * converge → spot outage → fallback → restore → recovery on its own fresh stack, one after the other; the report is
 * printed and written to {@code <home>/report.md}. Exit 0 when every phase of every configuration reached its target,
 * 1 otherwise, 2 on bad arguments.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        BenchSettings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("usage: bench/run --workloads N --replicas R [--configs spotwise,reference] [--home DIR] "
                    + "[--percentage 60] [--time-scale 10] [--schedule-timeout-seconds 30] [--fallback-window-seconds 120] [--phase-timeout-minutes 20]: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<RunResult> runs = run(settings);
        String report = BenchReport.render(settings, runs);
        System.out.println(report);
        System.out.println("Report: " + settings.home().resolve("report.md") + "   service logs: " + settings.home() + "/<config>/logs");
        boolean all = runs.stream().allMatch(r -> r.phases().stream().allMatch(PhaseResult::reached));
        System.exit(all ? 0 : 1);
    }

    /** Runs every configuration of the settings and writes {@code <home>/report.md}. */
    static List<RunResult> run(BenchSettings settings) throws IOException {
        Files.createDirectories(settings.home());
        List<RunResult> runs = new ArrayList<>();
        for (Pacing pacing : settings.pacings()) {
            runs.add(new BenchRun(settings, pacing).run());
        }
        Files.writeString(settings.home().resolve("report.md"), BenchReport.render(settings, runs));
        return runs;
    }

    static BenchSettings parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got " + Arrays.toString(args));
            }
            opts.put(args[i], args[i + 1]);
        }
        int workloads = integer(opts, "--workloads", "100");
        int replicas = integer(opts, "--replicas", "10");
        Path home = Path.of(opts.getOrDefault("--home", ".spotwise-bench/" + workloads + "x" + replicas)).toAbsolutePath();
        List<Pacing> pacings = Arrays.stream(opts.getOrDefault("--configs", "spotwise,reference").split(",")).map(Pacing::parse).toList();
        BenchSettings s = new BenchSettings(workloads, replicas, integer(opts, "--percentage", "60"), pacings, home,
                integer(opts, "--time-scale", "10"), Duration.ofSeconds(integer(opts, "--schedule-timeout-seconds", "30")),
                Duration.ofSeconds(integer(opts, "--fallback-window-seconds", "120")),
                Duration.ofMinutes(integer(opts, "--phase-timeout-minutes", "20")));
        opts.keySet().removeAll(List.of("--workloads", "--replicas", "--home", "--configs", "--percentage", "--time-scale",
                "--schedule-timeout-seconds", "--fallback-window-seconds", "--phase-timeout-minutes"));
        if (!opts.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + opts.keySet());
        }
        return s;
    }

    private static int integer(Map<String, String> opts, String name, String fallback) {
        String v = opts.getOrDefault(name, fallback);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + v + "'");
        }
    }
}
