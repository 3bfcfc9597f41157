package io.spotwise.watcher.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.spotwise.watcher.WatcherContext;
import io.spotwise.watcher.WatcherMetrics;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One informer's callbacks. They arrive on a fabric8 thread: the event is counted and the object reduced to its facts
 * there ({@code put}/{@code delete} are pure functions of the object that return the update), then the update hops
 * onto the watcher's context, which alone touches the cache. The full object is not kept past the hop.
 */
final class InformerHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

    private static final Logger LOG = LoggerFactory.getLogger(InformerHandler.class);

    private final WatcherContext context;
    private final WatcherMetrics metrics;
    private final String kind;
    private final Predicate<T> accepts;
    private final Function<T, Runnable> put;
    private final Function<T, Runnable> delete;

    InformerHandler(WatcherContext context, WatcherMetrics metrics, String kind, Predicate<T> accepts, Function<T, Runnable> put,
                    Function<T, Runnable> delete) {
        this.context = context;
        this.metrics = metrics;
        this.kind = kind;
        this.accepts = accepts;
        this.put = put;
        this.delete = delete;
    }

    @Override
    public void onAdd(T obj) {
        handle("add", obj, put);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        handle("update", newObj, put);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        handle("delete", obj, delete);
    }

    private void handle(String type, T obj, Function<T, Runnable> action) {
        metrics.informerEvent(kind, type);
        if (!accepts.test(obj)) {
            return;
        }
        String namespace = obj.getMetadata().getNamespace();
        String name = obj.getMetadata().getName();
        Runnable update;
        try {
            update = action.apply(obj);
        } catch (RuntimeException e) {
            LOG.error("{}: cannot process {} event", object(namespace, name), type, e);
            return;
        }
        context.context().runOnContext(v -> {
            try {
                update.run();
            } catch (RuntimeException e) {
                LOG.error("{}: cannot apply {} event", object(namespace, name), type, e);
            }
        });
    }

    /** The object as logs name it, e.g. {@code Pod(shop/web-1)} or {@code Node(spot-1)}. */
    private String object(String namespace, String name) {
        return kind + "(" + (namespace == null ? name : namespace + "/" + name) + ")";
    }
}
