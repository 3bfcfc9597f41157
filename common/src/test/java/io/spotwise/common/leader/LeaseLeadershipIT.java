package io.spotwise.common.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spotwise.common.k8s.KubernetesClients;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeaseLeadershipIT {

    KubernetesClient mockClient;

    @Test
    @DisplayName("a replica that loses the Lease stops leading at once and stands again by itself, leading again once the Lease is free")
    void losesAndStandsAgain() {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        try (KubernetesClient client = KubernetesClients.create("test", 0, mockClient.getConfiguration());
             LeaseLeadership a = new LeaseLeadership(client, "spotwise", "lease", "a", Duration.ofSeconds(1),
                     started::incrementAndGet, stopped::incrementAndGet)) {
            a.start();
            await().atMost(Duration.ofSeconds(10)).until(a::isLeader);

            // Another holder takes the Lease (as after a network partition): a's renewals fail and it steps down.
            // The take-over is an optimistic update: a renewal of a between the read and the write answers 409, so
            // read and write again, as any Lease client does.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                Lease taken = mockClient.leases().inNamespace("spotwise").withName("lease").get();
                mockClient.leases().inNamespace("spotwise").resource(new LeaseBuilder(taken).editSpec()
                        .withHolderIdentity("intruder").withRenewTime(ZonedDateTime.now().plusMinutes(10))
                        .withAcquireTime(ZonedDateTime.now()).withLeaseDurationSeconds(600).endSpec().build()).update();
                return true;
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(a.isLeader()).isFalse();
                assertThat(stopped.get()).isEqualTo(1);
            });

            // The intruder goes away: a, still standing, leads again without anyone re-arming it.
            mockClient.leases().inNamespace("spotwise").withName("lease").delete();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(a.isLeader()).isTrue();
                assertThat(started.get()).isEqualTo(2);
            });
        }
    }
}
