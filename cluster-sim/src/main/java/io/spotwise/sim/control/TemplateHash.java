package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;

/** The {@code pod-template-hash} / {@code controller-revision-hash}: FNV-32a of the template, safely encoded. */
final class TemplateHash {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private TemplateHash() {
    }

    static String of(PodTemplateSpec template) {
        byte[] bytes = Serialization.asJson(template).getBytes(StandardCharsets.UTF_8);
        long hash = 0x811c9dc5L;
        for (byte b : bytes) {
            hash ^= (b & 0xff);
            hash = (hash * 0x01000193L) & 0xffffffffL;
        }
        StringBuilder sb = new StringBuilder();
        do {
            sb.append(ALPHABET.charAt((int) (hash % ALPHABET.length())));
            hash /= ALPHABET.length();
        } while (hash > 0);
        return sb.toString();
    }
}
