package org.hitlmidi.panel;

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
import org.hitlmidi.control.DeviceClient;
import org.hitlmidi.control.DeviceEvent;
import org.hitlmidi.control.DeviceReply;
import org.hitlmidi.control.DeviceRequest;
import org.hitlmidi.control.ParamSet;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Track;

/**
 * The panel's side of the control protocol, through {@link DeviceClient}: typed requests, typed replies and
 * events, so the panel holds typed state (no JSON). Every request runs on one background thread, in the order the
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

    private final Connector connector;
    private final PanelState state;
    private final Executor fx;
    private final ScheduledExecutorService worker;
    private final Path dragDir;
    // Only the worker thread touches these two.
    private DeviceClient requests;
    private DeviceClient events;
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
        DeviceClient req = null;
        DeviceClient ev = null;
        try {
            req = new DeviceClient(connector.connect());
            ev = new DeviceClient(connector.connect());
            DeviceReply.Status status = req.call(new DeviceRequest.Status());
            ev.subscribe(List.of(), this::onEvent);
            // after subscribing: a rating stored from now on comes as an event too, and applyHistory merges both
            DeviceReply.History history = historyOf(req);
            DeviceReply.Profile profile = req.call(new DeviceRequest.Profile(null, null));
            DeviceReply.Controller controllers = req.call(new DeviceRequest.Controller(null));
            requests = req;
            events = ev;
            fx.execute(() -> {
                state.link.set(PanelState.Link.CONNECTED);
                state.message.set("");
                applyStatus(status);
                applyHistory(history);
                applyProfiles(profile.profiles());
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

    private static void closeQuietly(DeviceClient c) {
        if (c != null) {
            c.close();
        }
    }

    /** The profile's last ratings, or null from a device that does not know `history` yet. */
    private static DeviceReply.History historyOf(DeviceClient c) throws IOException {
        try {
            return c.call(new DeviceRequest.History(HISTORY));
        } catch (ControlException e) {
            if (e.code() == org.hitlmidi.control.ErrorCode.UNKNOWN_COMMAND) {
                return null;
            }
            throw e;
        }
    }

    /** A request and what to do with its reply on the JavaFX thread. */
    private <R extends DeviceReply> void send(DeviceRequest<R> request, Consumer<R> onReply) {
        send(request, onReply, null);
    }

    /** As above; {@code onError} runs on the JavaFX thread after the device refused the request. */
    private <R extends DeviceReply> void send(DeviceRequest<R> request, Consumer<R> onReply, Runnable onError) {
        String cmd = DeviceClient.command(request);
        worker.execute(() -> {
            if (requests == null) {
                connectIfNeeded();
            }
            if (requests == null) {
                fx.execute(() -> state.message.set("not connected to the device: '" + cmd + "' not sent"));
                return;
            }
            try {
                R reply = requests.call(request);
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
        send(new DeviceRequest.Rate(overall, musicality, novelty, coherence, parts.isEmpty() ? null : Map.copyOf(parts),
                trackId >= 0 ? trackId : null, "panel", null), reply -> {
            state.message.set("rated " + overall);
            applyTrack(reply.track());
        });
    }

    /**
     * Switches the device to another profile, creating it (with the current parameters and learner) when
     * {@code create}. The device then sends `profile_changed`, which reloads the chart. {@code onRefused} runs on
     * the JavaFX thread when the device refuses (a bad name, a profile that vanished).
     */
    public void switchProfile(String name, boolean create, Runnable onRefused) {
        send(new DeviceRequest.Profile(name, create ? true : null), reply -> {
            state.profile.set(reply.profile() != null ? reply.profile() : state.profile.get());
            applyProfiles(reply.profiles());
            state.message.set((create ? "created profile '" : "profile '") + reply.profile() + "'"
                    + (create ? "" : ": " + reply.ratings() + " ratings"));
        }, onRefused);
    }

    public void next() {
        send(new DeviceRequest.Next(), reply -> applyTrack(reply.track()));
    }

    /** Plays the current track (from its start). */
    public void play() {
        send(new DeviceRequest.Play(), reply -> markPlaying());
    }

    /** Stops playing: the device's panic (every note off on every channel). */
    public void stopPlaying() {
        send(new DeviceRequest.Panic(), reply -> {
            state.playing.set(false);
            state.message.set("stopped");
        });
    }

    /**
     * Changes parameters; {@code onAnswer} gets, on the JavaFX thread, the device's message when it refuses them
     * (none of them then applies), or null when they apply.
     */
    public void setParams(ParamSet set, Consumer<String> onAnswer) {
        send(new DeviceRequest.Params(set), reply -> {
            state.params.set(reply.params());
            state.message.set("parameters set");
            onAnswer.accept(null);
        }, () -> onAnswer.accept(state.message.get()));
    }

    public void replay() {
        send(new DeviceRequest.Replay(), reply -> markPlaying());
    }

    public void undo() {
        send(new DeviceRequest.Undo(), reply -> {
            state.message.set("undid rating " + reply.ratingId());
            applyTrack(reply.track());
        });
    }

    public void keep() {
        send(new DeviceRequest.Keep(null), reply -> state.message.set("kept as #" + reply.keptId()));
    }

    /** Writes the current track to {@code path} (absolute, .mid). */
    public void export(Path path) {
        send(new DeviceRequest.Export(path.toAbsolutePath().toString(), null),
                reply -> state.message.set("exported " + path.getFileName()));
    }

    /** Changes parameters (protocol `params` `set`); the device answers with what is in force. */
    public void setParams(ParamSet set) {
        send(new DeviceRequest.Params(set), reply -> {
            state.params.set(reply.params());
            state.message.set("parameters set");
        });
    }

    public void setExploration(double epsilon) {
        setParams(ParamSet.none().exploration(epsilon));
    }

    /**
     * MIDI-learn: the device binds {@code control} (a name of docs/controllers.md) to the next knob, fader or pad
     * that moves on the controller, saves the mapping as a controller preset and reports it as a `learned` event.
     * A null control cancels.
     */
    public void learn(String control) {
        send(new DeviceRequest.Learn(control, control == null ? true : null), reply -> {
            if (control != null) {
                state.message.set("MIDI-learn: move a knob or press a pad on your controller for '" + control + "'");
            }
        });
    }

    /** Loads another controller mapping on the device (remembered there for its next start). */
    public void chooseController(String name) {
        send(new DeviceRequest.Controller(name), this::applyControllers);
    }

    /** Sets the device's MIDI clock: off, send or follow (remembered there for its next start). */
    public void setClock(String mode) {
        send(new DeviceRequest.Clock(mode), r -> state.clockMode.set(r.clock().mode()));
    }

    private void applyControllers(DeviceReply.Controller r) {
        applyMapping(r.mapping());
        List<String> names = r.available() == null ? List.of() : r.available();
        if (!names.equals(state.controllers)) {
            state.controllers.setAll(names);
        }
    }

    /** Shows a mapping in the format of presets/controllers (name, channel, controls). */
    private void applyMapping(DeviceReply.Mapping mapping) {
        if (mapping == null) {
            return;
        }
        state.controller.set(mapping.name() == null ? "" : mapping.name());
        state.mappings.clear();
        if (mapping.controls() != null) {
            mapping.controls().forEach((name, b) -> state.mappings.put(name, binding(b, mapping.channel())));
        }
    }

    /** "ch 1 CC 16" or "ch 10 note 36". */
    static String binding(DeviceReply.Binding c, int defaultChannel) {
        int ch = c.channel() != null ? c.channel() : defaultChannel;
        return c.cc() != null ? "ch " + ch + " CC " + c.cc() : "ch " + ch + " note " + c.note();
    }

    public void refresh() {
        send(new DeviceRequest.Status(), this::applyStatus);
    }

    /** Runs {@code r} on the device thread after every request asked for so far (tests wait on it). */
    public void afterPending(Runnable r) {
        worker.execute(r);
    }

    private void onEvent(DeviceEvent e) {
        fx.execute(() -> applyEvent(e));
    }

    private void applyEvent(DeviceEvent e) {
        if (e instanceof DeviceEvent.TrackStarted t) {
            applyTrack(t.track());
            markPlaying();
        } else if (e instanceof DeviceEvent.TrackEnded t) {
            if (t.trackId() == state.trackId.get()) {
                state.playing.set(false);
            }
        } else if (e instanceof DeviceEvent.RatingStored r) {
            int overall = r.rating() == null ? 0 : r.rating().overall();
            // the history fetched at connect may hold it already
            if (overall >= 1 && overall <= 10 && !state.ratingIds.contains(r.ratingId())) {
                state.ratings.add(overall);
                state.ratingIds.add(r.ratingId());
                state.profileRatings.set(state.profileRatings.get() + 1);
            }
        } else if (e instanceof DeviceEvent.Undone u) {
            int i = state.ratingIds.indexOf(u.ratingId());
            if (i >= 0) {
                state.ratingIds.remove(i);
                state.ratings.remove(i);
            }
            state.profileRatings.set(Math.max(0, state.profileRatings.get() - 1));
        } else if (e instanceof DeviceEvent.ParamsChanged p) {
            state.params.set(p.params());
        } else if (e instanceof DeviceEvent.ProfileChanged p) {
            state.ratings.clear();
            state.ratingIds.clear();
            state.profile.set(p.profile() != null ? p.profile() : state.profile.get());
            refresh();
            reloadHistory();
        } else if (e instanceof DeviceEvent.PortChanged p) {
            applyPort(p.port());
        } else if (e instanceof DeviceEvent.Learned l) {
            applyMapping(l.mapping());
            state.learned.set(l.control());
            state.message.set(l.control() + " <- " + binding(l.binding(), 1)
                    + ", saved in '" + (l.mapping() == null ? "" : l.mapping().name()) + "'");
        } else if (e instanceof DeviceEvent.ControllerChanged c) {
            applyMapping(c.mapping());
        } else if (e instanceof DeviceEvent.Cc c) {
            state.lastCc.set(new PanelState.Cc(c.channel(), c.controller(), c.value()));
        } else if (e instanceof DeviceEvent.Stopping) {
            state.message.set("the device is stopping");
        }
        // q_updated and events of later versions: nothing to show
    }

    private void reloadHistory() {
        worker.execute(() -> {
            if (requests == null) {
                return;
            }
            try {
                DeviceReply.History h = historyOf(requests);
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
    private void applyHistory(DeviceReply.History h) {
        if (h == null || !java.util.Objects.equals(h.profile(), state.profile.get())) {
            return; // a device without history, or the profile changed meanwhile: its own reload follows
        }
        List<Integer> values = new java.util.ArrayList<>();
        List<Long> ids = new java.util.ArrayList<>();
        List<DeviceReply.HistoryEntry> ratings = h.ratings() == null ? List.of() : h.ratings();
        for (DeviceReply.HistoryEntry r : ratings) {
            int overall = r.rating() == null ? 0 : r.rating().overall();
            if (!r.undone() && overall >= 1 && overall <= 10) {
                values.add(overall);
                ids.add(r.ratingId());
            }
        }
        long last = ratings.isEmpty() ? -1 : ratings.get(ratings.size() - 1).ratingId();
        for (int i = 0; i < state.ratingIds.size(); i++) {
            if (state.ratingIds.get(i) > last) {
                values.add(state.ratings.get(i));
                ids.add(state.ratingIds.get(i));
            }
        }
        state.ratingIds.setAll(ids);
        state.ratings.setAll(values);
    }

    private void applyProfiles(List<String> profiles) {
        List<String> names = profiles == null ? List.of() : profiles;
        if (!names.isEmpty() && !names.equals(state.profiles)) {
            state.profiles.setAll(names);
        }
    }

    private void applyStatus(DeviceReply.Status s) {
        state.version.set(s.version() == null ? "" : s.version());
        state.profile.set(s.profile() == null ? "" : s.profile());
        state.learner.set(s.learner() == null ? "" : s.learner());
        if (s.params() != null) {
            state.params.set(s.params());
        }
        applyPort(s.port());
        applyMapping(s.controller());
        state.clockMode.set(s.clock() == null ? "off" : s.clock().mode());
        state.profileRatings.set((int) s.ratings());
        applyTrack(s.track());
        if (s.playing()) {
            markPlaying();
        }
    }

    private void applyPort(DeviceReply.Port p) {
        if (p != null) {
            state.portName.set(p.backend() + " " + p.name());
            state.portState.set(p.state() == null ? "" : p.state());
        }
    }

    private void applyTrack(DeviceReply.Track t) {
        if (t == null || t.melody() == null) {
            return;
        }
        long id = t.trackId();
        state.episode.set(t.episode());
        if (id == state.trackId.get() && state.track.get() != null) {
            return;
        }
        Track track;
        try {
            track = t.toTrack();
        } catch (IllegalArgumentException ex) {
            state.message.set("the device sent a track the panel cannot read: " + ex.getMessage());
            return;
        }
        state.dragFile.set(null);
        state.action.set(t.action() == null ? "" : t.action());
        state.explored.set(t.explored());
        state.trackId.set(id);
        state.roll.set(RollModel.of(track, track.arrangement()));
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
    static MidiFiles.Voice voiceOf(DeviceReply.ParamsView params) {
        if (params == null) {
            return MidiFiles.Voice.DEFAULT;
        }
        try {
            return new MidiFiles.Voice(params.channel(), params.program(), "hitl-midi");
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
        send(new DeviceRequest.Export(copy.toString(), null), reply -> state.message.set("dragged out track " + trackId));
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
