package io.spotwise.actuator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.spotwise.actuator.ActuatorMetrics;
import io.spotwise.actuator.KubeWorker;
import io.spotwise.actuator.eviction.RetryBackoff;
import io.spotwise.contract.EventRecord;
import io.spotwise.contract.InvolvedObject;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events the way client-go's recorder does: one reporting controller name, the instance name, and
 * aggregation of repeats (the same object, reason, type and message raise {@code count} and {@code lastTimestamp} of
 * the existing Event instead of creating another). The Event's name is derived from exactly that identity, so
 * aggregation also holds across restarts and replicas. A per-object rate limit drops storms. Failing to write is
 * logged and never fails the action: the returned future always succeeds, with null when nothing was written.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    /** Annotation on our Events: the ids of the last actions that created or counted them. */
    public static final String ACTION_IDS = "spotwise.io/action-ids";
    private static final int REMEMBERED_IDS = 10;

    private final KubernetesClient client;
    private final KubeWorker worker;
    private final ActuatorMetrics metrics;
    private final String controller;
    private final String instance;
    private final Clock clock;
    private final ObjectRateLimiter limiter;
    private final RetryBackoff backoff;

    public EventRecorder(KubernetesClient client, KubeWorker worker, ActuatorMetrics metrics, String controller, String instance,
                         int burst, Duration refill, RetryBackoff backoff, Clock clock) {
        this.client = client;
        this.worker = worker;
        this.metrics = metrics;
        this.controller = controller;
        this.instance = instance;
        this.clock = clock;
        this.limiter = new ObjectRateLimiter(burst, refill, System::nanoTime);
        this.backoff = backoff;
    }

    /**
     * Writes the Event of one action, exactly once per action id: an eviction's Event is named after the action id (a
     * redelivery finds it: 409 / already there = done); other Events aggregate per object and remember the last action
     * ids that counted, so a redelivered action does not count twice.
     */
    public Future<EventRecord> record(EventSpec spec, String actionId) {
        InvolvedObject o = spec.involvedObject();
        if (!limiter.tryAcquire(o.kind() + "/" + o.namespace() + "/" + o.name())) {
            metrics.event("dropped");
            LOG.warn("Dropped Event {} on {}({}/{}): more than the per-object Event rate allows", spec.reason(), o.kind(), o.namespace(), o.name());
            return Future.succeededFuture(null);
        }
        return worker.callRetrying("Writing Event " + spec.reason() + " on " + o.kind() + "(" + o.namespace() + "/" + o.name() + ")", backoff,
                () -> perAction(spec) ? writeOnce(spec, actionId) : aggregate(spec, actionId))
                .recover(e -> {
                    metrics.event("failed");
                    LOG.warn("Could not write Event {} on {}({}/{}): {}", spec.reason(), o.kind(), o.namespace(), o.name(), e.toString());
                    return Future.succeededFuture(null);
                });
    }

    /**
     * The Event an earlier attempt of this action wrote on {@code object} (kind, namespace, name), whatever its reason
     * and message: the one whose {@value #ACTION_IDS} names the action. Null when there is none. Read with a field
     * selector on the involved object, and filtered here too (not every API server honours every field selector).
     */
    public Future<EventRecord> writtenFor(InvolvedObject object, String actionId) {
        return worker.callRetrying("Reading the Events of " + object.kind() + "(" + object.namespace() + "/" + object.name() + ")", backoff,
                () -> client.v1().events().inNamespace(object.namespace())
                        .withField("involvedObject.name", object.name()).withField("involvedObject.kind", object.kind()).list()
                        .getItems().stream()
                        .filter(e -> e.getInvolvedObject() != null && object.name().equals(e.getInvolvedObject().getName())
                                && object.kind().equals(e.getInvolvedObject().getKind()) && countedActions(e).contains(actionId))
                        .findFirst().map(this::toRecord).orElse(null));
    }

    private EventRecord toRecord(Event e) {
        var o = e.getInvolvedObject();
        return new EventRecord(e.getReason(), e.getType(), e.getMessage(),
                new InvolvedObject(o.getKind(), o.getApiVersion(), o.getNamespace(), o.getName(), o.getUid()), controller,
                e.getReportingInstance(), e.getCount() == null ? 1 : e.getCount(), clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /** Evictions happen once per action: their Event is the action's own. */
    static boolean perAction(EventSpec spec) {
        return spec.reason().equals(SpotEventReason.SpotRebalancingEviction.name()) || spec.reason().equals(SpotEventReason.SpotFallbackEviction.name());
    }

    private EventRecord writeOnce(EventSpec spec, String actionId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String name = prefix(spec.involvedObject()) + "." + hash(actionId + "\n" + spec.reason());
        if (created(newEvent(spec, name, now, actionId))) {
            return toRecord(spec, 1, now);
        }
        // 409: it exists, so an earlier attempt of this very action wrote it (a redelivery).
        Event existing = client.v1().events().inNamespace(spec.involvedObject().namespace()).withName(name).get();
        metrics.event("existing");
        LOG.info("Event {} of action {} already written (redelivery): not writing it again", spec.reason(), actionId);
        return toRecord(spec, existing == null || existing.getCount() == null ? 1 : existing.getCount(), now);
    }

    private EventRecord aggregate(EventSpec spec, String actionId) {
        InvolvedObject o = spec.involvedObject();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String name = eventName(spec);
        var events = client.v1().events().inNamespace(o.namespace());
        Event existing = events.withName(name).get();
        if (existing == null) {
            if (created(newEvent(spec, name, now, actionId))) {
                return toRecord(spec, 1, now);
            }
            existing = events.withName(name).get(); // another replica wrote it at the same moment
        }
        int current = existing.getCount() == null ? 1 : existing.getCount();
        List<String> counted = countedActions(existing);
        if (actionId != null && counted.contains(actionId)) {
            metrics.event("existing");
            LOG.info("Event {} on {}({}/{}) already counts action {} (redelivery): not counting it again", spec.reason(), o.kind(),
                    o.namespace(), o.name(), actionId);
            return toRecord(spec, current, now);
        }
        List<String> ids = new ArrayList<>(counted);
        if (actionId != null) {
            ids.add(actionId);
        }
        String remembered = String.join(",", ids.subList(Math.max(0, ids.size() - REMEMBERED_IDS), ids.size()));
        String patch = "{\"count\":" + (current + 1) + ",\"lastTimestamp\":\"" + seconds(now) + "\",\"metadata\":{\"annotations\":{\""
                + ACTION_IDS + "\":\"" + remembered + "\"}}}";
        events.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        metrics.event("aggregated");
        return toRecord(spec, current + 1, now);
    }

    /** Creates the Event: true when written, false when one of its name exists already (409). */
    private boolean created(Event event) {
        try {
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
            metrics.event("written");
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return false;
        }
    }

    private static List<String> countedActions(Event e) {
        String ids = e.getMetadata().getAnnotations() == null ? null : e.getMetadata().getAnnotations().get(ACTION_IDS);
        return ids == null || ids.isBlank() ? List.of() : List.of(ids.split(","));
    }

    private Event newEvent(EventSpec spec, String name, Instant now, String actionId) {
        InvolvedObject o = spec.involvedObject();
        return new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(o.namespace())
                .addToAnnotations(ACTION_IDS, actionId == null ? "" : actionId).endMetadata()
                .withNewInvolvedObject()
                .withKind(o.kind()).withApiVersion(o.apiVersion()).withNamespace(o.namespace()).withName(o.name()).withUid(o.uid())
                .endInvolvedObject()
                .withReason(spec.reason())
                .withType(spec.type())
                .withMessage(spec.message())
                .withAction(spec.action())
                .withNewSource().withComponent(controller).endSource()
                .withReportingComponent(controller)
                .withReportingInstance(instance)
                .withFirstTimestamp(seconds(now))
                .withLastTimestamp(seconds(now))
                .withEventTime(new MicroTime(DateTimeFormatter.ISO_INSTANT.format(now)))
                .withCount(1)
                .build();
    }

    private EventRecord toRecord(EventSpec spec, int count, Instant now) {
        return new EventRecord(spec.reason(), spec.type(), spec.message(), spec.involvedObject(), controller, instance, count, now);
    }

    /** {@code <object>.<16 hex>}: stable for one (object, reason, type, message, controller), like an aggregation key. */
    String eventName(EventSpec spec) {
        InvolvedObject o = spec.involvedObject();
        String identity = String.join("\n", o.kind(), o.namespace(), o.name(), String.valueOf(o.uid()), spec.reason(), spec.type(),
                spec.message(), controller);
        return prefix(o) + "." + hash(identity);
    }

    private static String prefix(InvolvedObject o) {
        return o.name().length() > 200 ? o.name().substring(0, 200) : o.name();
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static String seconds(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
