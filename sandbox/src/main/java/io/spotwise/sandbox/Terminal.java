package io.spotwise.sandbox;

import io.fabric8.kubernetes.api.model.Event;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The local run's output for a person: an aligned table of workloads and a line per Kubernetes Event. Colours only
 * when writing to a terminal (and NO_COLOR is unset), so logs and pipes stay clean.
 */
public final class Terminal {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final boolean colour;

    public Terminal(PrintStream out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    public static Terminal forStdout() {
        return new Terminal(System.out, System.console() != null && System.getenv("NO_COLOR") == null);
    }

    public void step(String text) {
        out.println();
        out.println(paint("1", "== " + text));
    }

    public void info(String text) {
        out.println("   " + text);
    }

    public void table(Instant now, List<WorkloadRow> rows) {
        out.println(paint("2", String.format("   %s %-28s %8s %13s %6s %10s %8s  %s", CLOCK.format(now), "WORKLOAD", "REPLICAS",
                "DESIRED S/OD", "SPOT", "ON-DEMAND", "PENDING", "STATE")));
        for (WorkloadRow r : rows) {
            String line = String.format("   %s %-28s %8d %13s %6d %10d %8d  %s", CLOCK.format(now), r.workload(), r.replicas(),
                    r.desiredSpot() + "/" + r.desiredOnDemand(), r.spot(), r.onDemand(), r.pending(), r.state());
            out.println(r.balanced() ? paint("32", line) : r.state().startsWith("fallback") ? paint("33", line) : line);
        }
    }

    public void event(Event e) {
        String when = e.getLastTimestamp() != null ? e.getLastTimestamp().substring(11, 19) : CLOCK.format(Instant.now());
        String line = String.format("   %s %-7s %-24s %s/%s: %s%s", when, e.getType(), e.getReason(),
                e.getInvolvedObject().getKind(), e.getInvolvedObject().getName(), e.getMessage(),
                e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : "");
        out.println("Warning".equals(e.getType()) ? paint("33", line) : paint("36", line));
    }

    private String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
