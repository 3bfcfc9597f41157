package io.spotwise.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code chaos/run --minutes M --seed S [--settle-minutes N] [--skew-seconds K] [--home DIR]}: one campaign; the report is printed and
 * written to {@code <home>/report.md}; exit 0 when no guarantee was violated, 1 otherwise, 2 on bad arguments.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        long seed;
        long minutes;
        long settle;
        Duration skew;
        try {
            seed = Long.parseLong(opts.getOrDefault("--seed", "1"));
            minutes = Long.parseLong(opts.getOrDefault("--minutes", "5"));
            settle = Long.parseLong(opts.getOrDefault("--settle-minutes", "3"));
            skew = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("--skew-seconds", "-5")));
        } catch (NumberFormatException e) {
            System.err.println("usage: chaos/run --minutes M --seed S [--settle-minutes N] [--skew-seconds K] [--home DIR]: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path home = Path.of(opts.getOrDefault("--home", ".spotwise-chaos/seed-" + seed)).toAbsolutePath();
        CampaignSettings settings = CampaignSettings.of(seed, Duration.ofMinutes(minutes), home).withSettle(Duration.ofMinutes(settle))
                .withClockSkew(skew);
        CampaignResult result = new Campaign(settings).run();
        String report = result.report();
        Files.writeString(home.resolve("report.md"), report);
        System.out.println(report);
        System.out.println("Report: " + home.resolve("report.md") + "   service logs: " + home.resolve("logs"));
        System.exit(result.violations().isEmpty() ? 0 : 1);
    }
}
