package io.spotwise.sim.admission;

import io.spotwise.sim.api.ApiException;
import io.spotwise.sim.api.ObjectStore;
import io.spotwise.sim.api.Patches;
import io.spotwise.sim.api.PodAdmission;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls mutating admission webhooks on every pod CREATE exactly as an API server does: AdmissionReview v1 over
 * HTTPS, the returned base64 JSON Patch applied, denial rejected, and errors or timeouts handled by the
 * webhook's failurePolicy (Ignore = fail open). Webhooks come from the MutatingWebhookConfigurations stored
 * in the sim plus the one given as a sim option. The call blocks the API request, like the real server.
 */
public final class WebhookAdmission implements PodAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAdmission.class);
    private static final String CONFIGS = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";

    private final ObjectStore store;
    private final List<WebhookTarget> fixed;
    private final WebhookTransport transport = new WebhookTransport();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong admittedUnchanged = new AtomicLong();
    /** Bumped by every change of a MutatingWebhookConfiguration; the parsed targets are kept until then. */
    private final AtomicLong configVersion = new AtomicLong();
    private volatile StoredTargets stored = new StoredTargets(-1, List.of());

    private record StoredTargets(long version, List<WebhookTarget> targets) {
    }

    public WebhookAdmission(ObjectStore store, List<WebhookTarget> fixed) {
        this.store = store;
        this.fixed = List.copyOf(fixed);
        store.watches().listen((type, group, resource, object) -> {
            if ("mutatingwebhookconfigurations".equals(resource)) {
                configVersion.incrementAndGet();
            }
        });
    }

    /** How many webhook calls were made (answered or not). */
    public long calls() {
        return calls.get();
    }

    /** How many pods a failed webhook call let through unchanged ({@code failurePolicy: Ignore}). */
    public long admittedUnchanged() {
        return admittedUnchanged.get();
    }

    @Override
    public JsonObject admit(JsonObject pod, String namespace) {
        JsonObject nsLabels = namespaceLabels(namespace);
        JsonObject podLabels = pod.getJsonObject("metadata").getJsonObject("labels", new JsonObject());
        JsonObject current = pod;
        for (WebhookTarget target : targets()) {
            if (target.appliesTo(nsLabels, podLabels)) {
                current = call(target, current, namespace);
            }
        }
        return current;
    }

    private List<WebhookTarget> targets() {
        StoredTargets cached = stored;
        long version = configVersion.get();
        if (cached.version() != version) {
            cached = new StoredTargets(version, storedTargets());
            stored = cached;
        }
        List<WebhookTarget> out = new ArrayList<>(fixed);
        out.addAll(cached.targets());
        return out;
    }

    /** The webhooks of the stored MutatingWebhookConfigurations (a scan of the store: only after a change). */
    private List<WebhookTarget> storedTargets() {
        List<WebhookTarget> out = new ArrayList<>();
        for (JsonObject config : store.list(CONFIGS)) {
            for (Object w : config.getJsonArray("webhooks", new JsonArray())) {
                JsonObject hook = (JsonObject) w;
                JsonObject client = hook.getJsonObject("clientConfig", new JsonObject());
                if (client.getString("url") == null || !WebhookTarget.rulesCoverPodCreate(hook.getJsonArray("rules"))) {
                    continue;
                }
                String ca = client.getString("caBundle");
                out.add(new WebhookTarget(hook.getString("name"), URI.create(client.getString("url")),
                        ca == null ? null : new String(Base64.getDecoder().decode(ca), StandardCharsets.UTF_8),
                        false, Duration.ofSeconds(hook.getInteger("timeoutSeconds", 10)),
                        "Ignore".equals(hook.getString("failurePolicy", "Fail")),
                        hook.getJsonObject("namespaceSelector"), hook.getJsonObject("objectSelector")));
            }
        }
        return out;
    }

    private JsonObject namespaceLabels(String namespace) {
        JsonObject ns = store.get("/api/v1/namespaces/" + namespace);
        JsonObject labels = ns == null ? new JsonObject()
                : ns.getJsonObject("metadata").getJsonObject("labels", new JsonObject()).copy();
        return labels.put("kubernetes.io/metadata.name", namespace);
    }

    private JsonObject call(WebhookTarget target, JsonObject pod, String namespace) {
        calls.incrementAndGet();
        String podName = namespace + "/" + pod.getJsonObject("metadata").getString("name",
                pod.getJsonObject("metadata").getString("generateName", "") + "*");
        JsonObject response;
        try {
            HttpRequest request = HttpRequest.newBuilder(target.url()).timeout(target.timeout())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(review(pod, namespace).encode())).build();
            HttpResponse<String> http = transport.send(target, request);
            if (http.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + http.statusCode());
            }
            response = new JsonObject(http.body()).getJsonObject("response");
            if (response == null) {
                throw new IllegalStateException("AdmissionReview without response");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(target, pod, podName, e);
        } catch (Exception e) {
            return failed(target, pod, podName, e);
        }
        if (!response.getBoolean("allowed", false)) {
            JsonObject status = response.getJsonObject("status", new JsonObject());
            throw new ApiException(status.getInteger("code", 400), "BadRequest", "admission webhook \""
                    + target.name() + "\" denied the request: " + status.getString("message", ""));
        }
        String patch = response.getString("patch");
        if (patch == null || patch.isEmpty()) {
            return pod;
        }
        JsonArray ops = new JsonArray(new String(Base64.getDecoder().decode(patch), StandardCharsets.UTF_8));
        LOG.debug("Webhook {} patched pod {}: {}", target.name(), podName, ops);
        return Patches.applyJsonPatch(pod, ops);
    }

    private JsonObject failed(WebhookTarget target, JsonObject pod, String podName, Exception e) {
        if (target.failOpen()) {
            admittedUnchanged.incrementAndGet();
            LOG.warn("Webhook {} failed for pod {} ({}); failurePolicy Ignore, pod admitted unchanged",
                    target.name(), podName, e.toString());
            return pod;
        }
        throw new ApiException(500, "InternalError", "Internal error occurred: failed calling webhook \""
                + target.name() + "\": " + e);
    }

    private static JsonObject review(JsonObject pod, String namespace) {
        JsonObject gvk = new JsonObject().put("group", "").put("version", "v1").put("kind", "Pod");
        JsonObject gvr = new JsonObject().put("group", "").put("version", "v1").put("resource", "pods");
        JsonObject request = new JsonObject().put("uid", UUID.randomUUID().toString()).put("kind", gvk)
                .put("resource", gvr).put("requestKind", gvk.copy()).put("requestResource", gvr.copy())
                .put("name", pod.getJsonObject("metadata").getString("name", "")).put("namespace", namespace)
                .put("operation", "CREATE")
                .put("userInfo", new JsonObject().put("username", "system:serviceaccount:kube-system:spotwise-sim"))
                .put("object", pod).putNull("oldObject").put("dryRun", false)
                .put("options", new JsonObject().put("kind", "CreateOptions").put("apiVersion", "meta.k8s.io/v1"));
        return new JsonObject().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview")
                .put("request", request);
    }
}
