package io.spotwise.decider.webhook;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Keeps answers written from inside a read moving. Vert.x writes an HTTP/2 answer ended inside the connection's read
 * into the channel without flushing it, and flushes once the whole read is processed: with hundreds of streams in one
 * read, the answers of the first ones wait for the last ones, and the unflushed bytes pass Netty's write-buffer
 * high-water mark (64 KiB). An unwritable channel then stalls streams in Vert.x 5.0.7 (a stream opened while the
 * channel was unwritable may never be written: docs/benchmarks.md, "Webhook tail"). So an answer written inside a read
 * flushes the channel once the bytes it holds reach half of what it may hold before turning unwritable: a TLS record
 * of about 16 KiB of answers per flush, never an unwritable channel because of our own answers.
 *
 * <p>The channel is reached through Vert.x's connection implementation ({@link ConnectionBase}), an internal type; on
 * a Vert.x whose connections are not one, {@link #channel} answers null and the answer is written on the next turn of
 * the event loop, as before.
 */
final class AnswerFlush {

    private AnswerFlush() {
    }

    /** The connection's Netty channel, or null if this Vert.x does not expose it. */
    static Channel channel(HttpServerRequest req) {
        HttpConnection connection = req.connection();
        return connection instanceof ConnectionBase base ? base.channel() : null;
    }

    /** Flushes the channel if what it holds unflushed reaches half its high-water mark. */
    static void afterAnswer(Channel channel) {
        int high = channel.config().getWriteBufferHighWaterMark();
        if (channel.bytesBeforeUnwritable() < high / 2) {
            channel.flush();
        }
    }
}
