package org.hitlmidi.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackJson;

/**
 * The panel's side of the control protocol. Every request runs on one background thread, in the order the
 * user asked; results reach {@link PanelState} through {@code fx} (Platform.runLater), so the JavaFX thread
 * never waits on the device. Two connections: one for requests, one subscribed to events. When either
 * closes, the state shows the device as lost and a new connection is tried every {@link #RETRY_MS} ms.
 */
public final class DeviceSession implements AutoCloseable {
    /** Opens a connection to the device; throws when none answers. */
    @FunctionalInterface
    public interface Connector {
        ControlClient connect() throws IOException;
    }

    static final long RETRY_MS = 500;
    /** Ratings the chart asks for: the protocol's most (docs/protocol.md, `history`). */
    static final int HISTORY = 1000;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Connector connector;
    private final PanelState state;
    private final Executor fx;
    private final ScheduledExecutorService worker;
    private final Path dragDir;
    // Only the worker thread touches these two.
    private ControlClient requests;
    private ControlClient events;
    private volatile boolean closed;

    public DeviceSession(Connector connector, PanelState state, Executor fx) {
        this.connector = connector;
        this.state = state;
        this.fx = fx;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "panel-device");
            t.setDaemon(true);
            return t;
        });
        try {
            this.dragDir = Files.createTempDirectory("hitl-midi-panel");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder for dragged .mid files", e);
        }
    }

    /** Connects now and keeps the link alive until {@link #close}. */
    public void start() {
        worker.execute(this::connectIfNeeded);
        worker.scheduleWithFixedDelay(this::watch, RETRY_MS, RETRY_MS, TimeUnit.MILLISECONDS);
    }

    private void watch() {
        if (closed) {
            return;
        }
        if (requests != null && (!requests.isOpen() || events == null || !events.isOpen())) {
            lost("the device went away");
        }
        connectIfNeeded();
    }

    private void connectIfNeeded() {
        if (closed || requests != null) {
            return;
        }
        ControlClient req = null;
        ControlClient ev = null;
        try {
            req = connector.connect();
            ev = connector.connect();
            ObjectNode status = req.call("status");
            ev.subscribe(List.of(), this::onEvent);
            // after subscribing: a rating stored from now on comes as an event too, and applyHistory merges both
            ObjectNode history = historyOf(req);
            ObjectNode profile = req.call("profile");
            ObjectNode controllers = req.call("controller");
            requests = req;
            events = ev;
            fx.execute(() -> {
                state.link.set(PanelState.Link.CONNECTED);
                state.message.set("");
                applyStatus(status);
                applyHistory(history);
                applyProfiles(profile);
                applyControllers(controllers);
            });
        } catch (IOException | ControlException e) {
            closeQuietly(req);
            closeQuietly(ev);
            fx.execute(() -> {
                if (state.link.get() == PanelState.Link.CONNECTED) {
                    state.link.set(PanelState.Link.LOST);
                }
            });
        }
    }

    private void lost(String why) {
        closeQuietly(requests);
        closeQuietly(events);
        requests = null;
        events = null;
        fx.execute(() -> {
            state.link.set(PanelState.Link.LOST);
            state.playing.set(false);
            state.message.set(why + "; reconnecting...");
        });
    }

    private static void closeQuietly(ControlClient c) {
        if (c != null) {
            c.close();
        }
    }

    /** The profile's last ratings, or null from a device that does not know `history` yet. */
    private static ObjectNode historyOf(ControlClient c) throws IOException {
        ObjectNode f = F.objectNode();
        f.put("limit", HISTORY);
        try {
            return c.call("history", f);
        } catch (ControlException e) {
            if (e.code() == org.hitlmidi.control.ErrorCode.UNKNOWN_COMMAND) {
                return null;
            }
            throw e;
        }
    }

    /** A request and what to do with its reply on the JavaFX thread. */
    private void send(String cmd, ObjectNode fields, Consumer<ObjectNode> onReply) {
        send(cmd, fields, onReply, null);
    }

    /** As above; {@code onError} runs on the JavaFX thread after the device refused the request. */
    private void send(String cmd, ObjectNode fields, Consumer<ObjectNode> onReply, Runnable onError) {
        worker.execute(() -> {
            if (requests == null) {
                connectIfNeeded();
            }
            if (requests == null) {
                fx.execute(() -> state.message.set("not connected to the device: '" + cmd + "' not sent"));
                return;
            }
            try {
                ObjectNode reply = requests.call(cmd, fields);
                if (onReply != null) {
                    fx.execute(() -> onReply.accept(reply));
                }
            } catch (ControlException e) {
                fx.execute(() -> {
                    state.message.set(cmd + ": " + e.getMessage());
                    if (onError != null) {
                        onError.run();
                    }
                });
            } catch (IOException e) {
                lost(cmd + " failed: " + e.getMessage());
            }
        });
    }

    /**
     * Rates the track the panel shows. {@code trackId} makes the device refuse the rating if another track
     * has started since (a rating belongs to what the user heard).
     */
    public void rate(int overall, Integer musicality, Integer novelty, Integer coherence, long trackId) {
        rate(overall, musicality, novelty, coherence, Map.of(), trackId);
    }

    /** As {@link #rate(int, Integer, Integer, Integer, long)}, with ratings of single parts ({"bass": 3}) when any. */
    public void rate(int overall, Integer musicality, Integer novelty, Integer coherence, Map<String, Integer> parts,
                     long trackId) {
        ObjectNode f = F.objectNode();
        f.put("overall", overall);
        if (musicality != null) {
            f.put("musicality", musicality);
        }
        if (novelty != null) {
            f.put("novelty", novelty);
        }
        if (coherence != null) {
            f.put("coherence", coherence);
        }
        if (!parts.isEmpty()) {
            ObjectNode p = f.putObject("parts");
            parts.forEach(p::put);
        }
        if (trackId >= 0) {
            f.put("trackId", trackId);
        }
        f.put("source", "panel");
        send("rate", f, reply -> {
            state.message.set("rated " + overall);
            applyTrack(reply.path("track"));
        });
    }

    /**
     * Switches the device to another profile, creating it (with the current parameters and learner) when
     * {@code create}. The device then sends `profile_changed`, which reloads the chart. {@code onRefused} runs on
     * the JavaFX thread when the device refuses (a bad name, a profile that vanished).
     */
    public void switchProfile(String name, boolean create, Runnable onRefused) {
        ObjectNode f = F.objectNode();
        f.put("name", name);
        if (create) {
            f.put("create", true);
        }
        send("profile", f, reply -> {
            state.profile.set(reply.path("profile").asText(state.profile.get()));
            applyProfiles(reply);
            state.message.set((create ? "created profile '" : "profile '") + reply.path("profile").asText() + "'"
                    + (create ? "" : ": " + reply.path("ratings").asInt() + " ratings"));
        }, onRefused);
    }

    public void next() {
        send("next", null, reply -> applyTrack(reply.path("track")));
    }

    /** Plays the current track (from its start). */
    public void play() {
        send("play", null, reply -> markPlaying());
    }

    /** Stops playing: the device's panic (every note off on every channel). */
    public void stopPlaying() {
        send("panic", null, reply -> {
            state.playing.set(false);
            state.message.set("stopped");
        });
    }

    /**
     * Changes parameters; {@code onAnswer} gets, on the JavaFX thread, the device's message when it refuses them
     * (none of them then applies), or null when they apply.
     */
    public void setParams(ObjectNode set, Consumer<String> onAnswer) {
        ObjectNode f = F.objectNode();
        f.set("set", set);
        send("params", f, reply -> {
            JsonNode p = reply.has("params") ? reply.get("params") : reply;
            state.params.set(p);
            state.message.set("parameters set");
            onAnswer.accept(null);
        }, () -> onAnswer.accept(state.message.get()));
    }

    public void replay() {
        send("replay", null, reply -> markPlaying());
    }

    public void undo() {
        send("undo", null, reply -> {
            state.message.set("undid rating " + reply.path("ratingId").asText());
            applyTrack(reply.path("track"));
        });
    }

    public void keep() {
        send("keep", null, reply -> state.message.set("kept as #" + reply.path("keptId").asText()));
    }

    /** Writes the current track to {@code path} (absolute, .mid). */
    public void export(Path path) {
        ObjectNode f = F.objectNode();
        f.put("path", path.toAbsolutePath().toString());
        send("export", f, reply -> state.message.set("exported " + path.getFileName()));
    }

    /** Changes parameters (protocol `params` `set`); the device answers with what is in force. */
    public void setParams(ObjectNode set) {
        ObjectNode f = F.objectNode();
        f.set("set", set);
        send("params", f, reply -> {
            JsonNode p = reply.has("params") ? reply.get("params") : reply;
            state.params.set(p);
            state.message.set("parameters set");
        });
    }

    public void setExploration(double epsilon) {
        ObjectNode set = F.objectNode();
        set.put("exploration", epsilon);
        setParams(set);
    }

    /**
     * MIDI-learn: the device binds {@code control} (a name of docs/controllers.md) to the next knob, fader or pad
     * that moves on the controller, saves the mapping as a controller preset and reports it as a `learned` event.
     * A null control cancels.
     */
    public void learn(String control) {
        ObjectNode f = F.objectNode();
        if (control == null) {
            f.put("cancel", true);
        } else {
            f.put("control", control);
        }
        send("learn", f, reply -> {
            if (control != null) {
                state.message.set("MIDI-learn: move a knob or press a pad on your controller for '" + control + "'");
            }
        });
    }

    /** Loads another controller mapping on the device (remembered there for its next start). */
    public void chooseController(String name) {
        send("controller", F.objectNode().put("name", name), this::applyControllers);
    }

    /** Sets the device's MIDI clock: off, send or follow (remembered there for its next start). */
    public void setClock(String mode) {
        send("clock", F.objectNode().put("mode", mode), r -> state.clockMode.set(r.path("clock").path("mode").asText("off")));
    }

    private void applyControllers(ObjectNode r) {
        applyMapping(r.path("mapping"));
        List<String> names = new java.util.ArrayList<>();
        r.path("available").forEach(n -> names.add(n.asText()));
        if (!names.equals(state.controllers)) {
            state.controllers.setAll(names);
        }
    }

    /** Shows a mapping in the format of presets/controllers (name, channel, controls). */
    private void applyMapping(JsonNode mapping) {
        if (!mapping.isObject()) {
            return;
        }
        state.controller.set(mapping.path("name").asText(""));
        int channel = mapping.path("channel").asInt(1);
        state.mappings.clear();
        var names = mapping.path("controls").fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            state.mappings.put(name, binding(mapping.path("controls").get(name), channel));
        }
    }

    /** "ch 1 CC 16" or "ch 10 note 36". */
    static String binding(JsonNode c, int defaultChannel) {
        int ch = c.path("channel").asInt(defaultChannel);
        return c.has("cc") ? "ch " + ch + " CC " + c.path("cc").asInt() : "ch " + ch + " note " + c.path("note").asInt();
    }

    public void refresh() {
        send("status", null, this::applyStatus);
    }

    /** Runs {@code r} on the device thread after every request asked for so far (tests wait on it). */
    public void afterPending(Runnable r) {
        worker.execute(r);
    }

    private void onEvent(ObjectNode e) {
        String name = e.path("event").asText();
        fx.execute(() -> applyEvent(name, e));
    }

    private void applyEvent(String name, ObjectNode e) {
        switch (name) {
            case "track_started" -> {
                applyTrack(e.path("track"));
                markPlaying();
            }
            case "track_ended" -> {
                if (e.path("trackId").asLong(-2) == state.trackId.get()) {
                    state.playing.set(false);
                }
            }
            case "rating_stored" -> {
                JsonNode r = e.path("rating");
                int overall = r.isObject() ? r.path("overall").asInt() : r.asInt();
                long id = e.path("ratingId").asLong();
                // the history fetched at connect may hold it already
                if (overall >= 1 && overall <= 10 && !state.ratingIds.contains(id)) {
                    state.ratings.add(overall);
                    state.ratingIds.add(id);
                    state.profileRatings.set(state.profileRatings.get() + 1);
                }
            }
            case "undone" -> {
                int i = state.ratingIds.indexOf(e.path("ratingId").asLong());
                if (i >= 0) {
                    state.ratingIds.remove(i);
                    state.ratings.remove(i);
                }
                state.profileRatings.set(Math.max(0, state.profileRatings.get() - 1));
            }
            case "params_changed" -> state.params.set(e.has("params") ? e.get("params") : e);
            case "profile_changed" -> {
                state.ratings.clear();
                state.ratingIds.clear();
                state.profile.set(e.path("profile").asText(state.profile.get()));
                refresh();
                reloadHistory();
            }
            case "port" -> applyPort(e);
            case "learned" -> {
                applyMapping(e.path("mapping"));
                state.learned.set(e.path("control").asText());
                state.message.set(e.path("control").asText() + " <- " + binding(e.path("binding"), 1)
                        + ", saved in '" + e.path("mapping").path("name").asText() + "'");
            }
            case "controller" -> applyMapping(e.path("mapping"));
            case "cc" -> state.lastCc.set(new PanelState.Cc(e.path("channel").asInt(), e.path("controller").asInt(),
                    e.path("value").asInt()));
            case "stopping" -> state.message.set("the device is stopping");
            default -> {
                // q_updated and events of later versions: nothing to show
            }
        }
    }

    private void reloadHistory() {
        worker.execute(() -> {
            if (requests == null) {
                return;
            }
            try {
                ObjectNode h = historyOf(requests);
                fx.execute(() -> applyHistory(h));
            } catch (ControlException e) {
                fx.execute(() -> state.message.set("history: " + e.getMessage()));
            } catch (IOException e) {
                lost("history failed: " + e.getMessage());
            }
        });
    }

    /**
     * Shows the profile's stored ratings (undone ones left out), then those that came as events after the
     * device took the history (their ids are higher), so none is shown twice or lost.
     */
    private void applyHistory(ObjectNode h) {
        if (h == null || !h.path("profile").asText().equals(state.profile.get())) {
            return; // a device without history, or the profile changed meanwhile: its own reload follows
        }
        List<Integer> values = new java.util.ArrayList<>();
        List<Long> ids = new java.util.ArrayList<>();
        for (JsonNode r : h.path("ratings")) {
            int overall = r.path("rating").path("overall").asInt();
            if (!r.path("undone").asBoolean() && overall >= 1 && overall <= 10) {
                values.add(overall);
                ids.add(r.path("ratingId").asLong());
            }
        }
        long last = h.path("ratings").isEmpty() ? -1
                : h.path("ratings").get(h.path("ratings").size() - 1).path("ratingId").asLong();
        for (int i = 0; i < state.ratingIds.size(); i++) {
            if (state.ratingIds.get(i) > last) {
                values.add(state.ratings.get(i));
                ids.add(state.ratingIds.get(i));
            }
        }
        state.ratingIds.setAll(ids);
        state.ratings.setAll(values);
    }

    private void applyProfiles(ObjectNode p) {
        List<String> names = new java.util.ArrayList<>();
        p.path("profiles").forEach(n -> names.add(n.asText()));
        if (!names.isEmpty() && !names.equals(state.profiles)) {
            state.profiles.setAll(names);
        }
    }

    private void applyStatus(ObjectNode s) {
        state.version.set(s.path("version").asText(""));
        state.profile.set(s.path("profile").asText(""));
        state.learner.set(s.path("learner").asText(""));
        if (s.has("params")) {
            state.params.set(s.get("params"));
        }
        applyPort(s.path("port"));
        applyMapping(s.path("controller"));
        state.clockMode.set(s.path("clock").path("mode").asText("off"));
        state.profileRatings.set(s.path("ratings").asInt(0));
        applyTrack(s.path("track"));
        if (s.path("playing").asBoolean(false)) {
            markPlaying();
        }
    }

    private void applyPort(JsonNode p) {
        if (p.isObject()) {
            state.portName.set(p.path("backend").asText("") + " " + p.path("name").asText(""));
            state.portState.set(p.path("state").asText(""));
        }
    }

    private void applyTrack(JsonNode t) {
        if (!t.isObject() || !t.has("melody")) {
            return;
        }
        long id = t.path("trackId").asLong(-1);
        state.episode.set(t.path("episode").asInt(0));
        if (id == state.trackId.get() && state.track.get() != null) {
            return;
        }
        Track track;
        try {
            track = TrackJson.fromJson(t);
        } catch (IllegalArgumentException ex) {
            state.message.set("the device sent a track the panel cannot read: " + ex.getMessage());
            return;
        }
        state.dragFile.set(null);
        state.action.set(t.path("action").asText(""));
        state.explored.set(t.path("explored").asBoolean(false));
        state.trackId.set(id);
        state.roll.set(RollModel.of(track, t.get("arrangement")));
        state.track.set(track);
        prepareDragFile(id, track);
    }

    private void markPlaying() {
        state.playStartNanos.set(System.nanoTime());
        state.playing.set(true);
    }

    /**
     * Writes the .mid file a user can drag out, so the drag itself needs no request. Written here, not by the
     * device's `export`: that would store an EXPORT signal (a strong liking, to some learners) for every track
     * shown, while only an export the user asked for is one ({@link #dragged}). FX thread; writes on the worker.
     */
    private void prepareDragFile(long id, Track track) {
        MidiFiles.Voice voice = voiceOf(state.params.get());
        worker.execute(() -> {
            Path file = dragFile(id);
            try {
                if (!Files.exists(file)) {
                    MidiFiles.write(track, voice, file);
                }
                fx.execute(() -> {
                    if (state.trackId.get() == id) {
                        state.dragFile.set(file);
                    }
                });
            } catch (IOException | RuntimeException e) {
                fx.execute(() -> state.message.set("cannot write the .mid to drag: " + e.getMessage()));
            }
        });
    }

    /** The melody's channel and program in force ({@link MidiFiles.Voice#DEFAULT} until the device said). */
    static MidiFiles.Voice voiceOf(JsonNode params) {
        if (params == null) {
            return MidiFiles.Voice.DEFAULT;
        }
        try {
            return new MidiFiles.Voice(params.path("channel").asInt(1), params.path("program").asInt(0), "hitl-midi");
        } catch (IllegalArgumentException e) {
            return MidiFiles.Voice.DEFAULT;
        }
    }

    Path dragFile(long trackId) {
        return dragDir.resolve("hitl-midi-" + trackId + ".mid");
    }

    /**
     * The user dragged track {@code trackId} out onto a DAW: that is an export they asked for, so the device is
     * told (it writes the track beside the dragged file and stores the export signal). Nothing is sent when
     * another track has started since.
     */
    public void dragged(long trackId) {
        if (state.trackId.get() != trackId) {
            return;
        }
        Path copy = dragDir.resolve("hitl-midi-" + trackId + "-exported.mid");
        ObjectNode f = F.objectNode();
        f.put("path", copy.toString());
        send("export", f, reply -> state.message.set("dragged out track " + trackId));
    }

    @Override
    public void close() {
        closed = true;
        worker.execute(() -> {
            closeQuietly(requests);
            closeQuietly(events);
            requests = null;
            events = null;
        });
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dragDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dragDir);
        } catch (IOException e) {
            // temporary files only; the OS cleans its temp folder
        }
    }
}
