package io.spotwise.decider.webhook;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * The bytes of one admission request as they arrive: one array, sized from {@code content-length} when the client
 * sends it (the API server does), read by the parser in place. Bounds are the webhook's ({@code maxBodyBytes} and the
 * bytes-in-flight budget), checked before {@link #append}.
 */
final class RequestBody {

    private byte[] bytes;
    private int length;

    RequestBody(int expected) {
        bytes = new byte[Math.max(expected, 0)];
    }

    void append(Buffer chunk) {
        int n = chunk.length();
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
        }
        chunk.getBytes(0, n, bytes, length);
        length += n;
    }

    /** The request is answered without being read: what still arrives is not kept. */
    void drop() {
        bytes = null;
    }

    boolean dropped() {
        return bytes == null;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }
}
