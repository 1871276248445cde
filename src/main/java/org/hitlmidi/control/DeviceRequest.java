package org.hitlmidi.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * The protocol's requests as typed records, one per command of the device's command table (docs/protocol.md):
 * the command name is the discriminator ({@code cmd}), each record's components are the command's fields, and a
 * field left null is not sent (the device's default). {@link DeviceClient} encodes them; {@code
 * TypedRequestsTest} proves these records and the server's command table name the same commands and fields.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "cmd")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DeviceRequest.Status.class, name = "status"),
    @JsonSubTypes.Type(value = DeviceRequest.Params.class, name = "params"),
    @JsonSubTypes.Type(value = DeviceRequest.Play.class, name = "play"),
    @JsonSubTypes.Type(value = DeviceRequest.Next.class, name = "next"),
    @JsonSubTypes.Type(value = DeviceRequest.Replay.class, name = "replay"),
    @JsonSubTypes.Type(value = DeviceRequest.Variation.class, name = "variation"),
    @JsonSubTypes.Type(value = DeviceRequest.Regenerate.class, name = "regenerate"),
    @JsonSubTypes.Type(value = DeviceRequest.Scene.class, name = "scene"),
    @JsonSubTypes.Type(value = DeviceRequest.Rate.class, name = "rate"),
    @JsonSubTypes.Type(value = DeviceRequest.Undo.class, name = "undo"),
    @JsonSubTypes.Type(value = DeviceRequest.History.class, name = "history"),
    @JsonSubTypes.Type(value = DeviceRequest.Keep.class, name = "keep"),
    @JsonSubTypes.Type(value = DeviceRequest.Export.class, name = "export"),
    @JsonSubTypes.Type(value = DeviceRequest.Profile.class, name = "profile"),
    @JsonSubTypes.Type(value = DeviceRequest.Learner.class, name = "learner"),
    @JsonSubTypes.Type(value = DeviceRequest.Ports.class, name = "ports"),
    @JsonSubTypes.Type(value = DeviceRequest.Panic.class, name = "panic"),
    @JsonSubTypes.Type(value = DeviceRequest.Learn.class, name = "learn"),
    @JsonSubTypes.Type(value = DeviceRequest.Controller.class, name = "controller"),
    @JsonSubTypes.Type(value = DeviceRequest.Clock.class, name = "clock"),
    @JsonSubTypes.Type(value = DeviceRequest.Quantize.class, name = "quantize"),
    @JsonSubTypes.Type(value = DeviceRequest.Follow.class, name = "follow"),
    @JsonSubTypes.Type(value = DeviceRequest.Cli.class, name = "cli"),
    @JsonSubTypes.Type(value = DeviceRequest.Subscribe.class, name = "subscribe"),
    @JsonSubTypes.Type(value = DeviceRequest.Stop.class, name = "stop"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface DeviceRequest<R extends DeviceReply> {
    /** The record its reply is decoded into. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    Class<R> replyType();

    /**
     * The protocol's commands, name to request record, in the order docs/protocol.md lists them: read from the
     * {@link JsonSubTypes} above, the one list of commands ({@link Protocol#COMMANDS} and the device's command table
     * come from it).
     */
    @SuppressWarnings("rawtypes")
    static Map<String, Class<? extends DeviceRequest>> commands() {
        Map<String, Class<? extends DeviceRequest>> out = new java.util.LinkedHashMap<>();
        for (JsonSubTypes.Type t : DeviceRequest.class.getAnnotation(JsonSubTypes.class).value()) {
            out.put(t.name(), t.value().asSubclass(DeviceRequest.class));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** A command's request fields (besides cmd and id): the components of its record. */
    @SuppressWarnings("rawtypes")
    static java.util.Set<String> fields(Class<? extends DeviceRequest> request) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (java.lang.reflect.RecordComponent c : request.getRecordComponents()) {
            out.add(c.getName());
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    record Status() implements DeviceRequest<DeviceReply.Status> {
        @Override
        public Class<DeviceReply.Status> replyType() {
            return DeviceReply.Status.class;
        }
    }

    /** {@code set}: the parameters to change ({@link org.hitlmidi.control.Params}); null shows them. */
    record Params(ParamSet set) implements DeviceRequest<DeviceReply.Changed> {
        @Override
        public Class<DeviceReply.Changed> replyType() {
            return DeviceReply.Changed.class;
        }
    }

    record Play() implements DeviceRequest<DeviceReply.Playing> {
        @Override
        public Class<DeviceReply.Playing> replyType() {
            return DeviceReply.Playing.class;
        }
    }

    record Next() implements DeviceRequest<DeviceReply.Next> {
        @Override
        public Class<DeviceReply.Next> replyType() {
            return DeviceReply.Next.class;
        }
    }

    record Replay() implements DeviceRequest<DeviceReply.Playing> {
        @Override
        public Class<DeviceReply.Playing> replyType() {
            return DeviceReply.Playing.class;
        }
    }

    record Variation() implements DeviceRequest<DeviceReply.Changed> {
        @Override
        public Class<DeviceReply.Changed> replyType() {
            return DeviceReply.Changed.class;
        }
    }

    record Regenerate() implements DeviceRequest<DeviceReply.Changed> {
        @Override
        public Class<DeviceReply.Changed> replyType() {
            return DeviceReply.Changed.class;
        }
    }

    /** A scene of the profile: {@code action} save, recall or list, {@code number} 1..128. */
    record Scene(String action, Integer number) implements DeviceRequest<DeviceReply.Scene> {
        @Override
        public Class<DeviceReply.Scene> replyType() {
            return DeviceReply.Scene.class;
        }
    }

    /** A rating 1..10 with optional sub-ratings and part ratings; {@code trackId} refuses it once stale. */
    record Rate(int overall, Integer musicality, Integer novelty, Integer coherence, Map<String, Integer> parts,
                Long trackId, String source, Boolean next) implements DeviceRequest<DeviceReply.Rated> {
        @Override
        public Class<DeviceReply.Rated> replyType() {
            return DeviceReply.Rated.class;
        }

        public static Rate of(int overall) {
            return new Rate(overall, null, null, null, null, null, null, null);
        }
    }

    record Undo() implements DeviceRequest<DeviceReply.Undone> {
        @Override
        public Class<DeviceReply.Undone> replyType() {
            return DeviceReply.Undone.class;
        }
    }

    record History(Integer limit) implements DeviceRequest<DeviceReply.History> {
        @Override
        public Class<DeviceReply.History> replyType() {
            return DeviceReply.History.class;
        }
    }

    record Keep(String note) implements DeviceRequest<DeviceReply.Kept> {
        @Override
        public Class<DeviceReply.Kept> replyType() {
            return DeviceReply.Kept.class;
        }
    }

    record Export(String path, Long keptId) implements DeviceRequest<DeviceReply.Exported> {
        @Override
        public Class<DeviceReply.Exported> replyType() {
            return DeviceReply.Exported.class;
        }
    }

    record Profile(String name, Boolean create) implements DeviceRequest<DeviceReply.Profile> {
        @Override
        public Class<DeviceReply.Profile> replyType() {
            return DeviceReply.Profile.class;
        }
    }

    record Learner(String name) implements DeviceRequest<DeviceReply.Learner> {
        @Override
        public Class<DeviceReply.Learner> replyType() {
            return DeviceReply.Learner.class;
        }
    }

    record Ports() implements DeviceRequest<DeviceReply.Ports> {
        @Override
        public Class<DeviceReply.Ports> replyType() {
            return DeviceReply.Ports.class;
        }
    }

    record Panic() implements DeviceRequest<DeviceReply.Done> {
        @Override
        public Class<DeviceReply.Done> replyType() {
            return DeviceReply.Done.class;
        }
    }

    /** MIDI-learn: {@code control} to bind next, or {@code cancel}. */
    record Learn(String control, Boolean cancel) implements DeviceRequest<DeviceReply.Learning> {
        @Override
        public Class<DeviceReply.Learning> replyType() {
            return DeviceReply.Learning.class;
        }
    }

    record Controller(String name) implements DeviceRequest<DeviceReply.Controller> {
        @Override
        public Class<DeviceReply.Controller> replyType() {
            return DeviceReply.Controller.class;
        }
    }

    record Clock(String mode) implements DeviceRequest<DeviceReply.ClockState> {
        @Override
        public Class<DeviceReply.ClockState> replyType() {
            return DeviceReply.ClockState.class;
        }
    }

    record Quantize(String mode) implements DeviceRequest<DeviceReply.Quantize> {
        @Override
        public Class<DeviceReply.Quantize> replyType() {
            return DeviceReply.Quantize.class;
        }
    }

    /** Key and chord follow: {@code key} and {@code chords} switch them on or off; null shows them. */
    record Follow(Boolean key, Boolean chords) implements DeviceRequest<DeviceReply.Follow> {
        public Follow(Boolean key) {
            this(key, null);
        }

        @Override
        public Class<DeviceReply.Follow> replyType() {
            return DeviceReply.Follow.class;
        }
    }

    /** A session command line of the CLI, run in the device: {@code ["rate", "7"]}. */
    record Cli(List<String> args) implements DeviceRequest<DeviceReply.CommandLine> {
        @Override
        public Class<DeviceReply.CommandLine> replyType() {
            return DeviceReply.CommandLine.class;
        }
    }

    record Subscribe(List<String> events) implements DeviceRequest<DeviceReply.Done> {
        @Override
        public Class<DeviceReply.Done> replyType() {
            return DeviceReply.Done.class;
        }
    }

    record Stop() implements DeviceRequest<DeviceReply.Done> {
        @Override
        public Class<DeviceReply.Done> replyType() {
            return DeviceReply.Done.class;
        }
    }
}
