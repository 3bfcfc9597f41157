package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Which failures of an API call are retried: no answer and overload, never an answer that refuses. */
class KubeWorkerTest {

    @Test
    void aRequestTimeoutAsFabric8ReportsItIsTransient() {
        // fabric8 wraps a request that got no answer within requestTimeout as "Operation: [patch] ... failed." with code -1
        var timedOut = new KubernetesClientException("Operation: [patch]  for kind: [Event]  with name: [web.1]  in namespace: [shop]  failed.",
                new ExecutionException(new HttpTimeoutException("request timed out")));
        assertThat(KubeWorker.isTransient(timedOut)).isTrue();
        assertThat(KubeWorker.isTransient(new KubernetesClientException("An error has occurred.", new IOException("connection reset")))).isTrue();
    }

    @Test
    void anAnswerThatRefusesIsNotRetriedButOverloadIs() {
        assertThat(KubeWorker.isTransient(new KubernetesClientException(new StatusBuilder().withCode(422).withMessage("invalid").build()))).isFalse();
        assertThat(KubeWorker.isTransient(new KubernetesClientException(new StatusBuilder().withCode(409).withMessage("exists").build()))).isFalse();
        assertThat(KubeWorker.isTransient(new KubernetesClientException(new StatusBuilder().withCode(503).withMessage("etcd").build()))).isTrue();
        assertThat(KubeWorker.isTransient(new KubernetesClientException(new StatusBuilder().withCode(429).withMessage("slow down").build()))).isTrue();
    }

    @Test
    void aFailureWithoutAnAnswerThatIsNotAboutTheNetworkIsNotRetried() {
        assertThat(KubeWorker.isTransient(new KubernetesClientException("Operation: [get] failed.", new IllegalStateException("client closed"))))
                .isFalse();
    }
}
