package io.spotwise.sim.api;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code labelSelector} and {@code fieldSelector} of a list or watch, evaluated by the sim itself:
 * the fabric8 mock ignores set-based label selectors and every field selector but name and namespace.
 * Supports {@code =, ==, !=, in, notin, key, !key} for labels and {@code =, ==, !=} on any dotted field path.
 */
public final class ObjectSelector implements Predicate<JsonObject> {

    private final List<Predicate<JsonObject>> terms;

    private ObjectSelector(List<Predicate<JsonObject>> terms) {
        this.terms = terms;
    }

    public static ObjectSelector of(String labelSelector, String fieldSelector) {
        return of(labelSelector, fieldSelector, null, null);
    }

    /** Selectors of a request on {@code group/resource}: field labels are checked as that resource's registry does. */
    public static ObjectSelector of(String labelSelector, String fieldSelector, String group, String resource) {
        List<Predicate<JsonObject>> terms = new ArrayList<>();
        for (String term : splitTerms(labelSelector)) {
            terms.add(labelTerm(term));
        }
        for (String term : splitTerms(fieldSelector)) {
            terms.add(fieldTerm(term, group, resource));
        }
        return new ObjectSelector(terms);
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    @Override
    public boolean test(JsonObject object) {
        for (Predicate<JsonObject> t : terms) {
            if (!t.test(object)) {
                return false;
            }
        }
        return true;
    }

    static List<String> splitTerms(String selector) {
        List<String> out = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return out;
        }
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().trim());
        }
        return out;
    }

    private static Predicate<JsonObject> labelTerm(String term) {
        String[] setOp = term.split("\\s+(notin|in)\\s+", 2);
        if (setOp.length == 2) {
            String key = setOp[0].trim();
            boolean notIn = term.substring(key.length()).trim().startsWith("notin");
            Set<String> values = Set.of(setOp[1].replaceAll("[()\\s]", "").split(","));
            return o -> {
                String v = label(o, key);
                return notIn ? v == null || !values.contains(v) : v != null && values.contains(v);
            };
        }
        if (term.contains("!=")) {
            String[] kv = term.split("!=", 2);
            return o -> !kv[1].trim().equals(label(o, kv[0].trim()));
        }
        if (term.contains("=")) {
            String[] kv = term.split("==?", 2);
            return o -> kv[1].trim().equals(label(o, kv[0].trim()));
        }
        if (term.startsWith("!")) {
            String key = term.substring(1).trim();
            return o -> label(o, key) == null;
        }
        return o -> label(o, term) != null;
    }

    private static Predicate<JsonObject> fieldTerm(String term, String group, String resource) {
        boolean negate = term.contains("!=");
        String[] kv = negate ? term.split("!=", 2) : term.split("==?", 2);
        if (kv.length != 2) {
            throw new ApiException(400, "BadRequest", "invalid field selector term '" + term + "'");
        }
        String field = kv[0].trim();
        String value = kv[1].trim();
        Function<JsonObject, String> reader = resource == null ? o -> field(o, field)
                : FieldLabels.reader(group, resource, field);
        return o -> negate != value.equals(reader.apply(o));
    }

    private static String label(JsonObject o, String key) {
        JsonObject labels = o.getJsonObject("metadata", new JsonObject()).getJsonObject("labels");
        return labels == null ? null : labels.getString(key);
    }

    /** The value at a dotted path as the API server compares it; a missing field is the empty string. */
    static String field(JsonObject o, String dotted) {
        Object cur = o;
        for (String part : dotted.split("\\.")) {
            if (!(cur instanceof JsonObject obj)) {
                return "";
            }
            cur = obj.getValue(part);
        }
        return cur == null ? "" : cur.toString();
    }
}
