package io.spotwise.kafka.local;

import java.net.URI;
import java.net.URISyntaxException;

final class URIs {

    private URIs() {
    }

    static URI codeSource(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
        }
    }
}
