package io.spotwise.contract.topic;

import java.util.Map;

/** A topic Spotwise owns: its name, partition count and the configs that must hold on it. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public String cleanupPolicy() {
        return configs.getOrDefault("cleanup.policy", "delete");
    }
}
