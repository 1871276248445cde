package org.hitlmidi.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.hitlmidi.Version;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ControlServer;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.control.Request;
import org.hitlmidi.learn.Aspect;
import org.hitlmidi.learn.Episodes;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Proposal;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.midi.MidiPort;
import org.hitlmidi.midi.Player;
import org.hitlmidi.midi.PortOptions;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Pitches;
import org.hitlmidi.music.Scale;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackJson;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Kits;
import org.hitlmidi.preset.Preset;
import org.hitlmidi.preset.PresetException;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.Feedback;
import org.hitlmidi.store.KeptTrack;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.RatingSummary;
import org.hitlmidi.store.SignalRecord;
import org.hitlmidi.store.Store;
import org.hitlmidi.store.StoreException;

/**
 * The session loop of one profile: the learner proposes an edit of the current track, the player plays the
 * result, a rating is stored first (durable), then credited to exactly that edit, then the next track plays.
 * The learner is never saved: it is rebuilt by replaying the profile's ratings that were not undone, so a
 * restart, an undo and a learner switch all resume from what the store holds.
 *
 * <p>Every public operation is synchronized: requests from several clients, the CC listener and the player's
 * end-of-track callback are serialized here, and none of them waits on a client (events are only queued).
 */
public final class Device implements ControlServer.Handler, AutoCloseable {
    /** Where events go (the control server's broadcast). */
    @FunctionalInterface
    public interface Events {
        void emit(String event, ObjectNode body);
    }

    /** The track that is current: what plays, and the edit that made it (credited by the next rating). */
    record Current(long trackId, int episode, Transition transition, boolean explored) {
        Track track() {
            return transition.after();
        }

        Current withTempo(double bpm) {
            return new Current(trackId, episode, new Transition(transition.before(), transition.action(),
                    transition.after().withTempo(bpm)), explored);
        }
    }

    private record Undo(long ratingId, Current rated) {
    }

    /** `history` gives at most this many ratings, and this many when no limit is asked for. */
    public static final int MAX_HISTORY = 1000;
    public static final int DEFAULT_HISTORY = 100;
    /** The profile setting that holds the exploration override set by `params`. */
    static final String EXPLORATION = "exploration";
    private static final Set<String> PARAMS = Set.of("base", "scale", "length", "tempo", "channel", "program", "kit",
            "exploration", "loop", "style", "bars", "meter", "mute", "solo", "swing", "humanize", "density", "register",
            "intensity", "level_melody", "level_bass", "level_chords", "level_drums", "keyFollow");

    private final Store store;
    private final Presets presets;
    private final MidiPort port;
    private final Player player;
    private final Events events;
    private final Consumer<String> log;
    private final RandomGenerator rng;
    private final Runnable stopRequest;
    private final PortOptions portOptions;
    /** Writes a rating while the learner works on it (see {@link #rate}). */
    private final ExecutorService writer;
    /** Runs what a followed clock's START and STOP ask for, off the port's receiving thread. */
    private final ExecutorService transport;
    private final DeviceClock clock;
    /** Where changes land: the playing loop's next bar line (see {@link ChangeQueue}). */
    private final ChangeQueue changes;
    /** Key follow: notes played into the input set the key (see {@link KeyFollower}). */
    private final KeyFollower keys;
    static final String KEY_FOLLOW_SETTING = "keyFollow";

    private Profile profile;
    private Learner learner;
    /** The preset {@link #learner} was built from (without the exploration override). */
    private Preset learnerPreset;
    private Double exploration;
    /** Tracks loop, bar-aligned, until they are rated or skipped (on by default). */
    private boolean loop = true;
    /** The parts the listener muted (a playback choice: what is learned from is the whole track). */
    private Set<org.hitlmidi.music.Part> muted = java.util.EnumSet.noneOf(org.hitlmidi.music.Part.class);
    /** The performer's live controls (a playback and composing choice, not stored with the profile). */
    private LiveParams live = LiveParams.DEFAULT;
    /** Set once in {@link #open}, before any request can arrive. */
    private Scenes scenes;
    private long sessionId;
    private Current current;
    private final Deque<Undo> undo = new ArrayDeque<>();
    private long ratings;
    private long nextTrackId;
    /** The profile's episodes as its stored ratings number them (recounted whenever the learner is rebuilt). */
    private Episodes episodes = new Episodes();
    /** Copies of the learner an undo restores from, and the position of the live one (see {@link Checkpoints}). */
    private final Checkpoints checkpoints = new Checkpoints();
    private long lastRatingId;
    private long lastSignalId;
    private boolean closed;
    /** Set once in {@link #open}, before any request can arrive. */
    private Controllers controllers;
    /** Set once in {@link #open}, before any request can arrive. */
    private DeviceSettings settings;
    private static final String CLOCK_SETTING = "clock";
    /** The device setting holding the first track number the next run may use (reserved a block at a time). */
    static final String TRACK_IDS_SETTING = "trackIds";
    static final long TRACK_ID_BLOCK = 1000;
    /** The profile setting holding the number of the profile's last episode (one may have no rating yet). */
    static final String EPISODE_SETTING = "episode";
    private long trackIdsReserved;

    private Device(Store store, Presets presets, MidiPort port, Player player, Events events,
                   Consumer<String> log, RandomGenerator rng, Runnable stopRequest, PortOptions portOptions) {
        this.store = store;
        this.presets = presets;
        this.port = port;
        this.player = player;
        this.events = events;
        this.log = log;
        this.rng = rng;
        this.stopRequest = stopRequest;
        this.portOptions = portOptions;
        this.writer = daemonExecutor("hitl-midi-store-writer");
        this.transport = daemonExecutor("hitl-midi-transport");
        this.clock = new DeviceClock(port, DeviceClock.Mode.OFF, new org.hitlmidi.midi.ClockFollower.Listener() {
            @Override
            public void started(long atNanos) {
                playOnTheIncomingClock("start");
            }

            @Override
            public void continued(long positionTicks, long atNanos) {
                playOnTheIncomingClock("continue");
            }

            @Override
            public void stopped(long positionTicks, long atNanos) {
                transport.execute(() -> fromTransport("stop", Device.this::stopPlaying));
            }
        });
        this.changes = new ChangeQueue(player, clock);
        this.keys = new KeyFollower((tonic, minor) -> transport.execute(() -> fromTransport("key follow",
                () -> followKey(tonic, minor))));
    }

    /**
     * Loads (or creates, with default parameters and the default learner) the profile, rebuilds its learner
     * from its ratings and makes the current track. Nothing plays until {@link #play()}.
     */
    public static Device open(Store store, Presets presets, MidiPort port, Player player, Events events,
                              Consumer<String> log, RandomGenerator rng, String profileName, Runnable stopRequest,
                              Path dataDir, PortOptions portOptions, Optional<String> controller) {
        Device d = new Device(store, presets, port, player, events, log, rng, stopRequest, portOptions);
        Profile p = store.profile(profileName).orElseGet(() -> {
            log.accept("creating profile '" + profileName + "' (learner " + Learners.DEFAULT + ", default parameters)");
            return store.createProfile(profileName, Learners.DEFAULT, TrackParams.defaults());
        });
        player.addListener(new Player.Listener() {
            @Override
            public void trackEnded(long trackId, long atNanos, Player.EndReason reason) {
                if (reason != Player.EndReason.REPLACED) {
                    d.clock.playingStopped();
                }
                if (reason == Player.EndReason.FINISHED) {
                    events.emit("track_ended", body().put("trackId", trackId));
                }
            }
        });
        port.setStateListener(s -> {
            log.accept("port " + port.name() + " " + s.name().toLowerCase(Locale.ROOT));
            events.emit("port", DeviceViews.port(port, s));
        });
        d.settings = new DeviceSettings(dataDir, log);
        d.nextTrackId = d.settings.get(TRACK_IDS_SETTING).map(Device::parseLong).orElse(0L);
        d.trackIdsReserved = d.nextTrackId;
        d.controllers = new Controllers(d, events, log, presets, dataDir, d.settings, controller);
        d.keys.setOn(d.settings.get(KEY_FOLLOW_SETTING).map("on"::equals).orElse(false));
        d.settings.get(ChangeQueue.SETTING).ifPresent(q -> {
            try {
                d.changes.setMode(ChangeQueue.Quantize.parse(q));
            } catch (IllegalArgumentException e) {
                log.accept("remembered " + e.getMessage() + ": quantize bar");
            }
        });
        d.scenes = new Scenes(store);
        d.settings.get(CLOCK_SETTING).ifPresent(m -> {
            try {
                d.clock.setMode(DeviceClock.Mode.parse(m));
                log.accept("clock: " + m + " (chosen last)");
            } catch (IllegalArgumentException e) {
                log.accept("remembered " + e.getMessage() + ": clock off");
            }
        });
        // called off the real-time thread (MidiPort's contract); cc events let a panel show what arrives
        port.setReceiver((status, data1, data2, atNanos) -> {
            d.clock.receive(status, data1, data2, atNanos);
            d.controllers.listener().receive(status, data1, data2, atNanos);
            d.keys.receive(status, data1, data2, atNanos);
            if ((status & 0xF0) == 0xB0) {
                events.emit("cc", body().put("channel", (status & 0x0F) + 1).put("controller", data1).put("value", data2));
            }
        });
        synchronized (d) {
            d.load(p);
            d.controllers.held(d.paramsView()); // the knobs pick up the values in force
            d.syncKey();
        }
        return d;
    }

    // ---- the session loop, for in-process callers (the CC listener) and the protocol alike ----

    public synchronized ObjectNode play() {
        playCurrent();
        return body().put("trackId", current.trackId());
    }

    public synchronized ObjectNode replay() {
        return play();
    }

    /**
     * Skips the current track without a rating: the learner makes another edit of the track it came from (the
     * track rated last, so the episode goes on) and that plays. A track already rated is followed as a rating
     * would be.
     */
    public synchronized ObjectNode next() {
        signal(ImplicitSignal.SKIP);
        Track rated = current.track();
        advance(episodes.isLast(rated) ? episodes.next(learner, profile.params(), rated, rng)
                : learner.propose(current.transition().before(), rng));
        playCurrent();
        return body().set("track", DeviceViews.track(current));
    }

    /**
     * Stores the rating of the current track (durable before anything else happens), credits it to the edit
     * that made the track, and with {@code next} plays the learner's next track.
     *
     * @param trackId when present, the track the rater heard: refused as stale if it is no longer current
     */
    public synchronized ObjectNode rate(Rating rating, String source, Optional<Long> trackId, boolean next) {
        if (trackId.isPresent() && trackId.get() != current.trackId()) {
            throw new ControlException(ErrorCode.STALE, "track " + trackId.get() + " is no longer current (now "
                    + current.trackId() + "); the rating was not stored");
        }
        Current rated = current;
        checkParts(rating, rated.track());
        RatingRecord record = new RatingRecord(0, profile.id(), sessionId, Instant.now(), profile.learner(), rating,
                rated.transition(), source, false, profile.params());
        // The write (an fsync) and the learner's work run side by side, and nothing of the learner's work is seen
        // (no event, no note, no reply) before the write is done: the next track starts after max(write, learn),
        // not their sum. A failed write puts the learner back as the store has it.
        Future<Long> write = writer.submit(() -> store.addRating(record));
        learner.learn(rated.transition(), rating);
        episodes.count(rated.transition());
        if (next) {
            advance(episodes.next(learner, profile.params(), rated.track(), rng));
        }
        long id;
        try {
            id = awaitWrite(write);
        } catch (RuntimeException e) {
            current = rated;
            log.accept("rating NOT stored: " + e.getMessage());
            try {
                restoreBefore(Long.MAX_VALUE); // the learner as the store has it: without this rating
            } catch (RuntimeException again) { // a lost store cannot be read either: the reply must still say why
                log.accept("learner not rebuilt from the store: " + again.getMessage());
            }
            throw new ControlException(ErrorCode.FAILED, "the rating was not stored: " + e.getMessage(), e);
        }
        if (next) {
            startPlayer(); // the sound first: events and the reply can wait, the listener should not
        }
        ratings++;
        lastRatingId = id;
        checkpoints.rated(() -> new Checkpoints.State(learner, episodes, ratings, rated.track(), lastRatingId,
                lastSignalId));
        undo.push(new Undo(id, rated));
        events.emit("rating_stored", body().put("ratingId", id).put("trackId", rated.trackId())
                .put("source", source).set("rating", DeviceViews.rating(rating)));
        events.emit("q_updated", DeviceViews.learner(learner));
        ObjectNode reply = body().put("ratingId", id).put("trackId", rated.trackId());
        reply.set("rating", DeviceViews.rating(rating));
        reply.setAll(DeviceViews.learner(learner));
        if (next) {
            events.emit("track_started", body().set("track", DeviceViews.track(current)));
            reply.set("track", DeviceViews.track(current));
        }
        return reply;
    }

    /** The parts the current track plays: what a rating may rate part by part. */
    public synchronized Set<org.hitlmidi.music.Part> currentParts() {
        return current.track().parts();
    }

    /** A part rating is of a part the rated track plays (has notes in): else refused, nothing stored. */
    private static void checkParts(Rating rating, Track t) {
        Set<org.hitlmidi.music.Part> has = t.parts();
        for (org.hitlmidi.music.Part p : rating.parts().keySet()) {
            if (!has.contains(p)) {
                throw new ControlException(ErrorCode.BAD_VALUE, "parts: this track has no " + p.id() + " part (it plays "
                        + has.stream().map(org.hitlmidi.music.Part::id).collect(java.util.stream.Collectors.joining(", "))
                        + "); the rating was not stored");
            }
        }
    }

    /** The store's answer; an interrupt does not stop the wait, as the write goes on regardless. */
    private static long awaitWrite(Future<Long> write) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return write.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new StoreException("the rating write failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Undoes this session's last rating: marked undone, learner rebuilt without it, its track current again. */
    public synchronized ObjectNode undo() {
        Undo u = undo.peek();
        if (u == null) {
            throw new ControlException(ErrorCode.NOT_FOUND, "nothing to undo: no rating left from this session");
        }
        try {
            store.setUndone(u.ratingId(), true);
        } catch (StoreException e) {
            throw new ControlException(ErrorCode.FAILED, "the undo was not stored: " + e.getMessage(), e);
        }
        undo.pop();
        restoreBefore(u.ratingId());
        current = u.rated();
        controllers.listener().newTrack(current.trackId()); // the knobs set since were for the track undone from
        events.emit("undone", body().put("ratingId", u.ratingId()).put("trackId", current.trackId()));
        events.emit("q_updated", DeviceViews.learner(learner));
        playCurrent();
        ObjectNode reply = body().put("ratingId", u.ratingId());
        reply.setAll(DeviceViews.learner(learner));
        return reply.set("track", DeviceViews.track(current));
    }

    public synchronized ObjectNode keep(String note) {
        long id = storeCall(() -> store.keep(profile.id(), current.track(), note == null ? "" : note));
        signal(ImplicitSignal.KEEP);
        return body().put("keptId", id).put("trackId", current.trackId());
    }

    /** Writes the current track, or a kept one, as a type 1 Standard MIDI File. */
    public synchronized ObjectNode export(Path path, Optional<Long> keptId) {
        // the device makes no folders for a client: a typo must not leave one behind (as root, anywhere)
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
            throw Request.bad(java.nio.file.Files.exists(dir) ? dir + " is not a folder"
                    : "no folder " + dir + ": make it first, or export elsewhere");
        }
        Track t = current.track();
        if (keptId.isPresent()) {
            t = storeCall(() -> store.kept(profile.id())).stream().filter(k -> k.id() == keptId.get())
                    .map(KeptTrack::track).findFirst().orElseThrow(() -> new ControlException(ErrorCode.NOT_FOUND,
                            "no kept track " + keptId.get() + " in profile '" + profile.name() + "'"));
        }
        try {
            MidiFiles.write(t, voice(), path);
        } catch (java.nio.file.FileSystemException e) {
            // no such folder, not a folder, no permission, a read-only or special file system: the client's path
            throw new ControlException(ErrorCode.BAD_VALUE, "cannot write " + path + ": " + e, e);
        } catch (IOException e) {
            throw new ControlException(ErrorCode.FAILED, "cannot write " + path + ": " + e, e);
        }
        if (keptId.isEmpty()) {
            signal(ImplicitSignal.EXPORT);
        }
        log.accept("exported " + (keptId.isPresent() ? "kept track " + keptId.get() : "track " + current.trackId())
                + " to " + path);
        ObjectNode r = body().put("path", path.toString());
        keptId.ifPresentOrElse(k -> r.put("keptId", k), () -> r.put("trackId", current.trackId()));
        return r;
    }

    /**
     * All notes off, at once: not synchronized, so it never waits for a rating's write, an undo or a learner being
     * rebuilt (the player has its own lock and the log is thread-safe).
     */
    public ObjectNode panic() {
        player.panic();
        log.accept("panic: all notes off");
        return body();
    }

    public synchronized ObjectNode status() {
        ObjectNode o = body();
        o.put("version", Version.current());
        o.put("pid", ProcessHandle.current().pid());
        o.put("profile", profile.name());
        o.put("learner", profile.learner());
        o.set("params", paramsView());
        o.set("port", DeviceViews.port(port, port.state()));
        o.set("track", DeviceViews.track(current));
        o.put("episode", current.episode());
        o.put("ratings", ratings);
        o.setAll(DeviceViews.learner(learner));
        o.put("playing", player.isPlaying());
        o.put("undoable", undo.size());
        o.set("controller", controllers.json());
        o.set("clock", clock.json());
        o.setAll(changes.json());
        return o;
    }

    /**
     * Applies parameter changes all at once (nothing changes when one is bad): {@link #change} with a
     * {@link Change.Kind#PARAMS} change from a client.
     */
    public synchronized ObjectNode params(ObjectNode set) {
        return change(Change.params(set, "control"));
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
    public synchronized ObjectNode change(Change c) {
        checkChange(c);
        return applyChange(c);
    }

    /** Refuses a change that cannot apply; changes nothing. */
    private void checkChange(Change c) {
        switch (c.kind()) {
            case PARAMS -> target(c.set());
            case SCENE -> scenes.scene(profile.id(), c.set().path("scene").asInt());
            default -> {
                // variation and regenerate always apply
            }
        }
    }

    /** Applies a checked change now. */
    private ObjectNode applyChange(Change c) {
        return switch (c.kind()) {
            case PARAMS -> applyParams(c.set(), c.source());
            case VARIATION -> newTrack(c, learner.propose(current.track(), rng));
            case REGENERATE -> newTrack(c, null);
            case SCENE -> recall(c.set().path("scene").asInt(), c.source());
        };
    }

    // ---- scenes: the whole parameter set and the track, saved by number per profile ----

    /** The `scene` request: save, recall (a change like any other) or list. */
    synchronized ObjectNode scene(String action, java.util.OptionalInt number) {
        return switch (action) {
            case "list" -> scenes.list(profile.id());
            case "save" -> saveScene(Scenes.number(number), "control");
            case "recall" -> change(Change.scene(Scenes.number(number), "control"));
            default -> throw Request.bad("scene action '" + action + "' must be save, recall or list");
        };
    }

    /** Saves the parameters in force and the current track as scene {@code n} of the profile. */
    synchronized ObjectNode saveScene(int n, String source) {
        ObjectNode state = body();
        state.set("trackParams", TrackJson.toJson(profile.params()));
        ObjectNode view = paramsView();
        state.set("params", view);
        state.set("track", TrackJson.toJson(current.track()));
        storeCall(() -> {
            scenes.save(profile.id(), n, state);
            return null;
        });
        log.accept("scene " + n + " saved (" + source + ")");
        return body().put("scene", n).put("saved", true).set("params", view);
    }

    /** Makes scene {@code n} (checked to exist) the state in force, its track current. */
    private ObjectNode recall(int n, String source) {
        JsonNode s = scenes.scene(profile.id(), n);
        JsonNode v = s.get("params");
        TrackParams p = TrackJson.paramsFromJson(s.get("trackParams"));
        Set<org.hitlmidi.music.Part> mute = java.util.EnumSet.noneOf(org.hitlmidi.music.Part.class);
        v.path("mute").forEach(x -> mute.add(org.hitlmidi.music.Part.parse(x.asText())));
        Double expl = v.path("exploration").isNumber() ? v.get("exploration").asDouble() : null;
        Target t = new Target(p, expl, v.path("loop").asBoolean(loop), mute, LiveParams.fromJson(v));
        Track track = TrackJson.fromJson(s.get("track"));
        return commit(t, source, "scene " + n, false, track);
    }

    /** Variation (the learner's edit of the track that plays) or, for null, a fresh track: played at once. */
    private ObjectNode newTrack(Change c, Proposal p) {
        if (p == null) {
            newEpisode();
        } else {
            advance(p);
        }
        playCurrent();
        return changed(c.source(), c.kind().name().toLowerCase(Locale.ROOT), true);
    }

    /** The reply to a change (and its `params_changed` event): the parameters, and what it did to the track. */
    private ObjectNode changed(String source, String what, boolean material) {
        ObjectNode params = paramsView();
        ObjectNode e = body().set("params", params);
        e.put("source", source).put("change", what).put("material", material);
        e.put("trackId", current.trackId()).put("episode", current.episode());
        if (player.pendingAt() >= 0) { // where it is heard: the playing loop's next bar line (quantize)
            e.set("lands", changes.lastChange());
        }
        log.accept(what + " (" + source + (material ? ", material: track " + current.trackId() + " in episode "
                + current.episode() : ", feel only") + "): " + params);
        events.emit("params_changed", e.deepCopy());
        controllers.held(params);
        syncKey();
        return e;
    }

    /** Tells the key follower the key and tempo in force (whoever set them). */
    private void syncKey() {
        TrackParams p = profile.params();
        keys.keyInForce(Math.floorMod(p.baseNote(), 12), p.scale().name().contains("MINOR"));
        keys.tempo(p.tempo());
    }

    /**
     * The key follower heard a new key: while a track plays, the device moves there (base in the octave nearest the
     * one in force, major or natural minor), a material change heard from the playing loop's next bar line. While
     * nothing plays nothing is changed (playing into the device does not start it).
     */
    private synchronized ObjectNode followKey(int tonic, boolean minor) {
        if (!keys.on() || !player.isPlaying()) {
            syncKey(); // not taken: heard again with the next notes
            return body();
        }
        int base = profile.params().baseNote();
        int b = base - Math.floorMod(base, 12) + tonic;
        if (b - base > 6) {
            b -= 12;
        } else if (base - b > 6) {
            b += 12;
        }
        b = Math.max(0, Math.min(127, b));
        log.accept("key follow: heard " + KeyFollower.name(tonic, minor));
        return change(Change.params(body().put("base", Pitches.name(b)).put("scale", minor ? "minor" : "major"),
                "key-follow"));
    }

    /** The `follow` request: key follow's state, after switching it on or off when given (remembered). */
    synchronized ObjectNode follow(Optional<Boolean> key) {
        if (key.isPresent()) {
            setKeyFollow(key.get());
        }
        return body().set("follow", keys.json());
    }

    private void setKeyFollow(boolean on) {
        if (on != keys.on()) {
            keys.setOn(on);
            syncKey();
            settings.put(KEY_FOLLOW_SETTING, on ? "on" : "off");
            log.accept("key follow " + (on ? "on" : "off"));
        }
    }

    /** The parameters in force, as `status` and `params` show them. */
    private ObjectNode paramsView() {
        ObjectNode o = DeviceViews.params(profile.params(), exploration, loop, muted);
        live.putInto(o);
        o.put("keyFollow", keys.on());
        return o;
    }

    /** What a `params` set leads to, computed from the state in force (nothing changes here). */
    private record Target(TrackParams params, Double exploration, boolean loop, Set<org.hitlmidi.music.Part> muted,
                          LiveParams live) {
    }

    /** Checks {@code set} and computes the state it leads to; throws (changing nothing) when a field is bad. */
    private Target target(ObjectNode set) {
        TrackParams old = profile.params();
        TrackParams p = old;
        Double expl = exploration;
        boolean lp = loop;
        LiveParams lv = live;
        Set<org.hitlmidi.music.Part> mute = java.util.EnumSet.noneOf(org.hitlmidi.music.Part.class);
        mute.addAll(muted);
        Set<String> unknown = new TreeSet<>();
        set.fieldNames().forEachRemaining(f -> {
            if (!PARAMS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw Request.bad("unknown parameter(s) " + unknown + "; known: " + new TreeSet<>(PARAMS));
        }
        Request r = new Request(null, "params", set);
        if (set.has("keyFollow") && !set.get("keyFollow").isBoolean()) {
            throw Request.bad("keyFollow must be true or false, not " + Request.shorten(set.get("keyFollow")));
        }
        try {
            if (r.has("style")) { // the style's key, tempo, meter, bars and melody program; later fields override them
                Preset st = presets.load("styles", styleName(r.text("style"), old.style().name()));
                p = p.inStyle(org.hitlmidi.music.StyleJson.fromJson(st.json()));
            }
            if (r.has("bars")) {
                p = p.withBars(r.integer("bars", 1, org.hitlmidi.music.Style.MAX_BARS));
            }
            if (r.has("meter")) {
                p = p.withMeter(org.hitlmidi.music.Meter.parse(r.text("meter")));
            }
            if (set.has("mute")) {
                JsonNode m = set.get("mute");
                mute.clear();
                if (m.isTextual()) { // "bass,chords" (or "" for none), as a text field sends it
                    for (String x : m.asText().replaceAll("[\\[\\]\"]", "").split("[,\\s]+")) {
                        if (!x.isBlank()) {
                            mute.add(org.hitlmidi.music.Part.parse(x));
                        }
                    }
                } else if (!m.isArray()) {
                    throw Request.bad("mute must be a list of parts (melody, bass, chords, drums), not " + Request.shorten(m));
                } else {
                    for (JsonNode x : m) {
                        mute.add(org.hitlmidi.music.Part.parse(x.asText()));
                    }
                }
            }
            if (set.has("solo")) {
                JsonNode so = set.get("solo");
                if (!so.isNull()) {
                    org.hitlmidi.music.Part only = org.hitlmidi.music.Part.parse(so.asText());
                    mute = java.util.EnumSet.complementOf(java.util.EnumSet.of(only));
                } else {
                    mute.clear();
                }
            }
            if (r.has("base")) {
                p = p.withBaseNote(Pitches.parse(r.text("base")));
            }
            if (r.has("scale")) {
                p = p.withScale(Scale.parse(r.text("scale")));
            }
            if (r.has("length")) {
                p = p.withLength(r.integer("length", TrackParams.MIN_LENGTH, TrackParams.MAX_LENGTH));
            }
            if (r.has("tempo")) {
                JsonNode t = set.get("tempo");
                if (!t.isNumber()) {
                    throw Request.bad("tempo must be a number 20..400, not " + Request.shorten(t));
                }
                p = p.withTempo(t.doubleValue());
            }
            if (r.has("channel")) {
                p = p.withChannel(r.integer("channel", 1, 16));
            }
            if (r.has("program")) {
                p = p.withProgram(r.integer("program", 0, 127));
            }
            if (r.has("kit")) {
                p = p.withKit(Kits.load(presets, r.text("kit")));
            }
            if (set.has("exploration")) {
                JsonNode e = set.get("exploration");
                if (e.isNull()) {
                    expl = null;
                } else if (!e.isNumber() || !(e.doubleValue() >= 0 && e.doubleValue() <= 1)) {
                    throw Request.bad("exploration must be a number 0..1 or null (the learner's own), not "
                            + Request.shorten(e));
                } else {
                    expl = e.doubleValue();
                }
            }
            lp = r.bool("loop", lp);
            lv = lv.with(set);
        } catch (PresetException e) {
            throw new ControlException(e.getMessage().startsWith("no ") ? ErrorCode.NOT_FOUND : ErrorCode.BAD_VALUE,
                    e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw Request.bad(e.getMessage());
        }
        return new Target(p, expl, lp, mute, lv);
    }

    /** A style by name, or "next" / "previous" of {@code now} in the list of styles there are (wrapping round). */
    private String styleName(String asked, String now) {
        if (!asked.equals("next") && !asked.equals("previous")) {
            return asked;
        }
        List<String> names = styleNames();
        int i = names.indexOf(now);
        int step = asked.equals("next") ? 1 : -1;
        return names.get(Math.floorMod(i < 0 ? (step > 0 ? -1 : 0) + step : i + step, names.size()));
    }

    /** The styles there are, sorted (what style pads count in, and "next" steps through). */
    List<String> styleNames() {
        return presets.names("styles").stream().sorted().toList();
    }

    /**
     * Applies a `params` set: a new base, scale, length, kit, style, meter, bars, density or register changes the
     * material (a new episode, its track played at once); tempo, swing, humanize, intensity, levels, mute and
     * loop change the feel only (the track that plays goes on, heard with them); channel and program apply from
     * the next play.
     */
    private ObjectNode applyParams(ObjectNode set, String source) {
        Target t = target(set);
        if (set.has("keyFollow")) { // a device setting, not the profile's: checked by target, applied first
            setKeyFollow(set.get("keyFollow").booleanValue());
        }
        return commit(t, source, "params", set.isEmpty(), null);
    }

    /**
     * Makes {@code t} the state in force (all of it or, when the store refuses, none of it); with {@code track}
     * (a scene's), that track becomes current too.
     */
    private ObjectNode commit(Target t, String source, String what, boolean quiet, Track track) {
        TrackParams old = profile.params();
        TrackParams p = t.params();
        Double expl = t.exploration();
        Set<org.hitlmidi.music.Part> mute = t.muted();
        boolean newEpisode = p.baseNote() != old.baseNote() || p.scale() != old.scale() || p.length() != old.length()
                || !p.kit().equals(old.kit()) || !p.style().equals(old.style()) || p.meter() != old.meter()
                || p.bars() != old.bars();
        boolean newMute = !mute.equals(muted);
        boolean newExploration = !java.util.Objects.equals(expl, exploration);
        boolean recompose = live.materialChange(t.live());
        boolean newFeel = !t.live().equals(live) && !recompose || p.tempo() != old.tempo();
        // a kit changes the edits a learner can make, and so do a new key, style or bars (its musical edits work in
        // them): it is built again; exploration only changes how it chooses
        boolean relearn = !p.kit().equals(old.kit()) || newEpisode;
        if (newExploration) {
            storeExploration(expl);
        }
        if (!p.equals(old)) {
            TrackParams np = p;
            try {
                profile = storeCall(() -> store.updateProfile(profile.name(), profile.learner(), np));
            } catch (ControlException e) {
                if (newExploration) { // all of `set` or none of it
                    try {
                        storeExploration(exploration);
                    } catch (ControlException again) {
                        log.accept("cannot restore the stored exploration: " + again.getMessage());
                    }
                }
                throw e;
            }
        }
        exploration = expl;
        boolean newLoop = loop != t.loop();
        loop = t.loop();
        muted = mute;
        live = t.live();
        if (relearn) {
            rebuildLearner();
        } else {
            learner.params(profile.params());
            if (newExploration && !learner.exploration(Learners.exploration(learnerPreset, expl))) {
                rebuildLearner(); // a learner that cannot switch its policy in place
            } else if (newExploration) {
                // the checkpoints hold the old policy: an undo must not bring it back
                checkpoints.reset(new Checkpoints.State(learner, episodes, ratings, null, lastRatingId, lastSignalId));
            }
        }
        boolean material = false;
        if (track != null) {
            Track scene = track.withTempo(p.tempo());
            material = !scene.equals(current.track());
            if (material) {
                advance(org.hitlmidi.learn.Learner.fresh(scene));
                playCurrent();
            }
        } else if (newEpisode) {
            newEpisode();
            playCurrent();
            material = true;
        } else {
            if (p.tempo() != old.tempo()) {
                current = current.withTempo(p.tempo());
            }
            if (recompose) {
                // the track that plays, recomposed with the new density or register: a new episode's first track
                Track before = current.track();
                Track after = live.compose(before, profile.params());
                material = !after.equals(before);
                if (material) {
                    advance(org.hitlmidi.learn.Learner.fresh(after));
                    playCurrent();
                }
            }
        }
        if (quiet) {
            return body().set("params", paramsView());
        }
        if (!material && (newMute || newFeel || newLoop) && player.isPlaying()) {
            retake();
        }
        ObjectNode reply = changed(source, what, material);
        return reply;
    }

    /**
     * The track that plays is heard with the tempo, feel, levels and mutes now in force: from the playing loop's next
     * bar line on, from the same place of the loop (quantized: {@link ChangeQueue}).
     */
    private void retake() {
        startPlayer(ChangeQueue.Kind.FEEL);
    }

    /** Switches to another profile (created with the current parameters and learner when {@code create}). */
    public synchronized ObjectNode profile(Optional<String> name, boolean create) {
        if (name.isPresent() && !name.get().equals(profile.name())) {
            String n;
            try {
                n = Profile.checkName(name.get());
            } catch (IllegalArgumentException e) {
                throw Request.bad(e.getMessage());
            }
            Profile p = storeCall(() -> store.profile(n)).orElse(null);
            if (p == null) {
                if (!create) {
                    throw new ControlException(ErrorCode.NOT_FOUND, "no profile named '" + n
                            + "'; send \"create\":true to make it");
                }
                p = storeCall(() -> store.createProfile(n, profile.learner(), profile.params()));
            }
            long oldSession = sessionId;
            load(p); // all or nothing: when it fails, the device stays on its profile
            player.stop();
            try {
                store.endSession(oldSession);
            } catch (StoreException e) {
                log.accept("cannot end the last profile's session in the store: " + e.getMessage());
            }
            controllers.held(paramsView());
            events.emit("profile_changed", DeviceViews.profile(profile, exploration, loop, ratings));
            playCurrent();
        }
        ObjectNode reply = DeviceViews.profile(profile, exploration, loop, ratings);
        var names = reply.putArray("profiles");
        storeCall(store::profiles).forEach(x -> names.add(x.name()));
        return reply;
    }

    /**
     * The profile's learner and the learner presets there are; with {@code name}, first switches the profile's
     * learner preset (stored), rebuilt from the profile's ratings.
     */
    public synchronized ObjectNode learner(Optional<String> name) {
        if (name.isPresent()) {
            switchLearner(name.get());
        }
        ObjectNode r = body().put("learner", profile.learner());
        r.setAll(DeviceViews.learner(learner));
        r.put("ratings", ratings);
        var names = r.putArray("available");
        presets.names("learners").forEach(names::add);
        return r;
    }

    private void switchLearner(String name) {
        try {
            Learners.build(presets.load("learners", name), edits(profile.params()));
        } catch (PresetException e) {
            throw new ControlException(e.getMessage().startsWith("no ") ? ErrorCode.NOT_FOUND : ErrorCode.BAD_VALUE,
                    e.getMessage(), e);
        }
        profile = storeCall(() -> store.updateProfile(profile.name(), name, profile.params()));
        rebuildLearner();
        log.accept("learner of '" + profile.name() + "' is now " + name + " (" + learner.updates() + " ratings replayed)");
        events.emit("q_updated", DeviceViews.learner(learner));
    }

    /**
     * The profile's last {@code limit} ratings (undone ones too), oldest first, each with the episode it belongs
     * to as counted from the stored ratings (what a restart counts).
     */
    public synchronized ObjectNode history(int limit) {
        if (limit < 1 || limit > MAX_HISTORY) {
            throw Request.bad("limit " + limit + " outside 1.." + MAX_HISTORY);
        }
        // summaries: a long profile is listed without parsing two tracks per rating
        List<RatingSummary> all = storeCall(() -> store.ratingSummaries(profile.id()));
        int[] episode = Episodes.number(all, RatingSummary::before, RatingSummary::after, RatingSummary::undone, null);
        long undone = all.stream().filter(RatingSummary::undone).count();
        ObjectNode o = body().put("profile", profile.name()).put("total", all.size() - undone).put("undone", undone)
                .put("stored", all.size());
        var list = o.putArray("ratings");
        for (int i = Math.max(0, all.size() - limit); i < all.size(); i++) {
            RatingSummary r = all.get(i);
            ObjectNode j = list.addObject().put("ratingId", r.id()).put("episode", episode[i]);
            j.set("rating", DeviceViews.rating(r.rating()));
            j.put("source", r.source()).put("undone", r.undone()).put("time", localTime(r.time()));
        }
        return o;
    }

    /** ISO-8601 in the device's time zone, to the second: 2026-12-01T23:40:12+01:00. */
    static String localTime(Instant t) {
        return t.atZone(java.time.ZoneId.systemDefault()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toOffsetDateTime().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** The backends with whether they can be used here, the OS's MIDI devices, and the port in use. */
    public ObjectNode ports() {
        ObjectNode o = portsJson(portOptions);
        o.set("current", DeviceViews.port(port, port.state()));
        return o;
    }

    /** What `ports` lists: every backend with whether it can be used here and why, and the OS's MIDI devices. */
    public static ObjectNode portsJson(PortOptions options) {
        return DeviceViews.ports(options);
    }

    /** Stops playing with note-offs and ends the session in the store; the caller closes port and store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        controllers.close();
        player.close();
        clock.close();
        writer.shutdown();
        transport.shutdown();
        try {
            store.endSession(sessionId);
        } catch (StoreException e) {
            log.accept("cannot end the session in the store: " + e.getMessage());
        }
    }

    // ---- the protocol ----

    /**
     * One protocol command: its name, the request fields it takes (besides id and cmd) and what it does. The
     * server's dispatch is this table; {@code CommandTableTest} proves it, {@link Protocol#COMMANDS} and
     * docs/protocol.md list the same commands with the same fields.
     */
    record Command(String name, Set<String> fields, java.util.function.BiFunction<Request, ControlServer.Caller,
            ObjectNode> handler) {
        Command {
            fields = Set.copyOf(fields);
        }
    }

    /** The command table, in the order docs/protocol.md lists them. */
    List<Command> commands() {
        return List.of(
                new Command("status", Set.of(), (r, c) -> status()),
                new Command("params", Set.of("set"), (r, c) -> params(r.optObject("set").orElse(body()))),
                new Command("play", Set.of(), (r, c) -> play()),
                new Command("next", Set.of(), (r, c) -> next()),
                new Command("replay", Set.of(), (r, c) -> replay()),
                new Command("variation", Set.of(), (r, c) -> change(Change.of(Change.Kind.VARIATION, "control"))),
                new Command("regenerate", Set.of(), (r, c) -> change(Change.of(Change.Kind.REGENERATE, "control"))),
                new Command("scene", Set.of("action", "number"), (r, c) -> scene(r.optText("action").orElse("list"),
                        r.optInteger("number", 1, Scenes.MAX))),
                new Command("rate", Set.of("overall", "musicality", "novelty", "coherence", "parts", "trackId", "source",
                        "next"),
                        (r, c) -> rate(rating(r), source(r), r.optLong("trackId"), r.bool("next", true))),
                new Command("undo", Set.of(), (r, c) -> undo()),
                new Command("history", Set.of("limit"),
                        (r, c) -> history(r.optInteger("limit", 1, MAX_HISTORY).orElse(DEFAULT_HISTORY))),
                new Command("keep", Set.of("note"), (r, c) -> keep(r.optText("note").map(Device::checkNote).orElse(""))),
                new Command("export", Set.of("path", "keptId"), (r, c) -> export(exportPath(r.text("path")),
                        r.optLong("keptId"))),
                new Command("profile", Set.of("name", "create"),
                        (r, c) -> profile(r.optText("name"), r.bool("create", false))),
                new Command("learner", Set.of("name"), (r, c) -> learner(r.optText("name"))),
                new Command("ports", Set.of(), (r, c) -> ports()),
                new Command("panic", Set.of(), (r, c) -> panic()),
                new Command("learn", Set.of("control", "cancel"),
                        (r, c) -> controllers.learn(r.optText("control"), r.bool("cancel", false))),
                new Command("controller", Set.of("name"), (r, c) -> controllers.select(r.optText("name"))),
                new Command("clock", Set.of("mode"), (r, c) -> clock(r.optText("mode"))),
                new Command("quantize", Set.of("mode"), (r, c) -> quantize(r.optText("mode"))),
                new Command("follow", Set.of("key"), (r, c) -> follow(r.has("key") ? Optional.of(r.bool("key", false))
                        : Optional.empty())),
                new Command("subscribe", Set.of("events"), (r, c) -> {
                    c.subscribe(eventNames(r));
                    return body();
                }),
                new Command("stop", Set.of(), (r, c) -> {
                    log.accept("stop requested by a client");
                    c.afterReply(stopRequest);
                    return body();
                }));
    }

    /** The command table by name, made once. */
    private final Map<String, Command> table = commands().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Command::name, x -> x));

    @Override
    public ObjectNode handle(Request r, ControlServer.Caller caller) {
        Command command = table.get(r.cmd());
        if (command == null) {
            throw new ControlException(ErrorCode.UNKNOWN_COMMAND, "unknown command '" + r.cmd() + "'");
        }
        for (Iterator<String> it = r.body().fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("id") && !f.equals("cmd") && !command.fields().contains(f)) {
                throw Request.bad("unknown field '" + f + "' for " + r.cmd()
                        + (command.fields().isEmpty() ? " (it takes none)" : "; known: " + new TreeSet<>(command.fields())));
            }
        }
        return command.handler().apply(r, caller);
    }

    private static Rating rating(Request r) {
        int overall = r.integer("overall", Rating.MIN, Rating.MAX);
        Map<Aspect, Integer> aspects = new EnumMap<>(Aspect.class);
        for (Aspect a : Aspect.values()) {
            r.optInteger(a.id(), Rating.MIN, Rating.MAX).ifPresent(v -> aspects.put(a, v));
        }
        return new Rating(overall, aspects, parts(r));
    }

    /** The optional part ratings, {"bass": 3, "drums": 9}: each a part's name and a whole number 1..10. */
    private static Map<org.hitlmidi.music.Part, Integer> parts(Request r) {
        Map<org.hitlmidi.music.Part, Integer> out = new EnumMap<>(org.hitlmidi.music.Part.class);
        r.optObject("parts").ifPresent(o -> o.fields().forEachRemaining(e -> {
            org.hitlmidi.music.Part p;
            try {
                p = org.hitlmidi.music.Part.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw Request.bad("parts: " + ex.getMessage());
            }
            JsonNode v = e.getValue();
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < Rating.MIN || v.intValue() > Rating.MAX) {
                throw Request.bad("parts: " + p.id() + " must be a whole number 1..10, not " + Request.shorten(v));
            }
            out.put(p, v.intValue());
        }));
        return out;
    }

    private static String source(Request r) {
        String s = r.optText("source").orElse("control");
        if (!s.matches("[A-Za-z0-9._-]{1,32}")) {
            throw Request.bad("source must be 1..32 letters, digits, '.', '_' or '-' (e.g. panel, cli, cc)");
        }
        return s;
    }

    private static String checkNote(String note) {
        if (note.length() > 1000) {
            throw Request.bad("note is longer than 1000 characters");
        }
        return note;
    }

    private static Path exportPath(String text) {
        Path p;
        try {
            p = Path.of(text);
        } catch (InvalidPathException e) {
            throw Request.bad("path '" + text + "' is not a valid path: " + e.getReason());
        }
        if (!p.isAbsolute()) {
            throw Request.bad("path '" + text + "' must be absolute (the device does not share the client's folder)");
        }
        if (!p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mid")) {
            throw Request.bad("path '" + text + "' must end in .mid");
        }
        return p.normalize();
    }

    private static Set<String> eventNames(Request r) {
        JsonNode e = r.body().get("events");
        if (e == null || e.isNull()) {
            return Set.of();
        }
        if (!e.isArray()) {
            throw Request.bad("events must be a list of event names: " + new TreeSet<>(Protocol.EVENTS));
        }
        Set<String> out = new HashSet<>();
        for (JsonNode n : e) {
            if (!n.isTextual() || !Protocol.EVENTS.contains(n.textValue())) {
                throw Request.bad("unknown event " + Request.shorten(n) + "; known: " + new TreeSet<>(Protocol.EVENTS));
            }
            out.add(n.textValue());
        }
        if (out.isEmpty()) {
            throw Request.bad("events is empty: name at least one, or leave it out for all");
        }
        return out;
    }

    // ---- internals (called with the lock held) ----

    /**
     * Makes {@code p} the device's profile. Everything that can fail (its stored settings, its learner rebuilt
     * from its history, a new session in the store) comes first; the device's state changes only after, so a
     * switch that fails leaves the device as it was.
     */
    private void load(Profile p) {
        Double expl = storedExploration(p);
        Built b = build(p, expl);
        long session = storeCall(() -> store.startSession(p.id()));
        profile = p;
        undo.clear();
        exploration = expl;
        sessionId = session;
        use(b);
        Track last = b.state().last();
        boolean fits = last != null && (last.arrangement().barred()
                ? !Learners.isPaper(p.learner()) && last.arrangement().bars() == p.params().bars()
                        && last.arrangement().meter() == p.params().meter()
                : last.melody().size() <= p.params().length());
        if (storedEpisode(p) > episodes.episode()) {
            // the last run began an episode (a parameter change) that has no rating yet: it goes on, afresh
            newEpisode();
        } else if (fits) {
            // what the live device would play after the last rating: the next edit of that track (a chain that
            // lost notes to NOTE_REMOVAL goes on too), or a new episode's first track when the learner's episode
            // is over; a track that no longer fits the parameters (fewer notes, other bars) starts a new one
            advance(episodes.next(learner, p.params(), last, rng));
        } else {
            newEpisode();
        }
        log.accept("profile '" + p.name() + "': learner " + p.learner() + " rebuilt from " + ratings + " ratings ("
                + learner.entries() + " entries), episode " + current.episode());
    }

    /**
     * Builds the profile's learner afresh and replays its ratings that were not undone and its implicit signals,
     * in the order they came. Returns the ratings replayed.
     */
    private void rebuildLearner() {
        use(build(profile, exploration));
    }

    /** Makes a learner built from the whole history the live one, and its first checkpoint. */
    private void use(Built b) {
        Checkpoints.State s = b.state();
        learner = s.learner();
        learnerPreset = b.preset();
        episodes = s.episodes();
        ratings = s.ratings();
        lastRatingId = s.ratingId();
        lastSignalId = s.signalId();
        checkpoints.reset(s);
    }

    /**
     * The learner without rating {@code ratingId} and what came after it that is not in the store (an undone rating,
     * or one whose write failed): restored from a checkpoint, or rebuilt from the whole history when none is old
     * enough (or the learner cannot be copied).
     */
    private void restoreBefore(long ratingId) {
        Checkpoints.State s = checkpoints.restoreBefore(store, profile.id(), ratingId);
        if (s == null) {
            rebuildLearner();
            return;
        }
        s.learner().params(profile.params());
        learner = s.learner();
        episodes = s.episodes();
        ratings = s.ratings();
        lastRatingId = s.ratingId();
        lastSignalId = s.signalId();
    }

    /** A profile's learner rebuilt from its history: its preset and the state the replay left. */
    private record Built(Preset preset, Checkpoints.State state) {
    }

    /** Builds {@code p}'s learner afresh and replays its history; changes nothing of the device. */
    private Built build(Profile p, Double expl) {
        Preset preset;
        Learner l;
        try {
            preset = presets.load("learners", p.learner());
            // built with the preset's own exploration, then the override switched in: as the knob does it live
            l = Learners.build(preset, edits(p.params()), p.params());
            if (expl != null && !l.exploration(Learners.exploration(preset, expl))) {
                l = Learners.build(withExploration(preset, expl), edits(p.params()), p.params());
            }
        } catch (PresetException e) {
            throw new ControlException(ErrorCode.FAILED, "the learner of profile '" + p.name() + "' cannot be built: "
                    + e.getMessage(), e);
        }
        Learner built = l;
        // streamed, each under the parameters it was made under: a long history is never held whole
        Checkpoints.State s = storeCall(() -> checkpoints.replay(store, p.id(), Checkpoints.State.empty(built)));
        l.params(p.params());
        return new Built(preset, s);
    }

    /**
     * Stores an implicit signal about the current track, then tells the learner. A signal that cannot be
     * stored is not learned either (a rebuild from the store must give the same learner); the skip, keep or
     * export itself goes on, as the signal only nudges the learner.
     */
    private void signal(ImplicitSignal s) {
        try {
            lastSignalId = store.addSignal(new SignalRecord(0, profile.id(), sessionId, Instant.now(), s,
                    current.transition(), 0, profile.params()));
        } catch (StoreException e) {
            log.accept(s.id() + " signal NOT stored, so not learned: " + e.getMessage());
            return;
        }
        learner.signal(current.transition(), s);
    }

    /** The profile's stored exploration override, null for the preset's own (or a value that cannot be read). */
    private Double storedExploration(Profile p) {
        String v = store.settings(p.id()).get(EXPLORATION);
        if (v == null) {
            return null;
        }
        try {
            double e = Double.parseDouble(v);
            if (e >= 0 && e <= 1) {
                return e;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        log.accept("profile '" + p.name() + "': stored exploration '" + v + "' is not 0..1; using the preset's own");
        return null;
    }

    private int storedEpisode(Profile p) {
        String v = store.settings(p.id()).get(EPISODE_SETTING);
        return v == null ? 0 : (int) Math.min(Integer.MAX_VALUE, parseLong(v));
    }

    private void storeExploration(Double e) {
        storeCall(() -> {
            store.setSetting(profile.id(), EXPLORATION, e == null ? null : Double.toString(e));
            return null;
        });
    }

    /** The preset with its exploration replaced by epsilon-greedy at a fixed {@code epsilon} (null: unchanged). */
    static Preset withExploration(Preset p, Double epsilon) {
        if (epsilon == null) {
            return p;
        }
        ObjectNode j = p.json().deepCopy();
        JsonNode ex = j.get("exploration");
        ObjectNode e = ex != null && ex.isObject() && "epsilon-greedy".equals(ex.path("kind").asText())
                ? (ObjectNode) ex : body().put("kind", "epsilon-greedy");
        e.put("epsilon", epsilon);
        e.put("decay", 1.0);
        e.remove("min");
        j.set("exploration", e);
        return new Preset(p.source() + " with exploration " + epsilon, j);
    }

    private static Edits edits(TrackParams p) {
        return new Edits(EditRules.PAPER.withKit(p.kit()));
    }

    /**
     * Begins an episode: the learner's first track of one ({@link Learner#begin}). Its number (one more than the
     * episodes rated so far) is remembered, so that a restart before its first rating begins one again.
     */
    private void newEpisode() {
        advance(episodes.begin(learner, profile.params(), rng));
        try {
            store.setSetting(profile.id(), EPISODE_SETTING, Integer.toString(current.episode()));
        } catch (StoreException e) {
            log.accept("episode " + current.episode() + " is not remembered for the next start: " + e.getMessage());
        }
    }

    /** Makes {@code p} the current track, numbered with the episode its rating will be counted in. */
    private void advance(Proposal p) {
        Transition t = p.transition();
        // the live density and register override the composer's choices in every track the learner proposes
        Track after = live.compose(t.after(), profile.params()).withTempo(profile.params().tempo());
        current = new Current(newTrackId(), episodes.of(t.before()), new Transition(t.before(), t.action(), after),
                p.explored());
        controllers.listener().newTrack(current.trackId());
    }

    /**
     * Track numbers go on across restarts: they are reserved in the device settings a block at a time, so a run
     * starts above every number the last run may have given (numbers may jump after a restart).
     */
    private long newTrackId() {
        long id = ++nextTrackId;
        if (id > trackIdsReserved) {
            trackIdsReserved = id - 1 + TRACK_ID_BLOCK;
            settings.put(TRACK_IDS_SETTING, Long.toString(trackIdsReserved));
        }
        return id;
    }

    private static long parseLong(String s) {
        try {
            return Math.max(0, Long.parseLong(s));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void playCurrent() {
        startPlayer();
        events.emit("track_started", body().set("track", DeviceViews.track(current)));
    }

    /**
     * Plays the current track, at its tempo (a followed clock's while following): with nothing playing at once (on
     * the next bar of a followed clock), else on the playing loop's next bar line ({@link ChangeQueue}).
     */
    private void startPlayer() {
        startPlayer(ChangeQueue.Kind.MATERIAL);
    }

    /** {@link #startPlayer()}; FEEL: the current track goes on from the same place of the loop (tempo, mute...). */
    private void startPlayer(ChangeQueue.Kind kind) {
        Track t = current.track();
        if (!muted.isEmpty() && t.arrangement().barred()) {
            t = t.withArrangement(t.arrangement().withMuted(muted));
        }
        t = live.render(t); // swing, humanize, intensity and levels: how it is played, not what it is
        double bpm = clock.tempo(t.tempo());
        boolean wasPlaying = player.isPlaying();
        long at = changes.play(current.trackId(), bpm == t.tempo() ? t : t.withTempo(bpm), voice(), loop, kind);
        if (kind == ChangeQueue.Kind.FEEL && wasPlaying) {
            clock.tempoChanged(bpm, at);
        } else {
            clock.trackStarted(bpm, at);
        }
    }

    /** The followed clock's transport stopped: so does the playing (the track stays current). */
    synchronized ObjectNode stopPlaying() {
        player.stop();
        return body();
    }

    private static ExecutorService daemonExecutor(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The followed clock's START or CONTINUE: plays the current track on its next bar, off the input's thread. */
    private void playOnTheIncomingClock(String what) {
        transport.execute(() -> {
            awaitIncomingTempo();
            fromTransport(what, this::play);
        });
    }

    /** A DAW may send ticks only while it plays: after its START, the loop needs two ticks for the tempo. */
    private void awaitIncomingTempo() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (clock.mode() == DeviceClock.Mode.FOLLOW && !clock.following() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void fromTransport(String what, java.util.function.Supplier<?> action) {
        try {
            action.get();
        } catch (RuntimeException e) {
            log.accept("clock " + what + ": " + e.getMessage());
        }
    }

    /** The `clock` request: the clock's state, after switching to {@code mode} when given. */
    synchronized ObjectNode clock(Optional<String> mode) {
        if (mode.isPresent()) {
            DeviceClock.Mode m;
            try {
                m = DeviceClock.Mode.parse(mode.get());
            } catch (IllegalArgumentException e) {
                throw Request.bad(e.getMessage());
            }
            clock.setMode(m);
            settings.put(CLOCK_SETTING, m.key());
            log.accept("clock: " + m.key());
            if (m == DeviceClock.Mode.SEND && player.isPlaying()) {
                startPlayer(); // the clock's bar 1 is where a track begins: begin this one again with it
            }
        }
        return body().set("clock", clock.json());
    }

    /** The `quantize` request: where changes land (bar, beat, off), after setting it when given; remembered. */
    synchronized ObjectNode quantize(Optional<String> mode) {
        if (mode.isPresent()) {
            ChangeQueue.Quantize q;
            try {
                q = ChangeQueue.Quantize.parse(mode.get());
            } catch (IllegalArgumentException e) {
                throw Request.bad(e.getMessage());
            }
            changes.setMode(q);
            settings.put(ChangeQueue.SETTING, q.key());
            log.accept("quantize: " + q.key());
        }
        return changes.json();
    }

    private MidiFiles.Voice voice() {
        return new MidiFiles.Voice(profile.params().channel(), profile.params().program(), "hitl-midi");
    }

    private <T> T storeCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw new ControlException(ErrorCode.FAILED, e.getMessage(), e);
        }
    }

    // ---- JSON of the replies and events ----

    private static ObjectNode body() {
        return Protocol.nodes().objectNode();
    }

    /** For tests: the learner as rebuilt now. */
    /** The learner a rebuild from the store gives now (as a restart or an undo builds it); changes nothing. */
    synchronized Learner rebuiltLearnerForTest() {
        return build(profile, exploration).state().learner();
    }

    synchronized Learner learnerForTest() {
        return learner;
    }

    synchronized Checkpoints checkpointsForTest() {
        return checkpoints;
    }

    Controllers controllersForTest() {
        return controllers;
    }

    synchronized Current currentForTest() {
        return current;
    }
}
