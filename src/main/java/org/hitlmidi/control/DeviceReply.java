package org.hitlmidi.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlmidi.music.Arrangement;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Feel;
import org.hitlmidi.music.Meter;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.PartNote;
import org.hitlmidi.music.Sketch;

/**
 * The protocol's replies as typed records, one per reply shape of docs/protocol.md (the reply's `id` and `ok` are
 * the connection's, not here). {@link DeviceClient} decodes a request's reply into the record its request names
 * ({@link DeviceRequest}'s type parameter). A component the device may leave out is a boxed type or null.
 * {@code TypedRepliesTest} decodes every command's real reply with unknown fields refused, so a field the device
 * adds or renames without its record here fails it.
 */
public sealed interface DeviceReply {
    // ---- what several replies share ----

    /** A `track` object: the track, its id and episode, the edit that made it and the parts a rating may rate. */
    record Track(long trackId, int episode, String action, boolean explored, List<String> parts, double tempo,
                 List<Note> melody, List<DrumHit> percussion, TrackArrangement arrangement) {
        /** The track as music (what plays and what a .mid holds). */
        public org.hitlmidi.music.Track toTrack() {
            return new org.hitlmidi.music.Track(melody, percussion, tempo,
                    arrangement == null ? Arrangement.NONE : arrangement.toArrangement());
        }
    }

    /** A composed track's bars: `arrangement` of a `track` (absent for the paper's tracks). */
    record TrackArrangement(String style, String meter, int bars, String progression, List<PartNote> bass,
                            List<PartNote> chords, List<Integer> programs, Feel feel, Sketch sketch,
                            List<String> muted) {
        public Arrangement toArrangement() {
            Set<Part> m = EnumSet.noneOf(Part.class);
            (muted == null ? List.<String>of() : muted).forEach(x -> m.add(Part.parse(x)));
            return new Arrangement(style, Meter.parse(meter), bars, progression, bass, chords, programs.get(0),
                    programs.get(1), feel, sketch, m);
        }
    }

    /** A rating as given: overall, the sub-ratings given and the parts rated. */
    record RatingView(int overall, Integer musicality, Integer novelty, Integer coherence, Map<String, Integer> parts) {
    }

    /** A kit: its name and GM keys. */
    record Kit(String name, List<Integer> keys) {
    }

    /**
     * The parameters in force, as `status` and `params` show them (names as {@link Params} has them); the live
     * controls and keyFollow are null in a `profile` reply, which shows the profile's stored parameters only.
     */
    record ParamsView(String base, String scale, int length, double tempo, int channel, int program, Kit kit,
                      String style, String meter, int bars, Double exploration, boolean loop, List<String> mute,
                      Double swing, Double humanize, Integer density, Integer register, Double intensity,
                      @JsonProperty("level_melody") Double levelMelody, @JsonProperty("level_bass") Double levelBass,
                      @JsonProperty("level_chords") Double levelChords, @JsonProperty("level_drums") Double levelDrums,
                      @JsonProperty("program_bass") Integer programBass,
                      @JsonProperty("program_chords") Integer programChords, String chords, Boolean keyFollow,
                      Boolean chordFollow) {
        /**
         * Each parameter's value by its name in {@link Params}, as shown (the kit by its name); `solo` is not a
         * state of its own (it sets `mute`) and is left out.
         */
        public Map<String, Object> values() {
            Map<String, Object> v = new java.util.LinkedHashMap<>();
            v.put("style", style);
            v.put("base", base);
            v.put("scale", scale);
            v.put("length", length);
            v.put("tempo", tempo);
            v.put("channel", channel);
            v.put("program", program);
            v.put("kit", kit == null ? null : kit.name());
            v.put("exploration", exploration);
            v.put("loop", loop);
            v.put("bars", bars);
            v.put("meter", meter);
            v.put("mute", mute);
            v.put("swing", swing);
            v.put("humanize", humanize);
            v.put("density", density);
            v.put("register", register);
            v.put("intensity", intensity);
            for (Part p : Part.values()) {
                v.put(Params.levelName(p), level(p));
            }
            v.put(Params.programName(Part.BASS), programBass);
            v.put(Params.programName(Part.CHORDS), programChords);
            v.put("chords", chords);
            v.put("keyFollow", keyFollow);
            v.put("chordFollow", chordFollow);
            return v;
        }

        /** The muted parts (none when nothing is muted). */
        public Set<Part> muted() {
            Set<Part> m = EnumSet.noneOf(Part.class);
            (mute == null ? List.<String>of() : mute).forEach(x -> m.add(Part.parse(x)));
            return m;
        }

        /** A part's level 0..1 (null from a view without the live controls: a `profile` reply's). */
        public Double level(Part p) {
            return switch (p) {
                case MELODY -> levelMelody;
                case BASS -> levelBass;
                case CHORDS -> levelChords;
                case DRUMS -> levelDrums;
            };
        }
    }

    /** The MIDI port: backend, name, state (connected, lost, closed), notes dropped. */
    record Port(String backend, String name, String state, Long dropped) {
    }

    /** One control's binding in a mapping: a CC or a note, on the mapping's channel unless one is given. */
    record Binding(Integer cc, Integer note, Integer channel) {
    }

    /** A controller mapping, in the format of presets/controllers (docs/controllers.md). */
    record Mapping(String name, String about, int channel, Map<String, Binding> controls, Map<String, Binding> layer2,
                   Commit commit) {
        public record Commit(int restMs) {
        }
    }

    /** The MIDI clock: mode (off, send, follow), whether it sends, and the incoming clock. */
    record Clock(String mode, boolean sending, boolean incomingRunning, Double incomingTempo, long incomingTicks) {
    }

    /** A change waiting for its line: the track, material or feel, the bar it lands on and when. */
    record Pending(long trackId, String kind, long bar, long inMs) {
    }

    /** Where a change just asked lands: its kind, the quantize mode, the bar (from the play's start) and when. */
    record Lands(String kind, String quantize, Long bar, Long inMs) {
    }

    // ---- one per command ----

    /**
     * {@code busy}: the device was busy (an undo's replay, a learner switch) and the reply is its last full status with
     * the port, playing, controller, clock and pending fresh (docs/protocol.md).
     */
    record Status(String version, long pid, String profile, String learner, ParamsView params, Port port, Track track,
                  int episode, long ratings, long updates, long entries, boolean playing, int undoable,
                  Mapping controller, Integer controllerLayer, Clock clock, String quantize, Pending pending,
                  boolean busy) implements DeviceReply {
    }

    /**
     * The reply to `params` and to any change (variation, regenerate, a scene recall): the parameters in force; for a
     * change also what it was, from where, whether it made a new track, the current track and, while a track plays,
     * where it lands.
     */
    record Changed(ParamsView params, String change, String source, Boolean material, Long trackId, Integer episode,
                   Lands lands) implements DeviceReply {
    }

    /** `play`, `replay`: the track that plays. */
    record Playing(long trackId) implements DeviceReply {
    }

    /** `next`: the track that plays now. */
    record Next(Track track) implements DeviceReply {
    }

    /** One saved scene of `scene list` (error: a scene that cannot be read). */
    record SceneEntry(int number, String style, String base, String scale, Double tempo, ParamsView params,
                      String error) {
    }

    /**
     * `scene`: save gives scene, saved and params; recall the reply of a change; list the scenes. One record, as the
     * request is one.
     */
    record Scene(Integer scene, Boolean saved, ParamsView params, List<SceneEntry> scenes, String change, String source,
                 Boolean material, Long trackId, Integer episode, Lands lands) implements DeviceReply {
    }

    /** `rate`: the stored rating, the learner's counts, and the next track when one plays. */
    record Rated(long ratingId, long trackId, RatingView rating, long updates, long entries, Track track)
            implements DeviceReply {
    }

    /** `undo`: the undone rating, the learner's counts, the track current again. */
    record Undone(long ratingId, long updates, long entries, Track track) implements DeviceReply {
    }

    /** One stored rating of `history`. */
    record HistoryEntry(long ratingId, int episode, RatingView rating, String source, boolean undone, String time) {
    }

    record History(String profile, long total, long undone, long stored, List<HistoryEntry> ratings)
            implements DeviceReply {
    }

    record Kept(long keptId, long trackId) implements DeviceReply {
    }

    /** `export`: the file written and the track (current, or kept). */
    record Exported(String path, Long trackId, Long keptId) implements DeviceReply {
    }

    record Profile(String profile, String learner, ParamsView params, long ratings, List<String> profiles)
            implements DeviceReply {
    }

    record Learner(String learner, long updates, long entries, long ratings, List<String> available)
            implements DeviceReply {
    }

    /** A MIDI backend, whether it can be used here and why. */
    record Backend(String name, boolean available, String reason) {
    }

    /** `ports`: the backends, the OS's MIDI devices, and (from a running device) its port. */
    record Ports(List<Backend> backends, List<String> devices, Port current) implements DeviceReply {
    }

    /** `learn`: whether a control waits for its binding, and which. */
    record Learning(boolean learning, String control) implements DeviceReply {
    }

    record Controller(Mapping mapping, List<String> available) implements DeviceReply {
    }

    record ClockState(Clock clock) implements DeviceReply {
    }

    record Quantize(String quantize, Pending pending) implements DeviceReply {
    }

    /** The key the key finder heard lately and how well it fits. */
    record Heard(String key, double correlation) {
    }

    record KeyFollow(boolean key, Heard heard, String candidate, Boolean chords, String held, String progression) {
    }

    record Follow(KeyFollow follow) implements DeviceReply {
    }

    /** `cli`: what the command line printed and its exit code. */
    record CommandLine(String out, String err, int code) implements DeviceReply {
    }

    /** `panic`, `subscribe`, `stop`: ok and nothing more. */
    record Done() implements DeviceReply {
    }

    /** An error reply's `error`: its code (docs/protocol.md) and message. */
    record Error(String code, String message) {
    }
}
