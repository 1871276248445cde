package org.hitlmidi.preset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One parsed preset file with typed accessors whose errors name the file and the field.
 *
 * @param source where it came from (a path, or "built-in:learners/paper.json")
 */
public record Preset(String source, JsonNode json) {

    public String text(String field) {
        JsonNode n = require(field);
        if (!n.isTextual()) {
            throw error(field, "must be text");
        }
        return n.asText();
    }

    public String text(String field, String fallback) {
        return json.has(field) ? text(field) : fallback;
    }

    public double number(String field, double min, double max) {
        JsonNode n = require(field);
        if (!n.isNumber()) {
            throw error(field, "must be a number in " + min + ".." + max);
        }
        double v = n.asDouble();
        if (!(v >= min && v <= max)) {
            throw error(field, v + " is outside " + min + ".." + max);
        }
        return v;
    }

    public double number(String field, double min, double max, double fallback) {
        return json.has(field) ? number(field, min, max) : fallback;
    }

    public int integer(String field, int min, int max) {
        JsonNode n = require(field);
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw error(field, "must be a whole number in " + min + ".." + max);
        }
        int v = n.asInt();
        if (v < min || v > max) {
            throw error(field, v + " is outside " + min + ".." + max);
        }
        return v;
    }

    public int integer(String field, int min, int max, int fallback) {
        return json.has(field) ? integer(field, min, max) : fallback;
    }

    public boolean bool(String field, boolean fallback) {
        if (!json.has(field)) {
            return fallback;
        }
        JsonNode n = json.get(field);
        if (!n.isBoolean()) {
            throw error(field, "must be true or false");
        }
        return n.asBoolean();
    }

    public List<String> texts(String field) {
        JsonNode n = require(field);
        if (!n.isArray()) {
            throw error(field, "must be a list of text");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw error(field, "must be a list of text, found " + e);
            }
            out.add(e.asText());
        }
        return out;
    }

    /** A nested object as a preset of its own, whose errors name "outer.inner". */
    public Preset object(String field) {
        JsonNode n = require(field);
        if (!n.isObject()) {
            throw error(field, "must be an object");
        }
        return new Preset(source + " field '" + field + "'", n);
    }

    public boolean has(String field) {
        return json.has(field);
    }

    /** Fails on fields the reader does not know, so a typo never passes silently. */
    public void allowOnly(Set<String> fields) {
        Set<String> unknown = new TreeSet<>();
        json.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new PresetException(source + ": unknown field(s) " + unknown + "; allowed: " + new TreeSet<>(fields));
        }
    }

    public PresetException error(String field, String what) {
        return new PresetException(source + ": field '" + field + "' " + what);
    }

    private JsonNode require(String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            throw error(field, "is missing");
        }
        return n;
    }
}
