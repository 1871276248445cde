package org.hitlmidi.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The wire format of docs/protocol.md, both directions: one JSON object per UTF-8 line. Decoding is strict
 * (invalid UTF-8, trailing tokens and duplicate keys are errors) so that what the device acts on is exactly
 * what the client meant.
 */
public final class Protocol {
    /** Longest request or reply line, without its newline. */
    public static final int MAX_LINE = 1 << 20;
    /** Unsent lines a client may leave queued before the device drops it. */
    public static final int MAX_BACKLOG = 1 << 20;
    /** Longest error message: one may quote a client's value (a path, a name), which must not make a huge reply. */
    public static final int MAX_MESSAGE = 400;

    /** The command names, from {@link DeviceRequest#commands()} (one record per command). */
    public static final Set<String> COMMANDS = java.util.Collections.unmodifiableSet(
            new java.util.LinkedHashSet<>(DeviceRequest.commands().keySet()));
    public static final Set<String> EVENTS = Set.of("track_started", "track_ended", "rating_stored", "q_updated",
            "undone", "params_changed", "profile_changed", "port", "cc", "learned", "controller", "stopping");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Protocol() {
    }

    public static JsonNodeFactory nodes() {
        return F;
    }

    /**
     * Decodes one line (without its newline).
     *
     * @throws ControlException BAD_REQUEST for what is not a JSON object, UNKNOWN_COMMAND, BAD_VALUE for a
     *     missing or non-text cmd; the exception's {@link #idOf} lets the error reply still carry the id
     */
    public static Request decode(byte[] line, int length) {
        if (length > MAX_LINE) {
            throw new ControlException(ErrorCode.BAD_REQUEST, "line longer than " + MAX_LINE + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new ControlException(ErrorCode.BAD_REQUEST, "the line is not valid UTF-8");
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ControlException(ErrorCode.BAD_REQUEST, "not JSON: " + e.getOriginalMessage());
        }
        if (n == null || n.isMissingNode()) {
            throw new ControlException(ErrorCode.BAD_REQUEST, "empty line: send one JSON object per line");
        }
        if (!n.isObject()) {
            throw new ControlException(ErrorCode.BAD_REQUEST, "a request must be a JSON object, not " + n.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT));
        }
        ObjectNode o = (ObjectNode) n;
        JsonNode id = o.get("id");
        JsonNode cmd = o.get("cmd");
        if (cmd == null || !cmd.isTextual()) {
            throw new RequestException(id, new ControlException(ErrorCode.BAD_VALUE,
                    "cmd must be text naming a command: " + String.join(", ", new java.util.TreeSet<>(COMMANDS))));
        }
        if (!COMMANDS.contains(cmd.textValue())) {
            throw new RequestException(id, new ControlException(ErrorCode.UNKNOWN_COMMAND, "unknown command '"
                    + Request.shorten(cmd).replace("\"", "") + "'; known: "
                    + String.join(", ", new java.util.TreeSet<>(COMMANDS))));
        }
        return new Request(id, cmd.textValue(), o);
    }

    /** An error found after the id was read, so that the reply can carry the id. */
    public static final class RequestException extends ControlException {
        private final transient JsonNode id;

        RequestException(JsonNode id, ControlException cause) {
            super(cause.code(), cause.getMessage(), cause);
            this.id = id;
        }

        public JsonNode id() {
            return id;
        }
    }

    /** The id to echo for an error, when the line had one. */
    public static JsonNode idOf(ControlException e) {
        return e instanceof RequestException r ? r.id() : null;
    }

    /** A success reply: id (when given), ok, then the fields of {@code body}. */
    public static ObjectNode ok(JsonNode id, ObjectNode body) {
        ObjectNode o = F.objectNode();
        if (id != null && !id.isNull()) {
            o.set("id", id);
        }
        o.put("ok", true);
        if (body != null) {
            body.fieldNames().forEachRemaining(f -> {
                if (!f.equals("id") && !f.equals("ok")) {
                    o.set(f, body.get(f));
                }
            });
        }
        return o;
    }

    public static ObjectNode error(JsonNode id, ErrorCode code, String message) {
        ObjectNode o = F.objectNode();
        if (id != null && !id.isNull()) {
            o.set("id", id);
        }
        o.put("ok", false);
        ObjectNode e = o.putObject("error");
        e.put("code", code.id());
        String m = message == null ? code.id() : message;
        e.put("message", m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE - 3) + "...");
        return o;
    }

    public static ObjectNode event(String name, ObjectNode body) {
        ObjectNode o = F.objectNode();
        o.put("event", name);
        if (body != null) {
            o.setAll(body);
        }
        return o;
    }

    /** One line, newline included. */
    public static byte[] encode(JsonNode message) {
        try {
            byte[] b = JSON.writeValueAsBytes(message);
            byte[] line = java.util.Arrays.copyOf(b, b.length + 1);
            line[b.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Parses a line the device sent (client side); the device only sends objects. */
    public static ObjectNode parseReply(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject()) {
                throw new ControlException(ErrorCode.FAILED, "the device sent a line that is not a JSON object");
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw new ControlException(ErrorCode.FAILED, "the device sent a line that is not JSON: " + e.getOriginalMessage());
        }
    }
}
