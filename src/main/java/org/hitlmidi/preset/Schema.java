package org.hitlmidi.preset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The schema of one kind of preset, in a small subset of JSON Schema (draft 2020-12 keywords): type, enum,
 * const, minimum, maximum, minLength, maxLength, pattern, properties, required, additionalProperties,
 * minProperties, items, minItems, maxItems, uniqueItems, oneOf and local {@code $ref}s to {@code #/$defs/NAME}.
 * Our own rather than a library's so that every problem reads like the rest of our preset errors: the file,
 * then the field's path, then what is wrong. A schema with a keyword outside that subset is refused, so a typo
 * in a schema cannot silently switch a check off.
 */
public final class Schema {
    private static final Set<String> KEYWORDS = Set.of("type", "enum", "const", "minimum", "maximum", "minLength",
            "maxLength", "pattern", "properties", "required", "additionalProperties", "minProperties", "items",
            "minItems", "maxItems", "uniqueItems", "oneOf", "$ref", "$defs");
    private static final Set<String> NOTES = Set.of("$schema", "$id", "$comment", "title", "description", "default",
            "examples");

    private final String name;
    private final JsonNode root;

    private Schema(String name, JsonNode root) {
        this.name = name;
        this.root = root;
        check(root, "");
    }

    /** A schema from its JSON; {@code name} appears in errors about the schema itself. */
    public static Schema of(String name, JsonNode root) {
        return new Schema(name, root);
    }

    /** The built-in schema of presets of a kind (learners, kits, raters, controllers, styles), if there is one. */
    public static Optional<Schema> forKind(String kind) {
        String res = "/org/hitlmidi/preset/schemas/" + kind + ".schema.json";
        try (InputStream in = Schema.class.getResourceAsStream(res)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(of(res, Presets.parse(res, in.readAllBytes()).json()));
        } catch (IOException e) {
            throw new PresetException("cannot read schema " + res + ": " + e.getMessage(), e);
        }
    }

    /** Throws a {@link PresetException} naming the file and every field that breaks the schema. */
    public void validate(Preset preset) {
        List<String> problems = problems(preset.json());
        if (!problems.isEmpty()) {
            throw new PresetException(preset.source() + ": " + String.join("; ", problems));
        }
    }

    /** Every problem of a document, each as "field 'a.b' what is wrong", in document order. */
    public List<String> problems(JsonNode doc) {
        List<String> out = new ArrayList<>();
        walk(root, doc, "", out);
        return out;
    }

    private void walk(JsonNode s, JsonNode v, String path, List<String> out) {
        if (s.has("$ref")) {
            walk(resolve(s.get("$ref").asText()), v, path, out);
        }
        if (s.has("type") && !typeMatches(s.get("type"), v)) {
            out.add(at(path) + "must be " + typeWords(s.get("type")) + ", found " + show(v));
            return;
        }
        if (s.has("const") && !s.get("const").equals(v)) {
            out.add(at(path) + "must be " + s.get("const") + ", found " + show(v));
        }
        if (s.has("enum") && !contains(s.get("enum"), v)) {
            out.add(at(path) + show(v) + " is not allowed; use one of " + words(s.get("enum")));
        }
        if (v.isNumber()) {
            number(s, v, path, out);
        }
        if (v.isTextual()) {
            text(s, v, path, out);
        }
        if (v.isObject()) {
            object(s, v, path, out);
        }
        if (v.isArray()) {
            array(s, v, path, out);
        }
        if (s.has("oneOf")) {
            oneOf(s, v, path, out);
        }
    }

    private static void number(JsonNode s, JsonNode v, String path, List<String> out) {
        double x = v.asDouble();
        boolean low = s.has("minimum") && x < s.get("minimum").asDouble();
        boolean high = s.has("maximum") && x > s.get("maximum").asDouble();
        if ((low || high) && s.has("minimum") && s.has("maximum")) {
            out.add(at(path) + v + " is outside " + s.get("minimum") + ".." + s.get("maximum"));
        } else if (low) {
            out.add(at(path) + v + " is below the minimum " + s.get("minimum"));
        } else if (high) {
            out.add(at(path) + v + " is above the maximum " + s.get("maximum"));
        }
    }

    private static void text(JsonNode s, JsonNode v, String path, List<String> out) {
        int n = v.asText().codePointCount(0, v.asText().length());
        if (s.has("minLength") && n < s.get("minLength").asInt()) {
            out.add(at(path) + "must have at least " + s.get("minLength") + " characters");
        }
        if (s.has("maxLength") && n > s.get("maxLength").asInt()) {
            out.add(at(path) + "must have at most " + s.get("maxLength") + " characters");
        }
        if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find()) {
            out.add(at(path) + show(v) + " does not match " + s.get("pattern").asText());
        }
    }

    private void object(JsonNode s, JsonNode v, String path, List<String> out) {
        if (s.has("required")) {
            for (JsonNode r : s.get("required")) {
                if (!v.has(r.asText()) || v.get(r.asText()).isNull()) {
                    out.add(at(join(path, r.asText())) + "is missing");
                }
            }
        }
        if (s.has("minProperties") && v.size() < s.get("minProperties").asInt()) {
            out.add(at(path) + "must have at least " + s.get("minProperties") + " field(s)");
        }
        JsonNode props = s.path("properties");
        JsonNode extra = s.get("additionalProperties");
        Set<String> unknown = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (props.has(f.getKey())) {
                walk(props.get(f.getKey()), f.getValue(), join(path, f.getKey()), out);
            } else if (extra != null && extra.isObject()) {
                walk(extra, f.getValue(), join(path, f.getKey()), out);
            } else if (extra != null && extra.isBoolean() && !extra.asBoolean()) {
                unknown.add(f.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            List<String> allowed = new ArrayList<>();
            props.fieldNames().forEachRemaining(allowed::add);
            out.add((path.isEmpty() ? "" : at(path) + "has ") + "unknown field(s) " + unknown + "; allowed: "
                    + new TreeSet<>(allowed));
        }
    }

    private void array(JsonNode s, JsonNode v, String path, List<String> out) {
        if (s.has("minItems") && v.size() < s.get("minItems").asInt()) {
            out.add(at(path) + "must have at least " + s.get("minItems") + " item(s)");
        }
        if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
            out.add(at(path) + "must have at most " + s.get("maxItems") + " item(s)");
        }
        if (s.path("uniqueItems").asBoolean(false)) {
            Set<JsonNode> seen = new HashSet<>();
            for (JsonNode e : v) {
                if (!seen.add(e)) {
                    out.add(at(path) + "lists " + e + " twice");
                }
            }
        }
        if (s.has("items")) {
            for (int i = 0; i < v.size(); i++) {
                walk(s.get("items"), v.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private void oneOf(JsonNode s, JsonNode v, String path, List<String> out) {
        List<String> forms = new ArrayList<>();
        int matches = 0;
        for (JsonNode alt : s.get("oneOf")) {
            List<String> p = new ArrayList<>();
            walk(alt, v, path, p);
            matches += p.isEmpty() ? 1 : 0;
            forms.add(alt.path("description").asText(alt.toString()));
        }
        if (matches != 1) {
            out.add(at(path) + (matches == 0 ? "must be " : "must be only one of ") + String.join(" or ", forms)
                    + ", found " + show(v));
        }
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/$defs/") || !root.path("$defs").has(ref.substring(8))) {
            throw new IllegalStateException("schema " + name + ": cannot resolve $ref " + ref);
        }
        return root.get("$defs").get(ref.substring(8));
    }

    /** Refuses keywords outside the subset, and dangling refs, when the schema is loaded. */
    private void check(JsonNode s, String where) {
        if (!s.isObject()) {
            throw new IllegalStateException("schema " + name + " at '" + where + "': a schema must be an object");
        }
        s.fieldNames().forEachRemaining(k -> {
            if (!KEYWORDS.contains(k) && !NOTES.contains(k)) {
                throw new IllegalStateException("schema " + name + " at '" + where + "': unsupported keyword " + k);
            }
        });
        if (s.has("$ref")) {
            resolve(s.get("$ref").asText());
        }
        for (String k : List.of("properties", "$defs")) {
            s.path(k).fields().forEachRemaining(e -> check(e.getValue(), where + "/" + k + "/" + e.getKey()));
        }
        for (String k : List.of("items", "additionalProperties")) {
            if (s.path(k).isObject()) {
                check(s.get(k), where + "/" + k);
            }
        }
        for (JsonNode alt : s.path("oneOf")) {
            check(alt, where + "/oneOf");
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode v) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, v)) {
                    return true;
                }
            }
            return false;
        }
        switch (type.asText()) {
            case "object":
                return v.isObject();
            case "array":
                return v.isArray();
            case "string":
                return v.isTextual();
            case "number":
                return v.isNumber();
            case "integer":
                return v.isIntegralNumber();
            case "boolean":
                return v.isBoolean();
            case "null":
                return v.isNull();
            default:
                throw new IllegalStateException("unknown schema type " + type);
        }
    }

    private static String typeWords(JsonNode type) {
        if (type.isArray()) {
            List<String> w = new ArrayList<>();
            type.forEach(t -> w.add(typeWords(t)));
            return String.join(" or ", w);
        }
        switch (type.asText()) {
            case "object":
                return "an object";
            case "array":
                return "a list";
            case "string":
                return "text";
            case "integer":
                return "a whole number";
            default:
                return "a " + type.asText();
        }
    }

    private static boolean contains(JsonNode list, JsonNode v) {
        for (JsonNode e : list) {
            if (e.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private static String words(JsonNode list) {
        List<String> w = new ArrayList<>();
        list.forEach(e -> w.add(e.isTextual() ? e.asText() : e.toString()));
        return String.join(", ", w);
    }

    private static String show(JsonNode v) {
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : "field '" + path + "' ";
    }
}
