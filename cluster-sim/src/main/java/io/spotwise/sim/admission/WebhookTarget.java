package io.spotwise.sim.admission;

import io.spotwise.sim.api.LabelSelectors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;

/**
 * One mutating webhook the sim calls on pod CREATE: from a stored MutatingWebhookConfiguration
 * ({@code clientConfig.url} + {@code caBundle}) or from the sim's own options.
 *
 * @param caBundlePem PEM certificates to trust; null with {@code insecure} to skip verification (dev only)
 */
public record WebhookTarget(String name, URI url, String caBundlePem, boolean insecure, Duration timeout,
        boolean failOpen, JsonObject namespaceSelector, JsonObject objectSelector) {

    public boolean appliesTo(JsonObject namespaceLabels, JsonObject podLabels) {
        return (namespaceSelector == null || LabelSelectors.matches(namespaceSelector, namespaceLabels))
                && (objectSelector == null || LabelSelectors.matches(objectSelector, podLabels));
    }

    /** True when a webhook's rules cover CREATE of core/v1 pods. */
    static boolean rulesCoverPodCreate(JsonArray rules) {
        if (rules == null) {
            return false;
        }
        for (Object r : rules) {
            JsonObject rule = (JsonObject) r;
            if (covers(rule.getJsonArray("operations"), "CREATE") && covers(rule.getJsonArray("apiGroups"), "")
                    && covers(rule.getJsonArray("apiVersions"), "v1") && covers(rule.getJsonArray("resources"), "pods")) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(JsonArray values, String wanted) {
        return values != null && (values.contains("*") || values.contains(wanted));
    }
}
