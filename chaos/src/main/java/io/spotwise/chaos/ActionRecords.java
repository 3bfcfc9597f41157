package io.spotwise.chaos;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checker's own reading of {@code spotwise.actions} and {@code spotwise.outcomes} records, from raw JSON and
 * tolerant of the contract's shape (flat or typed per kind), so it does not share the services' code.
 */
final class ActionRecords {

    /** An action as the checker needs it. {@code epoch} is null when the record carries no leader epoch. */
    record ActionView(String id, String type, String workload, String podName, String podUid, Long epoch, int partition, long offset) {
    }

    /** An outcome; {@code event} is the Event it reports, null when none. */
    record OutcomeView(String actionId, String result, String workload, JsonObject event, int partition, long offset) {
        boolean terminal() {
            String r = result == null ? "" : result.toUpperCase(Locale.ROOT);
            return !(r.contains("START") || r.contains("PROGRESS") || r.contains("BEGIN") || r.contains("ACCEPT"));
        }
    }

    private static final Set<String> ID_FIELDS = Set.of("id", "actionId");

    private ActionRecords() {
    }

    static List<ActionView> actions(List<TopicReader.Rec> records) {
        return records.stream().filter(r -> r.value() != null && id(r.value()) != null).map(ActionRecords::action).toList();
    }

    static List<OutcomeView> outcomes(List<TopicReader.Rec> records) {
        return records.stream().filter(r -> r.value() != null && r.text("actionId") != null)
                .map(r -> new OutcomeView(r.text("actionId"), r.text("result"), workload(r), r.object("event"), r.partition(), r.offset()))
                .toList();
    }

    private static ActionView action(TopicReader.Rec r) {
        JsonObject v = r.value();
        JsonObject pod = v.getValue("pod") instanceof JsonObject p ? p : v.getValue("target") instanceof JsonObject t ? t : null;
        Object epoch = v.getValue("epoch") != null ? v.getValue("epoch") : v.getValue("leaderEpoch");
        if (epoch instanceof JsonObject e) {
            epoch = e.getValue("epoch");
        }
        String type = first(v, "type", "kind", "actionType", "@type");
        return new ActionView(id(v), type, workload(r), pod == null ? null : pod.getString("name"), pod == null ? null : pod.getString("uid"),
                epoch instanceof Number n ? n.longValue() : null, r.partition(), r.offset());
    }

    private static String id(JsonObject v) {
        for (String f : ID_FIELDS) {
            if (v.getValue(f) instanceof String s) {
                return s;
            }
        }
        return null;
    }

    private static String first(JsonObject v, String... fields) {
        for (String f : fields) {
            if (v.getValue(f) instanceof String s) {
                return s;
            }
        }
        return null;
    }

    /** {@code Kind(namespace/name)} from the record's workload object, else its key. */
    static String workload(TopicReader.Rec r) {
        JsonObject w = r.object("workload");
        if (w != null && w.getString("name") != null) {
            return w.getString("kind") + "(" + w.getString("namespace") + "/" + w.getString("name") + ")";
        }
        return r.key();
    }
}
