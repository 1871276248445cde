package org.hitlmidi.control;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Feel;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.PartNote;
import org.hitlmidi.music.Sketch;

/**
 * The device's client for typed requests and replies: a {@link DeviceRequest} is encoded once, here, into the
 * protocol's request line ({@code cmd} and the fields that are set), sent over a {@link ControlClient}, and its
 * reply decoded into the {@link DeviceReply} record the request names; events into {@link DeviceEvent}s. An error
 * reply is thrown as {@link ControlException} with its code. Used by the CLI and the panel.
 *
 * <p>Decoding ignores fields this client does not know (a newer device may add some) unless made {@link #strict}
 * ({@code TypedRepliesTest} is, so that a field added or renamed on the device without its record fails there).
 */
public final class DeviceClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper LENIENT = mapper(false);
    private static final ObjectMapper STRICT = mapper(true);

    private final ControlClient client;
    private final ObjectMapper replies;

    /** The wire's arrays: a melody note [pitch, duration, velocity], a drum hit [beat, key, velocity]... */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"pitch", "duration", "velocity"})
    private abstract static class NoteAsArray {
    }

    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"beat", "key", "velocity"})
    private abstract static class HitAsArray {
    }

    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"start", "pitch", "duration", "velocity"})
    private abstract static class PartNoteAsArray {
    }

    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"swing", "swingUnit", "timingTicks", "velocitySpread"})
    private abstract static class FeelAsArray {
    }

    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"progression", "groove", "bassLine", "comping", "density", "register", "contour", "motif",
        "rhythm", "form", "parts", "drums"})
    private abstract static class SketchAsArray {
    }

    private static ObjectMapper mapper(boolean strict) {
        return JsonMapper.builder()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
                .addMixIn(Note.class, NoteAsArray.class)
                .addMixIn(DrumHit.class, HitAsArray.class)
                .addMixIn(PartNote.class, PartNoteAsArray.class)
                .addMixIn(Feel.class, FeelAsArray.class)
                .addMixIn(Sketch.class, SketchAsArray.class)
                .build();
    }

    private DeviceClient(ControlClient client, ObjectMapper replies) {
        this.client = client;
        this.replies = replies;
    }

    public DeviceClient(ControlClient client) {
        this(client, LENIENT);
    }

    public static DeviceClient connect(Path socket) throws IOException {
        return new DeviceClient(ControlClient.connect(socket));
    }

    public static DeviceClient connect(Path socket, Duration timeout) throws IOException {
        return new DeviceClient(ControlClient.connect(socket, timeout));
    }

    /** This client's connection, decoding with every unknown reply or event field refused. */
    public DeviceClient strict() {
        return new DeviceClient(client, STRICT);
    }

    /** The request as it goes on the wire (without the id the connection adds): {@code cmd} and its fields. */
    public static ObjectNode encode(DeviceRequest<?> request) {
        return JSON.valueToTree(request);
    }

    /** The command name of a request. */
    public static String command(DeviceRequest<?> request) {
        return encode(request).path("cmd").asText();
    }

    /** Sends the request and decodes its reply; an error reply is thrown as {@link ControlException}. */
    public <R extends DeviceReply> R call(DeviceRequest<R> request) throws IOException {
        return decode(callJson(request), request.replyType());
    }

    /** Sends the request and returns its reply as the device sent it (for {@code --json}). */
    public ObjectNode callJson(DeviceRequest<?> request) throws IOException {
        ObjectNode fields = encode(request);
        String cmd = fields.remove("cmd").asText();
        ObjectNode reply = client.call(cmd, fields.isEmpty() ? null : fields);
        // a device still loading answers status at once with "loading" and a part of it (docs/protocol.md); the
        // callers of this client read a whole status, so it asks again until the device is up
        long deadline = System.nanoTime() + LOADING_WAIT_NANOS;
        while (reply.path("loading").asBoolean(false) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the device loaded");
            }
            reply = client.call(cmd, fields.isEmpty() ? null : fields);
        }
        return reply;
    }

    /** How long a status waits for a device that answers "loading". */
    private static final long LOADING_WAIT_NANOS = 120_000_000_000L;

    /** A reply (with or without its id and ok) as {@code type}. */
    public <R extends DeviceReply> R decode(ObjectNode reply, Class<R> type) {
        ObjectNode body = reply.deepCopy();
        body.remove("id");
        body.remove("ok");
        return read(body, type);
    }

    /** A reply as {@code type}, unknown fields ignored: for a reply made without a device (the CLI's `ports`). */
    public static <R extends DeviceReply> R parse(ObjectNode reply, Class<R> type) {
        return new DeviceClient(null, LENIENT).decode(reply, type);
    }

    /** An event line as its record ({@link DeviceEvent.Unknown} for one of a later version). */
    public DeviceEvent decodeEvent(ObjectNode event) {
        return read(event, DeviceEvent.class);
    }

    /** An error reply's {@code error} object. */
    public DeviceReply.Error decodeError(ObjectNode reply) {
        return read(reply.path("error"), DeviceReply.Error.class);
    }

    private <T> T read(com.fasterxml.jackson.databind.JsonNode n, Class<T> type) {
        try {
            return replies.treeToValue(n, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ControlException(ErrorCode.FAILED, "the device sent a reply this client cannot read as "
                    + type.getSimpleName() + ": " + (e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage()), e);
        }
    }

    /**
     * Subscribes to {@code names} (all when empty); {@code listener} then hears every event, decoded, on the
     * connection's reader thread (hand work off, do not block). An event that cannot be read is dropped.
     */
    public void subscribe(List<String> names, Consumer<DeviceEvent> listener) throws IOException {
        client.subscribe(names, e -> {
            DeviceEvent ev;
            try {
                ev = decodeEvent(e);
            } catch (ControlException bad) {
                return;
            }
            listener.accept(ev);
        });
    }

    /** Whether requests can be sent (see {@link ControlClient#isOpen}). */
    public boolean isOpen() {
        return client.isOpen();
    }

    public ControlClient control() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
