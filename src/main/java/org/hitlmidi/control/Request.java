package org.hitlmidi.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One decoded request line: its {@code id} (echoed in the reply, absent when null), its {@code cmd}, and the
 * whole object for the command's fields. The accessors throw {@link ControlException} with
 * {@link ErrorCode#BAD_VALUE} naming the field, so a handler never sees a wrongly typed value.
 */
public record Request(JsonNode id, String cmd, ObjectNode body) {

    public boolean has(String field) {
        JsonNode n = body.get(field);
        return n != null && !n.isNull();
    }

    public int integer(String field, int min, int max) {
        return optInteger(field, min, max).orElseThrow(() -> bad(field + " is missing: a whole number " + min + ".." + max));
    }

    public OptionalInt optInteger(String field, int min, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return OptionalInt.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw bad(field + " must be a whole number " + min + ".." + max + ", not " + shorten(n));
        }
        int v = n.intValue();
        if (v < min || v > max) {
            throw bad(field + " " + v + " outside " + min + ".." + max);
        }
        return OptionalInt.of(v);
    }

    public Optional<Long> optLong(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw bad(field + " must be a whole number, not " + shorten(n));
        }
        return Optional.of(n.longValue());
    }

    public Optional<String> optText(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw bad(field + " must be text, not " + shorten(n));
        }
        return Optional.of(n.textValue());
    }

    public String text(String field) {
        return optText(field).orElseThrow(() -> bad(field + " is missing"));
    }

    public boolean bool(String field, boolean fallback) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw bad(field + " must be true or false, not " + shorten(n));
        }
        return n.booleanValue();
    }

    public Optional<ObjectNode> optObject(String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isObject()) {
            throw bad(field + " must be a JSON object, not " + shorten(n));
        }
        return Optional.of((ObjectNode) n);
    }

    public static ControlException bad(String message) {
        return new ControlException(ErrorCode.BAD_VALUE, message);
    }

    /** A value quoted in an error message, cut so that a huge value cannot make a huge reply. */
    public static String shorten(JsonNode n) {
        String s = n.toString();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
