package io.spotwise.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port free on this machine now (the OS picks it), for a broker, a service or a proxy started next. */
public final class FreePort {

    private FreePort() {
    }

    public static int pick() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port to listen on", e);
        }
    }
}
