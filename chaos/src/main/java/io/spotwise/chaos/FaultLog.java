package io.spotwise.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the workload generator and the nemesis did, in order: the campaign's own account, for the report. */
public final class FaultLog {

    private static final Logger LOG = LoggerFactory.getLogger(FaultLog.class);

    /** One injected fault or workload change. {@code kind} is e.g. "sigkill", "window:AFTER_EVICTION_BEFORE_EVENT", "scale". */
    public record Entry(Instant at, String source, String kind, String detail) {
        @Override
        public String toString() {
            return at + " " + source + " " + kind + " " + detail;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<ApiProxy.Hit> hits = new ArrayList<>();

    public synchronized void record(String source, String kind, String detail) {
        Entry e = new Entry(Instant.now(), source, kind, detail);
        entries.add(e);
        LOG.info("[{}] {} {}", source, kind, detail);
    }

    public synchronized void hit(ApiProxy.Hit hit) {
        hits.add(hit);
        record("nemesis", "window:" + hit.window(), hit.replica() + " SIGKILLed after " + hit.method() + " " + hit.path() + " answered "
                + hit.status());
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<ApiProxy.Hit> hits() {
        return List.copyOf(hits);
    }

    /** How many of each kind, by source: {@code nemesis sigkill → 12}. */
    public synchronized Map<String, Integer> counts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Entry e : entries) {
            counts.merge(e.source() + " " + e.kind(), 1, Integer::sum);
        }
        return counts;
    }
}
