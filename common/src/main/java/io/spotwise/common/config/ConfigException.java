package io.spotwise.common.config;

/** A configuration value is missing or invalid. The message names the key and the bad value; it is the one line a service prints when it refuses to start. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
