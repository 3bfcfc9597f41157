package io.spotwise.sim;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A raw HTTP streaming watch (as client-go opens one), collecting its events; the stream's end is observable. */
final class WatchStream implements AutoCloseable {

    final List<JsonObject> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> status = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    WatchStream(SimulatedCluster sim, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.masterUrl() + pathAndQuery))
                .header("Accept", "application/json").GET().build();
        response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            status.complete(r.statusCode());
            try (Stream<String> lines = r.body()) {
                lines.filter(l -> !l.isBlank()).forEach(l -> events.add(new JsonObject(l)));
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
            ended.complete(null);
        });
    }

    List<String> types() {
        return events.stream().map(e -> e.getString("type")).toList();
    }

    List<String> names() {
        return events.stream().map(e -> e.getJsonObject("object").getJsonObject("metadata").getString("name"))
                .toList();
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
