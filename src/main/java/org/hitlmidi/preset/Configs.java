package org.hitlmidi.preset;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Binds a preset file to its config record, once: the records' compact constructors are the one place the values are
 * checked ({@link Check}, {@link InvalidField}); the binding itself refuses what does not fit a record (an unknown
 * field, a wrong type, an unknown "kind"). Every refusal is a {@link PresetException} "FILE: field PATH: what is
 * wrong", PATH the field's JSON path in the file ({@code exploration.epsilon}, {@code likes.pitch_range.weight},
 * {@code state[1]}), and nothing is half bound: a record is made whole or not at all.
 */
public final class Configs {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();

    private Configs() {
    }

    /** The preset bound to the record of its kind; a {@link PresetException} naming the file and the field if not. */
    public static <T> T bind(Preset p, PresetKind<T> kind) {
        return bind(p, kind.type());
    }

    public static <T> T bind(Preset p, Class<T> type) {
        try {
            T t = JSON.treeToValue(p.json(), type);
            if (t == null) {
                throw new PresetException(p.source() + ": a preset must be one JSON object");
            }
            return t;
        } catch (JsonProcessingException e) {
            throw new PresetException(p.source() + ": " + describe(e, p.json()), e);
        } catch (IllegalArgumentException e) { // Jackson's wrapping of what is not a mapping problem
            InvalidField f = invalid(e);
            throw new PresetException(p.source() + ": " + (f != null ? at(f.field()) + f.getMessage() : e.getMessage()),
                    e);
        }
    }

    private static String describe(JsonProcessingException e, JsonNode doc) {
        String path = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        InvalidField f = invalid(e);
        if (f != null && e instanceof ValueInstantiationException v) {
            // Jackson reports an unknown field only after the record is made: a typo ("alpah") comes first
            String unknown = unknown(at(doc, path), v.getType().getRawClass());
            if (unknown != null) {
                return at(join(path, unknown)) + "is not a field here; allowed: " + names(known(v.getType().getRawClass()));
            }
        }
        if (f != null) {
            return at(join(path, f.field())) + f.getMessage();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String where = path.endsWith(u.getPropertyName()) ? path : join(path, u.getPropertyName());
            return at(where) + "is not a field here; allowed: " + names(u.getKnownPropertyIds());
        }
        if (e instanceof InvalidTypeIdException t) {
            String where = join(path, "kind");
            String known = kinds(t.getBaseType().getRawClass());
            JsonNode v = at(doc, path).get("kind");
            if (v == null || v.isNull()) {
                return at(where) + "is missing; one of " + known;
            }
            return at(where) + show(v) + " is not one of " + known;
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return at(path) + "must be " + words(m.getTargetType()) + ", found " + show(at(doc, path));
        }
        return at(path) + e.getOriginalMessage();
    }

    /** The first field of {@code node} that record {@code c} does not have, or null. */
    private static String unknown(JsonNode node, Class<?> c) {
        if (!node.isObject() || !c.isRecord()) {
            return null;
        }
        List<Object> known = known(c);
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name) && !(name.equals("kind") && typed(c))) {
                return name;
            }
        }
        return null;
    }

    private static List<Object> known(Class<?> c) {
        List<Object> out = new ArrayList<>();
        for (RecordComponent r : c.getRecordComponents()) {
            JsonProperty named = r.getAccessor().getAnnotation(JsonProperty.class);
            out.add(named != null && !named.value().isEmpty() ? named.value() : r.getName());
        }
        return out;
    }

    /** Whether {@code c} is a variant of a type told apart by "kind". */
    private static boolean typed(Class<?> c) {
        for (Class<?> i : c.getInterfaces()) {
            if (i.isAnnotationPresent(JsonTypeInfo.class)) {
                return true;
            }
        }
        return false;
    }

    private static InvalidField invalid(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidField f) {
                return f;
            }
        }
        return null;
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    /** The node at a path made by {@link #path} (missing: a MissingNode). */
    private static JsonNode at(JsonNode doc, String path) {
        JsonNode n = doc;
        for (String step : path.isEmpty() ? new String[0] : path.split("\\.")) {
            int bracket = step.indexOf('[');
            n = n.path(bracket < 0 ? step : step.substring(0, bracket));
            while (bracket >= 0) {
                int end = step.indexOf(']', bracket);
                n = n.path(Integer.parseInt(step.substring(bracket + 1, end)));
                bracket = step.indexOf('[', end);
            }
        }
        return n;
    }

    private static String words(Class<?> c) {
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
            return "a number";
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            return "a whole number";
        }
        if (c == String.class) {
            return "text";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(c) || c.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static String kinds(Class<?> base) {
        JsonSubTypes s = base.getAnnotation(JsonSubTypes.class);
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (JsonSubTypes.Type t : s.value()) {
                out.add(t.name());
            }
        }
        return String.join(", ", out);
    }

    private static String names(Collection<Object> known) {
        TreeSet<String> out = new TreeSet<>();
        if (known != null) {
            known.forEach(k -> out.add(String.valueOf(k)));
        }
        return String.join(", ", out);
    }

    static String show(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : field.isEmpty() ? path : field.startsWith("[") ? path + field
                : path + "." + field;
    }

    private static String at(String path) {
        return path.isEmpty() ? "" : "field " + path + ": ";
    }
}
