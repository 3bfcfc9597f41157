package io.spotwise.sim.api;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.spotwise.sim.api.openapi.FieldValidation;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated API server's request router, composed like fabric8's {@code KubernetesMixedDispatcher}: the
 * sim's own handlers first (discovery, eviction, patches, selectors, admission, scale), then the CRUD store.
 * Every answer is JSON with {@code Content-Type: application/json} and every request is recorded.
 */
public final class SimDispatcher extends Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(SimDispatcher.class);

    private final ObjectStore store;
    private final RequestLog log;
    private final ResourceHandlers resources;
    private final Eviction eviction;
    private final PodTermination termination;
    private volatile Discovery discovery = new Discovery("127.0.0.1:0");
    private volatile Function<RecordedRequest, MockResponse> control = r -> null;

    public SimDispatcher(ObjectStore store, RequestLog log, PodAdmission admission, Duration podGracePeriod) {
        this.store = store;
        this.log = log;
        this.termination = new PodTermination(store, Clock.systemUTC());
        this.resources = new ResourceHandlers(store, admission, termination, podGracePeriod);
        this.eviction = new Eviction(store, termination);
    }

    /** Called once the server's address is known. */
    public void serverAddress(String hostPort) {
        this.discovery = new Discovery(hostPort);
    }

    /** Handler of {@code /sim/v1/*} (scenario control); answers null for an unknown path. */
    public void controlEndpoints(Function<RecordedRequest, MockResponse> control) {
        this.control = control;
    }

    public ObjectStore store() {
        return store;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        ApiPath path = ApiPath.parse(request.getPath());
        MockResponse response;
        try {
            response = route(request, path);
        } catch (ApiException e) {
            response = Statuses.response(e.code(), e.toStatus());
        } catch (DecodeException e) {
            response = Statuses.response(400, Statuses.failure(400, "BadRequest",
                    "the request body is not valid JSON: " + e.getMessage(), null));
        } catch (RuntimeException e) {
            LOG.warn("Simulated API server failed on {} {}", request.getMethod(), request.getPath(), e);
            response = Statuses.response(500, Statuses.failure(500, "InternalError", String.valueOf(e), null));
        }
        if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
            response.setHeader("Content-Type", "application/json");
        }
        record(request, path, response);
        return response;
    }

    private MockResponse route(RecordedRequest request, ApiPath p) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (p.path().startsWith("/sim/")) {
            MockResponse r = control.apply(request);
            return r != null ? r : Statuses.notFound(p);
        }
        if (!p.resourceRequest()) {
            return discovery.handle(p);
        }
        if ("pods".equals(p.resource()) && "eviction".equals(p.subresource()) && method.equals("POST")) {
            return eviction.evict(p, request.getUtf8Body());
        }
        if ("scale".equals(p.subresource())) {
            return resources.scale(method, p, request.getUtf8Body());
        }
        if ("pods".equals(p.resource()) && "binding".equals(p.subresource()) && method.equals("POST")) {
            return resources.bind(p, request.getUtf8Body());
        }
        return switch (method) {
            case "PATCH" -> resources.patch(p, request.getHeader("Content-Type"), request.getUtf8Body());
            case "POST" -> p.name() == null ? resources.create(p, request.getUtf8Body()) : store.dispatch(request);
            case "GET" -> p.name() != null && !p.isWatch()
                    ? resources.get(p, request.getHeader("Accept"), store.dispatch(request))
                    : p.isWatch() ? resources.watch(p, request.getHeader("Accept")) : resources.list(p, request.getHeader("Accept"));
            case "DELETE" -> ResourceHandlers.dryRun(p) && p.name() != null ? dryRunDelete(p)
                    : p.name() == null ? resources.deleteCollection(p)
                    : "pods".equals(p.resource()) && p.subresource() == null
                            ? termination.delete(p.objectPath(), PodTermination.requestedGrace(p, request.getUtf8Body()))
                    : store.dispatch(request);
            case "PUT" -> put(p, request);
            default -> store.dispatch(request);
        };
    }

    private MockResponse put(ApiPath p, RecordedRequest request) {
        // getUtf8Body() would consume the buffer the store still has to read
        JsonObject body = new JsonObject(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
        FieldValidation.check(p, body);
        return ResourceHandlers.dryRun(p) ? Statuses.response(200, body) : withBody(p, store.dispatch(request));
    }

    private MockResponse dryRunDelete(ApiPath p) {
        JsonObject stored = store.get(p.objectPath());
        return stored != null ? Statuses.response(200, stored) : Statuses.notFound(p);
    }

    /** An update the store answered without a body (a terminating pod's) answers the stored object. */
    private MockResponse withBody(ApiPath p, MockResponse response) {
        if (response.code() == 200 && ObjectStore.bodyOf(response).isEmpty() && p.name() != null) {
            JsonObject stored = store.get(p.objectPath());
            return stored != null ? Statuses.response(200, stored) : response;
        }
        return response;
    }

    private void record(RecordedRequest request, ApiPath p, MockResponse response) {
        record(request.getMethod(), request.getPath(), request.getHeader("User-Agent"), p, response.code());
    }

    /** Logs a request served outside the dispatcher (a streaming watch). */
    public void record(String method, String rawPath, String userAgent, int code) {
        record(method, rawPath, userAgent, ApiPath.parse(rawPath), code);
    }

    private void record(String method, String rawPath, String userAgent, ApiPath p, int code) {
        boolean res = p.resourceRequest() && p.resource() != null;
        log.record(new RecordedApiRequest(Instant.now(), method, rawPath,
                res ? p.verb(method) : method.toLowerCase(Locale.ROOT),
                res ? effectiveGroup(p) : null, res ? p.version() : null, res ? p.resource() : null,
                res ? p.subresource() : null, res ? p.namespace() : null, res ? p.name() : null,
                userAgent, code));
    }

    /** RBAC checks pods/eviction under the core group, like the API server's request info. */
    private static String effectiveGroup(ApiPath p) {
        return p.group();
    }
}
