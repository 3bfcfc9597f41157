package io.spotwise.sim.api.watch;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands a watch's events to its sink off the caller's thread, in order: the mock's WebSocket blocks until a frame is
 * written, and the hub delivers while holding its lock (and the store's write lock), often on the event loop.
 */
final class OrderedSender implements WatchSink {

    private static final ExecutorService SENDERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sim-watch-send");
        t.setDaemon(true);
        return t;
    });
    private static final String CLOSE = new String("close");

    private final WatchSink sink;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closed;

    OrderedSender(WatchSink sink) {
        this.sink = sink;
    }

    @Override
    public void send(String event) {
        if (!closed) {
            queue.add(event);
            schedule();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            queue.add(CLOSE);
            closed = true;
            schedule();
        }
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            SENDERS.execute(this::drain);
        }
    }

    @SuppressWarnings("StringEquality")
    private void drain() {
        try {
            String next;
            while ((next = queue.poll()) != null) {
                if (next == CLOSE) {
                    queue.clear();
                    sink.close();
                    return;
                }
                sink.send(next);
            }
        } finally {
            draining.set(false);
            if (!queue.isEmpty()) {
                schedule();
            }
        }
    }
}
