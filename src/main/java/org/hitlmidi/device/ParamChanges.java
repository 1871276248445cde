package org.hitlmidi.device;

import static org.hitlmidi.device.DeviceViews.body;
import static org.hitlmidi.device.Session.storeCall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.Request;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Proposal;
import org.hitlmidi.midi.Player;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Pitches;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackJson;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.Profile;

/**
 * Changes of what plays, whatever asked (a client's `params`, a controller, a scene recall, key follow): checked
 * whole against the state in force, then applied all at once; scenes and key follow. Called with the
 * {@link Device}'s lock held.
 */
final class ParamChanges {
    static final String KEY_FOLLOW_SETTING = "keyFollow";
    static final String CHORD_FOLLOW_SETTING = "chordFollow";

    private final Session s;
    private final ParamParser parser;
    private final Scenes scenes;
    private final Playback playback;
    private final Player player;
    private final ChangeQueue changes;
    private final KeyFollower keys;
    private final ChordFollower chords;
    private final Controllers controllers;
    private final DeviceSettings settings;
    private final Device.Events events;

    ParamChanges(Session s, ParamParser parser, Scenes scenes, Playback playback, Player player, ChangeQueue changes,
                 KeyFollower keys, ChordFollower chords, Controllers controllers, DeviceSettings settings,
                 Device.Events events) {
        this.s = s;
        this.parser = parser;
        this.scenes = scenes;
        this.playback = playback;
        this.player = player;
        this.changes = changes;
        this.keys = keys;
        this.chords = chords;
        this.controllers = controllers;
        this.settings = settings;
        this.events = events;
    }

    /**
     * THE one way a change of what plays is made, whatever asked (a client, a controller, a DAW's CC or program
     * change, a scene recall): checked against the state in force (a bad change is refused here, whole, and
     * nothing changes), then applied. Where a change should land later (on the next bar line), this is the place
     * that defers {@link #applyChange}: a change is a delta, applied to the state in force when it lands.
     *
     * <p>The reply (and the `params_changed` event) says whether it changed the material ({@code material}: a
     * new track, counted in a new episode) or only the feel.
     */
    ObjectNode change(Change c) {
        checkChange(c);
        return applyChange(c);
    }

    /** Refuses a change that cannot apply; changes nothing. */
    private void checkChange(Change c) {
        switch (c.kind()) {
            case PARAMS -> parser.target(s, c.set());
            case SCENE -> scenes.scene(s.profile().id(), c.set().path("scene").asInt());
            default -> {
                // variation and regenerate always apply
            }
        }
    }

    /** Applies a checked change now. */
    private ObjectNode applyChange(Change c) {
        return switch (c.kind()) {
            case PARAMS -> applyParams(c.set(), c.source());
            case VARIATION -> newTrack(c, s.learner().propose(s.current().track(), s.rng));
            case REGENERATE -> newTrack(c, null);
            case SCENE -> recall(c.set().path("scene").asInt(), c.source());
        };
    }

    // ---- scenes: the whole parameter set and the track, saved by number per profile ----

    /** The `scene` request: save, recall (a change like any other) or list. */
    ObjectNode scene(String action, java.util.OptionalInt number) {
        return switch (action) {
            case "list" -> scenes.list(s.profile().id());
            case "save" -> saveScene(Scenes.number(number), "control");
            case "recall" -> change(Change.scene(Scenes.number(number), "control"));
            default -> throw Request.bad("scene action '" + action + "' must be save, recall or list");
        };
    }

    /** Saves the parameters in force and the current track as scene {@code n} of the profile. */
    ObjectNode saveScene(int n, String source) {
        ObjectNode state = body();
        state.set("trackParams", TrackJson.toJson(s.profile().params()));
        ObjectNode view = paramsView();
        state.set("params", view);
        state.set("track", TrackJson.toJson(s.current().track()));
        storeCall(() -> {
            scenes.save(s.profile().id(), n, state);
            return null;
        });
        s.log.accept("scene " + n + " saved (" + source + ")");
        return body().put("scene", n).put("saved", true).set("params", view);
    }

    /** Makes scene {@code n} (checked to exist) the state in force, its track current. */
    private ObjectNode recall(int n, String source) {
        JsonNode sc = scenes.scene(s.profile().id(), n);
        JsonNode v = sc.get("params");
        TrackParams p = TrackJson.paramsFromJson(sc.get("trackParams"));
        Set<Part> mute = java.util.EnumSet.noneOf(Part.class);
        v.path("mute").forEach(x -> mute.add(Part.parse(x.asText())));
        Double expl = v.path("exploration").isNumber() ? v.get("exploration").asDouble() : null;
        ParamParser.Target t = new ParamParser.Target(p, expl, v.path("loop").asBoolean(s.state().loop()), mute,
                LiveParams.fromJson(v));
        Track track = TrackJson.fromJson(sc.get("track"));
        return commit(t, source, "scene " + n, false, track);
    }

    /** Variation (the learner's edit of the track that plays) or, for null, a fresh track: played at once. */
    private ObjectNode newTrack(Change c, Proposal p) {
        if (p == null) {
            s.newEpisode();
        } else {
            s.advance(p);
        }
        playback.playCurrent();
        return changed(c.source(), c.kind().name().toLowerCase(Locale.ROOT), true);
    }

    /** The reply to a change (and its `params_changed` event): the parameters, and what it did to the track. */
    private ObjectNode changed(String source, String what, boolean material) {
        ObjectNode params = paramsView();
        ObjectNode e = body().set("params", params);
        e.put("source", source).put("change", what).put("material", material);
        e.put("trackId", s.current().trackId()).put("episode", s.current().episode());
        if (player.pendingAt() >= 0) { // where it is heard: the playing loop's next bar line (quantize)
            e.set("lands", changes.lastChange());
        }
        s.log.accept(what + " (" + source + (material ? ", material: track " + s.current().trackId() + " in episode "
                + s.current().episode() : ", feel only") + "): " + params);
        events.emit("params_changed", e.deepCopy());
        controllers.held(params);
        syncKey();
        return e;
    }

    /** Tells the key follower the key and tempo in force (whoever set them). */
    void syncKey() {
        TrackParams p = s.profile().params();
        keys.keyInForce(Math.floorMod(p.baseNote(), 12), p.scale().name().contains("MINOR"));
        keys.tempo(p.tempo());
        chords.tempo(p.tempo(), p.meter().beatsPerBar());
    }

    /**
     * The key follower heard a new key: while a track plays, the device moves there (base in the octave nearest the
     * one in force, major or natural minor), a material change heard from the playing loop's next bar line. While
     * nothing plays nothing is changed (playing into the device does not start it).
     */
    ObjectNode followKey(int tonic, boolean minor) {
        if (!keys.on() || !player.isPlaying()) {
            syncKey(); // not taken: heard again with the next notes
            return body();
        }
        int base = s.profile().params().baseNote();
        int b = base - Math.floorMod(base, 12) + tonic;
        if (b - base > 6) {
            b -= 12;
        } else if (base - b > 6) {
            b += 12;
        }
        b = Math.max(0, Math.min(127, b));
        s.log.accept("key follow: heard " + KeyFollower.name(tonic, minor));
        return change(Change.params(body().put("base", Pitches.name(b)).put("scale", minor ? "minor" : "major"),
                "key-follow"));
    }

    /**
     * Chord follow took a chord: while a track plays, its progression becomes the chords held so far (a `params`
     * change of `chords` from source "chord-follow": a new track over them, heard from the playing loop's next bar
     * line). While nothing plays nothing is changed.
     */
    ObjectNode followChords(List<org.hitlmidi.music.ChordFinder.Found> held) {
        if (!chords.on() || !player.isPlaying() || held.isEmpty()) {
            return body();
        }
        String names = ChordFollower.names(held);
        if (names.equals(s.state().live().chords())) {
            return body();
        }
        s.log.accept("chord follow: held " + names);
        return change(Change.params(body().put("chords", names), "chord-follow"));
    }

    /** The `follow` request: key and chord follow's state, after switching them when given (remembered). */
    ObjectNode follow(Optional<Boolean> key, Optional<Boolean> chordsOn) {
        key.ifPresent(this::setKeyFollow);
        if (chordsOn.isPresent()) {
            boolean clear = !chordsOn.get() && s.state().live().chords() != null;
            setChordFollow(chordsOn.get());
            if (clear) { // off: the style's progression again, from the next bar line
                change(Change.params(body().putNull("chords"), "chord-follow"));
            }
        }
        return body().set("follow", keys.json().setAll(chords.json()));
    }

    private void setChordFollow(boolean on) {
        if (on != chords.on()) {
            chords.setOn(on);
            syncKey();
            settings.put(CHORD_FOLLOW_SETTING, on ? "on" : "off");
            s.log.accept("chord follow " + (on ? "on" : "off"));
        }
    }

    private void setKeyFollow(boolean on) {
        if (on != keys.on()) {
            keys.setOn(on);
            syncKey();
            settings.put(KEY_FOLLOW_SETTING, on ? "on" : "off");
            s.log.accept("key follow " + (on ? "on" : "off"));
        }
    }

    /** The styles there are, sorted (what style pads count in, and "next" steps through). */
    List<String> styleNames() {
        return parser.styleNames();
    }

    /** The parameters in force, as `status` and `params` show them. */
    ObjectNode paramsView() {
        ObjectNode o = DeviceViews.params(s.profile().params(), s.state().exploration(), s.state().loop(), s.state().muted());
        s.state().live().putInto(o);
        o.put("keyFollow", keys.on());
        o.put("chordFollow", chords.on());
        return o;
    }

    /**
     * Applies a `params` set: a new base, scale, length, kit, style, meter, bars, density or register changes the
     * material (a new episode, its track played at once); tempo, swing, humanize, intensity, levels, mute and
     * loop change the feel only (the track that plays goes on, heard with them); channel and program apply from
     * the next play.
     */
    private ObjectNode applyParams(ObjectNode set, String source) {
        if (set.has("chordFollow") && set.get("chordFollow").isBoolean() && !set.get("chordFollow").booleanValue()
                && !set.has("chords") && s.state().live().chords() != null) {
            set.putNull("chords"); // chord follow off: the style's progression again
        }
        ParamParser.Target t = parser.target(s, set);
        if (set.has("keyFollow")) { // a device setting, not the profile's: checked by target, applied first
            setKeyFollow(set.get("keyFollow").booleanValue());
        }
        if (set.has("chordFollow")) {
            setChordFollow(set.get("chordFollow").booleanValue());
        }
        return commit(t, source, "params", set.isEmpty(), null);
    }

    /**
     * Makes {@code t} the state in force (all of it or, when the store refuses, none of it); with {@code track}
     * (a scene's), that track becomes current too.
     */
    private ObjectNode commit(ParamParser.Target t, String source, String what, boolean quiet, Track track) {
        TrackParams old = s.profile().params();
        TrackParams p = t.params();
        Double expl = t.exploration();
        Set<Part> mute = t.muted();
        boolean newEpisode = p.baseNote() != old.baseNote() || p.scale() != old.scale() || p.length() != old.length()
                || !p.kit().equals(old.kit()) || !p.style().equals(old.style()) || p.meter() != old.meter()
                || p.bars() != old.bars();
        boolean newMute = !mute.equals(s.state().muted());
        boolean newExploration = !java.util.Objects.equals(expl, s.state().exploration());
        boolean recompose = s.state().live().materialChange(t.live());
        boolean newFeel = !t.live().equals(s.state().live()) && !recompose || p.tempo() != old.tempo();
        // a kit changes the edits a learner can make, and so do a new key, style or bars (its musical edits work in
        // them): it is built again; exploration only changes how it chooses
        boolean relearn = !p.kit().equals(old.kit()) || newEpisode;
        if (newExploration) {
            s.storeExploration(expl);
        }
        if (!p.equals(old)) {
            TrackParams np = p;
            try {
                Profile updated = storeCall(() -> s.store.updateProfile(s.profile().name(), s.profile().learner(), np));
                s.set(s.state().withProfile(updated));
            } catch (ControlException e) {
                if (newExploration) { // all of `set` or none of it
                    try {
                        s.storeExploration(s.state().exploration());
                    } catch (ControlException again) {
                        s.log.accept("cannot restore the stored exploration: " + again.getMessage());
                    }
                }
                throw e;
            }
        }
        boolean newLoop = s.state().loop() != t.loop();
        s.set(s.state().withSettings(expl, t.loop(), mute, t.live()));
        if (relearn) {
            s.rebuildLearner();
        } else {
            s.learner().params(s.profile().params());
            if (newExploration && !s.learner().exploration(Learners.exploration(s.state().learnerConfig(), expl))) {
                s.rebuildLearner(); // a learner that cannot switch its policy in place
            } else if (newExploration) {
                // the checkpoints hold the old policy: an undo must not bring it back
                SessionState st = s.state();
                s.checkpoints.reset(new Checkpoints.State(st.learner(), st.episodes(), st.ratings(), null,
                        st.lastRatingId(), st.lastSignalId()));
            }
        }
        boolean material = false;
        if (track != null) {
            Track scene = track.withTempo(p.tempo());
            material = !scene.equals(s.current().track());
            if (material) {
                s.advance(Learner.fresh(scene));
                playback.playCurrent();
            }
        } else if (newEpisode) {
            s.newEpisode();
            playback.playCurrent();
            material = true;
        } else {
            if (p.tempo() != old.tempo()) {
                s.set(s.state().withCurrent(s.current().withTempo(p.tempo())));
            }
            if (recompose) {
                // the track that plays, recomposed with the new density or register: a new episode's first track
                Track before = s.current().track();
                Track after = s.state().live().compose(before, s.profile().params());
                material = !after.equals(before);
                if (material) {
                    s.advance(Learner.fresh(after));
                    playback.playCurrent();
                }
            }
        }
        if (quiet) {
            return body().set("params", paramsView());
        }
        if (!material && (newMute || newFeel || newLoop) && player.isPlaying()) {
            playback.retake();
        }
        return changed(source, what, material);
    }
}
