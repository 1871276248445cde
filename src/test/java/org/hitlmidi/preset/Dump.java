package org.hitlmidi.preset;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic text dump of an object's state, field by field (our classes by reflection; JDK values, lists,
 * maps and arrays by content; lambdas and other JDK objects by kind only): what {@link ShippedPresetsTest} compares
 * against the golden file made before the presets were bound to records.
 */
final class Dump {
    private final StringBuilder out = new StringBuilder();
    private final IdentityHashMap<Object, String> seen = new IdentityHashMap<>();

    private Dump() {
    }

    static String of(String name, Object o) {
        Dump d = new Dump();
        d.walk(name, o, 0);
        return d.out.toString();
    }

    private void line(String path, String value) {
        out.append(path).append(" = ").append(value).append('\n');
    }

    private void walk(String path, Object o, int depth) {
        if (o == null) {
            line(path, "null");
            return;
        }
        Class<?> c = o.getClass();
        if (o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Character
                || o instanceof Enum<?>) {
            line(path, String.valueOf(o));
            return;
        }
        if (seen.containsKey(o)) {
            line(path, "-> " + seen.get(o));
            return;
        }
        if (depth > 12) {
            line(path, "...");
            return;
        }
        seen.put(o, path);
        if (c.isArray() && c.getComponentType().isPrimitive() && Array.getLength(o) > 8) {
            // a long array of numbers (a model's matrix): its length and a hash of its content
            List<Object> xs = new ArrayList<>();
            for (int i = 0; i < Array.getLength(o); i++) {
                xs.add(Array.get(o, i));
            }
            line(path, c.getComponentType() + "[" + xs.size() + "] hash " + xs.hashCode());
            return;
        }
        if (c.isArray()) {
            int n = Array.getLength(o);
            line(path, c.getComponentType().getSimpleName() + "[" + n + "]");
            for (int i = 0; i < n; i++) {
                walk(path + "[" + i + "]", Array.get(o, i), depth + 1);
            }
            return;
        }
        if (o instanceof Collection<?> xs) {
            line(path, "collection of " + xs.size());
            int i = 0;
            for (Object x : xs) {
                walk(path + "[" + i++ + "]", x, depth + 1);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            line(path, "map of " + m.size());
            List<String> keys = new ArrayList<>();
            m.keySet().forEach(k -> keys.add(String.valueOf(k)));
            java.util.Collections.sort(keys);
            for (String k : keys) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (String.valueOf(e.getKey()).equals(k)) {
                        walk(path + "{" + k + "}", e.getValue(), depth + 1);
                    }
                }
            }
            return;
        }
        if (c.isSynthetic() || c.getName().contains("$$Lambda")) {
            line(path, "lambda");
            return;
        }
        if (!c.getName().startsWith("org.hitlmidi.")) {
            line(path, c.getName());
            return;
        }
        line(path, c.getName());
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    walk(path + "." + f.getName(), f.get(o), depth + 1);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    line(path + "." + f.getName(), "unreadable " + e.getClass().getSimpleName());
                }
            }
        }
    }
}
