package io.spotwise.sim.throughput;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mutating admission webhook that allows every pod at once without a patch (plain HTTP on a free port): the sim's
 * throughput is measured without any real webhook's latency in it.
 */
final class StubWebhook implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final AtomicLong reviews = new AtomicLong();

    StubWebhook() throws Exception {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String uid = body.toJsonObject().getJsonObject("request", new JsonObject()).getString("uid", "");
            reviews.incrementAndGet();
            req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview")
                    .put("response", new JsonObject().put("uid", uid).put("allowed", true)).encode());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/mutate";
    }

    long reviews() {
        return reviews.get();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
