package io.spotwise.common.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key, declared once: environment variable name, type (as a parser), default, validation and
 * documentation. A key with a null default is required.
 */
public final class ConfigKey<T> {

    private final String name;
    private final Function<String, T> parser;
    private final String defaultValue;
    private final Predicate<T> valid;
    private final String expectation;
    private final String doc;
    private final boolean secret;
    private final List<String> formerNames;

    private ConfigKey(String name, Function<String, T> parser, String defaultValue, Predicate<T> valid,
                      String expectation, String doc, boolean secret) {
        this(name, parser, defaultValue, valid, expectation, doc, secret, List.of());
    }

    private ConfigKey(String name, Function<String, T> parser, String defaultValue, Predicate<T> valid,
                      String expectation, String doc, boolean secret, List<String> formerNames) {
        this.name = Objects.requireNonNull(name);
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.valid = valid;
        this.expectation = expectation;
        this.doc = doc;
        this.secret = secret;
        this.formerNames = List.copyOf(formerNames);
    }

    /**
     * The same key, also read under names it had in the previous release: such a name still works, with a warning that
     * names this key ({@link Config#deprecations()}). Drop the former names one release later.
     */
    public ConfigKey<T> formerly(String... names) {
        return new ConfigKey<>(name, parser, defaultValue, valid, expectation, doc, secret, List.of(names));
    }

    public static ConfigKey<String> string(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, s -> s, defaultValue, s -> true, "a string", doc, false);
    }

    public static ConfigKey<String> nonEmpty(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, String::trim, defaultValue, s -> !s.isEmpty(), "a non-empty string", doc, false);
    }

    public static ConfigKey<String> secret(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, s -> s, defaultValue, s -> true, "a string", doc, true);
    }

    public static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
        return new ConfigKey<>(name, s -> Integer.parseInt(s.trim()), Integer.toString(defaultValue),
                v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]", doc, false);
    }

    public static ConfigKey<Double> decimal(String name, double defaultValue, double min, double max, String doc) {
        return new ConfigKey<>(name, s -> Double.parseDouble(s.trim()), Double.toString(defaultValue),
                v -> v >= min && v <= max, "a number in [" + min + ", " + max + "]", doc, false);
    }

    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
        return new ConfigKey<>(name, ConfigKey::parseBool, Boolean.toString(defaultValue), v -> true, "true or false", doc, false);
    }

    /** A positive duration such as {@code 30s}, {@code 1m}, {@code 500ms}. */
    public static ConfigKey<Duration> duration(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, Durations::parse, defaultValue, d -> !d.isNegative() && !d.isZero(),
                "a positive duration such as 500ms, 30s, 1m", doc, false);
    }

    /** Comma-separated list; empty entries are dropped. */
    public static ConfigKey<List<String>> list(String name, String defaultValue, String doc) {
        return new ConfigKey<>(name, s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList(),
                defaultValue, v -> true, "a comma-separated list", doc, false);
    }

    /** A trimmed string the predicate accepts; {@code expectation} completes "... is not ". */
    public static ConfigKey<String> matching(String name, String defaultValue, Predicate<String> valid, String expectation, String doc) {
        return new ConfigKey<>(name, String::trim, defaultValue, valid, expectation, doc, false);
    }

    /** One of the given words (case-sensitive). */
    public static ConfigKey<String> oneOf(String name, String defaultValue, String doc, String... allowed) {
        List<String> options = List.of(allowed);
        return new ConfigKey<>(name, String::trim, defaultValue, options::contains, "one of " + options, doc, false);
    }

    private static Boolean parseBool(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) {
            return true;
        }
        if (t.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    public String name() {
        return name;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    public boolean secret() {
        return secret;
    }

    /** Names this key had before (still read, with a warning). */
    public List<String> formerNames() {
        return formerNames;
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** Parses and validates; the exception names the key, the bad value and what was expected. */
    T parse(String raw) {
        T value;
        try {
            value = parser.apply(raw);
        } catch (RuntimeException e) {
            throw invalid(raw);
        }
        if (!valid.test(value)) {
            throw invalid(raw);
        }
        return value;
    }

    private ConfigException invalid(String raw) {
        String shown = secret ? "****" : "'" + raw + "'";
        return new ConfigException("Invalid configuration: " + name + "=" + shown + " is not " + expectation);
    }
}
