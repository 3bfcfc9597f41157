package io.spotwise.actuator.eviction;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.spotwise.contract.PodRef;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs one policy/v1 Eviction and returns the API server's answer as data. A raw request on fabric8's HTTP client,
 * because {@code PodResource.evict(..)} turns every 429 into {@code false} and so hides whether a
 * PodDisruptionBudget or API priority and fairness refused. Never deletes. Blocking: call it on the worker pool.
 */
public final class EvictionApi {

    private final KubernetesClient client;
    private final Duration timeout;

    /** @param timeout bound of one attempt: a request with no answer by then counts as "no answer" (retryable) */
    public EvictionApi(KubernetesClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** One attempt, no retry (the client must be built with requestRetryBackoffLimit 0). */
    public EvictionAnswer evict(PodRef pod, String uid) throws InterruptedException {
        Eviction eviction = new EvictionBuilder()
                .withNewMetadata().withNamespace(pod.namespace()).withName(pod.name()).endMetadata()
                .withDeleteOptions(uid == null ? null : new DeleteOptionsBuilder().withNewPreconditions().withUid(uid).endPreconditions().build())
                .build();
        String url = client.getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/" + enc(pod.namespace())
                + "/pods/" + enc(pod.name()) + "/eviction";
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
                .uri(url)
                .post("application/json", client.getKubernetesSerialization().asJson(eviction))
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().sendAsync(request, String.class).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return EvictionAnswer.noAnswer("no answer from the API server: " + cause);
        } catch (TimeoutException e) {
            return EvictionAnswer.noAnswer("no answer from the API server within " + timeout.toMillis() + " ms");
        }
        Status status = parseStatus(response.body());
        List<EvictionAnswer.Cause> causes = status == null || status.getDetails() == null || status.getDetails().getCauses() == null
                ? List.of()
                : status.getDetails().getCauses().stream().map(EvictionApi::cause).toList();
        String message = status != null && status.getMessage() != null ? status.getMessage() : response.message();
        return EvictionAnswer.classify(response.code(), message, causes, retryAfterMillis(response.header("Retry-After")));
    }

    private static EvictionAnswer.Cause cause(StatusCause c) {
        return new EvictionAnswer.Cause(c.getReason(), c.getMessage());
    }

    private Status parseStatus(String body) {
        if (body == null || body.isBlank() || !body.trim().startsWith("{")) {
            return null;
        }
        try {
            return client.getKubernetesSerialization().unmarshal(body, Status.class);
        } catch (RuntimeException e) {
            return null; // a body that is not a Status (a proxy's error page): the HTTP status alone decides
        }
    }

    private static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(header.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 0; // an HTTP-date Retry-After: the backoff alone decides
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
