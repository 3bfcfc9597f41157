package io.spotwise.watcher.publish;

/**
 * A record to (re)publish: the current state of {@code key} on {@code topic}, read from the cache when it is sent.
 * A {@code strayPartition} of zero or more asks instead for a tombstone on that partition, where an older record of
 * the key may still live (the object moved to another partition, or the record was found there at start).
 */
record StateKey(String topic, String key, int strayPartition) {

    static StateKey of(String topic, String key) {
        return new StateKey(topic, key, -1);
    }

    boolean isStray() {
        return strayPartition >= 0;
    }
}
