package io.spotwise.sim.api;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CRUD store's object map with an index by (resource, group, version, namespace, name): the fabric8 mock finds
 * one object by scanning every stored object, which at 10,000 pods made each get, create and update cost
 * milliseconds. Installed in place of the mock's map (same synchronized LinkedHashMap semantics); the index is kept
 * in step by {@link #put} and {@link #remove}, the only writes the mock makes besides {@link #clear}.
 */
final class StoreIndex extends LinkedHashMap<AttributeSet, String> {

    private final Map<String, AttributeSet> byName = new HashMap<>();

    /** The index key of a stored object's attributes or of a query naming one object; null if it names none. */
    static String key(AttributeSet attributes) {
        String plural = value(attributes, "plural");
        String name = value(attributes, "name");
        if (plural == null || name == null) {
            return null;
        }
        return plural + '|' + value(attributes, "api") + '|' + value(attributes, "version") + '|'
                + value(attributes, "namespace") + '|' + name;
    }

    private static String value(AttributeSet attributes, String key) {
        Attribute a = attributes.getAttribute(key);
        return a == null || a.getValues().size() != 1 ? null : a.getValues().get(0).toString();
    }

    /** The stored object matching {@code query} (call holding the map's lock); null if there is none. */
    Map.Entry<AttributeSet, String> find(String key, AttributeSet query) {
        AttributeSet stored = byName.get(key);
        String value = stored == null ? null : get(stored);
        return value != null && stored.matches(query) ? Map.entry(stored, value) : null;
    }

    @Override
    public String put(AttributeSet key, String value) {
        String k = key(key);
        if (k != null) {
            byName.put(k, key);
        }
        return super.put(key, value);
    }

    @Override
    public String remove(Object key) {
        if (key instanceof AttributeSet set) {
            String k = key(set);
            if (k != null && set.equals(byName.get(k))) {
                byName.remove(k);
            }
        }
        return super.remove(key);
    }

    @Override
    public void clear() {
        byName.clear();
        super.clear();
    }
}
