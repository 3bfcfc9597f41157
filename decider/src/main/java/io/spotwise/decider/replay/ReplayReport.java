package io.spotwise.decider.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/** The replay's answer as a text table: per workload and in total, recorded / replayed / what-if and the change. */
public final class ReplayReport {

    private static final String ROW = "%-44s %-22s %9s %9s %9s %8s";

    private ReplayReport() {
    }

    public static List<String> lines(Replay.Result r) {
        List<String> out = new ArrayList<>();
        out.add("spotwise replay " + r.start() + " .. " + r.end() + " (" + r.records() + " records); what-if: " + r.changes());
        out.add(String.format(ROW, "WORKLOAD", "", "RECORDED", "REPLAYED", "WHAT-IF", "CHANGE"));
        TreeSet<String> keys = new TreeSet<>(r.recorded().byWorkload().keySet());
        keys.addAll(r.replayed().byWorkload().keySet());
        keys.addAll(r.whatIf().byWorkload().keySet());
        for (String key : keys) {
            rows(out, key, r.recorded().get(key), r.replayed().get(key), r.whatIf().get(key));
        }
        rows(out, "TOTAL", r.recorded().total(), r.replayed().total(), r.whatIf().total());
        out.add("RECORDED: the topics; REPLAYED: the history through the policy with the settings in force; "
                + "WHAT-IF: with the changes; CHANGE = WHAT-IF - REPLAYED.");
        return out;
    }

    private static void rows(List<String> out, String workload, Tally.Counts rec, Tally.Counts rep, Tally.Counts what) {
        row(out, workload, "placed on spot", rec, rep, what, c -> c.placedSpot, "");
        row(out, "", "placed on on-demand", rec, rep, what, c -> c.placedOnDemand, "");
        row(out, "", "rebalancing evictions", rec, rep, what, c -> c.rebalanceEvictions, "");
        row(out, "", "fallback evictions", rec, rep, what, c -> c.fallbackEvictions, "");
        row(out, "", "fallbacks", rec, rep, what, c -> c.fallbacks, "");
        row(out, "", "spot share at end", rec, rep, what, Tally.Counts::spotShare, " %");
    }

    private static void row(List<String> out, String workload, String metric, Tally.Counts rec, Tally.Counts rep, Tally.Counts what,
                            ToIntFunction<Tally.Counts> f, String unit) {
        int change = f.applyAsInt(what) - f.applyAsInt(rep);
        out.add(String.format(ROW, workload, metric, f.applyAsInt(rec) + unit, f.applyAsInt(rep) + unit, f.applyAsInt(what) + unit,
                (change > 0 ? "+" : "") + change).stripTrailing());
    }
}
