package io.spotwise.contract;

import java.util.Locale;

/**
 * Every value Spotwise writes to Kafka. Each is a full snapshot or a self-contained fact, never a diff, and carries
 * the schema version it was written with.
 */
public sealed interface SpotwiseRecord permits WorkloadSnapshot, PodSnapshot, Action, Outcome, DeadLetter,
        Decision {

    /** The schema version this build writes and reads, for every record but actions ({@link Action#SCHEMA_VERSION}). */
    int CURRENT_SCHEMA_VERSION = 1;

    int schemaVersion();

    /** CloudEvents {@code ce_type} of the record. */
    default String cloudEventType() {
        return "io.spotwise." + getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT) + ".v" + schemaVersion();
    }
}
