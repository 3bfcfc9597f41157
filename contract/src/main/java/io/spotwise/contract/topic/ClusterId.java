package io.spotwise.contract.topic;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Which Kubernetes cluster a record belongs to, when several clusters share one Kafka cluster (docs/fleet.md). Every
 * record a service writes carries it in the {@value #HEADER} header; actions, outcomes, decisions and dead letters
 * also in their JSON as {@value #FIELD}. A record without it (written before fleets existed, or by another tool)
 * belongs to the {@value #DEFAULT} cluster.
 */
public final class ClusterId {

    /** The Kafka record header holding the cluster id (UTF-8). */
    public static final String HEADER = "spotwise-cluster";
    /** The JSON field holding the cluster id in actions, outcomes, decisions and dead letters. */
    public static final String FIELD = "cluster";
    /** The cluster id of a single-cluster installation, and of records that carry none. */
    public static final String DEFAULT = "default";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private ClusterId() {
    }

    /** A cluster id is a DNS label: lower-case letters, digits and '-', at most 63, starting and ending alphanumeric. */
    public static boolean valid(String id) {
        return id != null && DNS_LABEL.matcher(id).matches();
    }

    /** The cluster id a header value names: {@value #DEFAULT} when there is none. */
    public static String fromHeader(byte[] value) {
        return value == null || value.length == 0 ? DEFAULT : new String(value, StandardCharsets.UTF_8);
    }

    public static byte[] toHeader(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }
}
