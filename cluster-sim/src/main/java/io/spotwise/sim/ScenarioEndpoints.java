package io.spotwise.sim;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.spotwise.sim.api.ApiPath;
import io.spotwise.sim.api.RecordedApiRequest;
import io.spotwise.sim.nodes.NodePools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario control over HTTP on the API server's port, for a driver in another process. Operations run in the
 * background (they call the API server themselves) and answer 202 at once:
 * POST /sim/v1/spot/outage, POST /sim/v1/spot/restore, POST /sim/v1/nodes/{name}/interrupt,
 * POST /sim/v1/nodes?pool=spot|on-demand&count=N; GET /sim/v1/requests[?service=watcher]; DELETE /sim/v1/requests;
 * GET /sim/v1/health.
 */
final class ScenarioEndpoints implements Function<RecordedRequest, MockResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioEndpoints.class);

    private final SimulatedCluster sim;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sim-scenario");
        t.setDaemon(true);
        return t;
    });

    ScenarioEndpoints(SimulatedCluster sim) {
        this.sim = sim;
    }

    @Override
    public MockResponse apply(RecordedRequest request) {
        ApiPath p = ApiPath.parse(request.getPath());
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String[] seg = p.path().replaceAll("^/+|/+$", "").split("/");
        String op = String.join("/", List.of(seg).subList(2, seg.length));
        return switch (method + " " + op) {
            case "GET health" -> json(200, new JsonObject().put("status", "ok"));
            case "POST spot/outage" -> background("spot outage", sim::spotOutage);
            case "POST spot/restore" -> background("spot restore", sim::restoreSpot);
            case "POST nodes" -> background("add nodes", () -> sim.addNodes(
                    "spot".equals(p.query().get("pool")) ? NodePools.Pool.SPOT : NodePools.Pool.ON_DEMAND,
                    Integer.parseInt(p.query().getOrDefault("count", "1"))));
            case "GET requests" -> json(200, requests(p.query().get("service")));
            case "DELETE requests" -> {
                sim.requestLog().clear();
                yield json(200, new JsonObject().put("status", "cleared"));
            }
            default -> seg.length == 5 && seg[2].equals("nodes") && seg[4].equals("interrupt") && method.equals("POST")
                    ? background("interrupt " + seg[3], () -> sim.interruptSpotNode(seg[3])) : null;
        };
    }

    private MockResponse background(String what, Runnable op) {
        worker.execute(() -> {
            try {
                op.run();
            } catch (RuntimeException e) {
                LOG.warn("Scenario operation '{}' failed", what, e);
            }
        });
        return json(202, new JsonObject().put("status", "accepted").put("operation", what));
    }

    private JsonObject requests(String service) {
        JsonArray items = new JsonArray();
        for (RecordedApiRequest r : sim.requests()) {
            if (service == null || service.equals(r.service())) {
                items.add(JsonObject.mapFrom(r).put("at", r.at().toString()));
            }
        }
        return new JsonObject().put("items", items);
    }

    private static MockResponse json(int code, JsonObject body) {
        return new MockResponse().setResponseCode(code).setBody(body.encode())
                .setHeader("Content-Type", "application/json");
    }
}
