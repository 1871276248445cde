package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.hitlmidi.control.ControlServer;
import org.hitlmidi.control.Request;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.midi.MidiPort;
import org.hitlmidi.midi.Player;
import org.hitlmidi.midi.PortOptions;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.Store;
import org.hitlmidi.store.StoreException;

/**
 * The device process's session: the learner proposes an edit of the current track, the player plays the result,
 * a rating is stored first (durable), then credited to exactly that edit, then the next track plays. The learner
 * is never saved: it is rebuilt by replaying the profile's ratings that were not undone, so a restart, an undo and
 * a learner switch all resume from what the store holds.
 *
 * <p>This class wires the parts and holds the lock; the parts do the work: {@link Session} (the state and the
 * learner rebuilt from the store), {@link Ratings} (rate, skip, undo, keep, export, history), {@link ParamChanges}
 * (every change of what plays, scenes, key follow) with {@link ParamParser}, {@link Playback} (what the player
 * plays and when, clock and quantize), {@link Profiles} (profile and learner switches) and {@link CommandTable}
 * (the protocol's commands and dispatch).
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

    /** `history` gives at most this many ratings, and this many when no limit is asked for. */
    public static final int MAX_HISTORY = 1000;
    public static final int DEFAULT_HISTORY = 100;

    private final MidiPort port;
    private final Player player;
    private final Events events;
    private final Consumer<String> log;
    private final PortOptions portOptions;
    /** Writes a rating while the learner works on it (see {@link Ratings#rate}). */
    private final ExecutorService writer;
    /** Makes the next proposal's candidates while a track plays (issue 13 item 5). */
    private final Ahead ahead;
    /** Runs what a followed clock's START and STOP and key follow ask for, off the port's receiving thread. */
    private final Transport transport;
    private final DeviceClock clock;
    /** Where changes land: the playing loop's next bar line (see {@link ChangeQueue}). */
    private final ChangeQueue changes;
    /** Key follow: notes played into the input set the key (see {@link KeyFollower}). */
    private final KeyFollower keys;
    /** Chord follow: chords held on the input set the progression (see {@link ChordFollower}). */
    private final ChordFollower chords;
    /** The command table and dispatch. */
    private final CommandTable table;
    /** `status` without waiting behind a long operation. */
    private final StatusViews views;
    private final StatusAnswer statusAnswer;

    // the parts, each set once in {@link #open}, before any request can arrive
    private Session session;
    private Playback playback;
    private Ratings ratings;
    private ParamChanges params;
    private Profiles profiles;
    private Controllers controllers;
    private boolean closed;

    private Device(MidiPort port, Player player, Events events, Consumer<String> log, Runnable stopRequest,
                   PortOptions portOptions) {
        this.port = port;
        this.player = player;
        this.events = events;
        this.log = log;
        this.portOptions = portOptions;
        this.writer = Transport.daemonExecutor("hitl-midi-store-writer");
        this.ahead = new Ahead(Transport.daemonExecutor("hitl-midi-ahead"), log);
        this.transport = new Transport(log);
        this.clock = new DeviceClock(port, DeviceClock.Mode.OFF, transport.follow(() -> Device.this.clock, this::play,
                this::stopPlaying));
        this.changes = new ChangeQueue(player, clock);
        clock.onBeat(transport.coalescing("clock beat", this::followClock)); // one look at a time
        this.views = new StatusViews(port, player, clock, changes);
        this.statusAnswer = new StatusAnswer(this::lockedStatus, () -> views.live(controllers),
                () -> session == null ? 0 : session.changes());
        this.keys = new KeyFollower((tonic, minor) -> transport.run("key follow", () -> followKey(tonic, minor)));
        this.chords = new ChordFollower(held -> transport.run("chord follow", () -> followChords(held)), port::nowNanos);
        this.table = new CommandTable(this, log, stopRequest);
    }

    /**
     * Loads (or creates, with default parameters and the default learner) the profile, rebuilds its learner
     * from its ratings and makes the current track. Nothing plays until {@link #play()}.
     */
    public static Device open(Store store, Presets presets, MidiPort port, Player player, Events events,
                              Consumer<String> log, RandomGenerator rng, String profileName, Runnable stopRequest,
                              Path dataDir, PortOptions portOptions, Optional<String> controller) {
        Device d = new Device(port, player, events, log, stopRequest, portOptions);
        Profile p = store.profile(profileName).orElseGet(() -> {
            log.accept("creating profile '" + profileName + "' (learner " + Learners.DEFAULT + ", default parameters)");
            return store.createProfile(profileName, Learners.DEFAULT, TrackParams.defaults());
        });
        port.setStateListener(s -> {
            log.accept("port " + port.name() + " " + s.name().toLowerCase(Locale.ROOT));
            events.emit("port", DeviceViews.port(port, s));
        });
        DeviceSettings settings = new DeviceSettings(dataDir, log);
        d.session = new Session(store, presets, log, rng, settings, id -> d.controllers.listener().newTrack(id));
        d.session.useSnapshots(new LearnerSnapshots(dataDir, log));
        d.controllers = new Controllers(d, events, log, presets, dataDir, settings, controller);
        d.keys.setOn(settings.get(ParamChanges.KEY_FOLLOW_SETTING).map("on"::equals).orElse(false));
        d.chords.setOn(settings.get(ParamChanges.CHORD_FOLLOW_SETTING).map("on"::equals).orElse(false));
        d.playback = new Playback(d.session, player, d.clock, d.changes, events, settings, log);
        d.playback.restoreSettings();
        d.playback.listen();
        d.session.makeAhead(d.ahead);
        d.ratings = new Ratings(d.session, d.playback, events, d.writer);
        d.params = new ParamChanges(d.session, new ParamParser(presets), new Scenes(store), d.playback, player,
                d.changes, d.keys, d.chords, d.controllers, settings, events);
        d.profiles = new Profiles(d.session, d.playback, d.params, player, d.controllers, events);
        // called off the real-time thread (MidiPort's contract); cc events let a panel show what arrives
        port.setReceiver((status, data1, data2, atNanos) -> {
            d.clock.receive(status, data1, data2, atNanos);
            d.controllers.listener().receive(status, data1, data2, atNanos);
            d.keys.receive(status, data1, data2, atNanos);
            d.chords.receive(status, data1, data2, atNanos);
            if ((status & 0xF0) == 0xB0) {
                events.emit("cc", body().put("channel", (status & 0x0F) + 1).put("controller", data1).put("value", data2));
            }
        });
        synchronized (d) {
            d.session.operation(() -> {
                d.session.load(p);
                d.controllers.held(d.params.paramsView()); // the knobs pick up the values in force
                d.params.syncKey();
                return null;
            });
            d.statusAnswer.publish(d.lockedStatus());
        }
        return d;
    }

    // ---- the session, for in-process callers (the CC listener, the clock) and the protocol alike ----

    public synchronized ObjectNode play() {
        return session.operation(() -> {
            playback.playCurrent();
            return body().put("trackId", session.current().trackId());
        });
    }

    public synchronized ObjectNode replay() {
        return play();
    }

    /** Skips the current track without a rating ({@link Ratings#next}). */
    public synchronized ObjectNode next() {
        return session.operation(ratings::next);
    }

    /**
     * Stores the rating of the current track (acknowledged once on disk), credits it to the edit that made the
     * track, and with {@code next} plays the learner's next track, without waiting for the disk ({@link Ratings#rate}).
     *
     * @param trackId when present, the track the rater heard: refused as stale if it is no longer current
     */
    public synchronized ObjectNode rate(Rating rating, String source, Optional<Long> trackId, boolean next) {
        ObjectNode reply = session.operation(() -> ratings.rate(rating, source, trackId, next));
        statusAnswer.publish(lockedStatus()); // what a busy device's status says counts this rating
        return reply;
    }

    /** The parts the current track plays: what a rating may rate part by part. */
    public synchronized Set<org.hitlmidi.music.Part> currentParts() {
        return session.current().track().parts();
    }

    /** Undoes this session's last rating: marked undone, learner rebuilt without it, its track current again. */
    public synchronized ObjectNode undo() {
        ObjectNode reply = session.operation(ratings::undo);
        statusAnswer.publish(lockedStatus());
        return reply;
    }

    public synchronized ObjectNode keep(String note) {
        return session.operation(() -> ratings.keep(note));
    }

    /** Writes the current track, or a kept one, as a type 1 Standard MIDI File. */
    public synchronized ObjectNode export(Path path, Optional<Long> keptId) {
        return session.operation(() -> ratings.export(path, keptId));
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

    /**
     * The device's state; never waits behind a long operation (an undo's replay, a learner switch): then it answers
     * from the last full status, with {@code busy} true ({@link StatusAnswer}).
     */
    public ObjectNode status() {
        return statusAnswer.answer();
    }

    /** The full status, under the lock. */
    synchronized ObjectNode lockedStatus() {
        return views.full(session, params.paramsView(), controllers);
    }

    /**
     * Applies parameter changes all at once (nothing changes when one is bad): {@link #change} with a
     * {@link Change.Kind#PARAMS} change from a client.
     */
    public synchronized ObjectNode params(ObjectNode set) {
        return change(Change.params(set, "control"));
    }

    /** THE one way a change of what plays is made, whatever asked ({@link ParamChanges#change}). */
    public synchronized ObjectNode change(Change c) {
        return session.operation(() -> params.change(c));
    }

    /** The `scene` request: save, recall (a change like any other) or list. */
    synchronized ObjectNode scene(String action, java.util.OptionalInt number) {
        return session.operation(() -> params.scene(action, number));
    }

    /** Saves the parameters in force and the current track as scene {@code n} of the profile. */
    synchronized ObjectNode saveScene(int n, String source) {
        return session.operation(() -> params.saveScene(n, source));
    }

    /** The key follower heard a new key ({@link ParamChanges#followKey}). */
    private synchronized ObjectNode followKey(int tonic, boolean minor) {
        return session.operation(() -> params.followKey(tonic, minor));
    }

    /** Chord follow took a chord: the progression held so far ({@link ParamChanges#followChords}). */
    private synchronized ObjectNode followChords(List<org.hitlmidi.music.ChordFinder.Found> held) {
        return session.operation(() -> params.followChords(held));
    }

    /** The `follow` request: key and chord follow's state, after switching them when given (remembered). */
    synchronized ObjectNode follow(Optional<Boolean> key, Optional<Boolean> chordsOn) {
        return session.operation(() -> params.follow(key, chordsOn));
    }

    /** The styles there are, sorted (what style pads count in, and "next" steps through). */
    List<String> styleNames() {
        return params.styleNames();
    }

    /** Switches to another profile (created with the current parameters and learner when {@code create}). */
    public synchronized ObjectNode profile(Optional<String> name, boolean create) {
        return session.operation(() -> profiles.profile(name, create));
    }

    /** The profile's learner and the learner presets there are; with {@code name}, switches to that preset first. */
    public synchronized ObjectNode learner(Optional<String> name) {
        return session.operation(() -> profiles.learner(name));
    }

    /** The profile's last {@code limit} ratings (undone ones too), oldest first, each with its episode. */
    public synchronized ObjectNode history(int limit) {
        return ratings.history(limit);
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

    /** The `clock` request: the clock's state, after switching to {@code mode} when given. */
    synchronized ObjectNode clock(Optional<String> mode) {
        return session.operation(() -> playback.clock(mode));
    }

    /** The `quantize` request: where changes land (bar, beat, off), after setting it when given; remembered. */
    synchronized ObjectNode quantize(Optional<String> mode) {
        return playback.quantize(mode);
    }

    /** A beat of a followed clock: the playing loop kept on its grid ({@link Playback#followClock}). */
    private synchronized boolean followClock() {
        return !closed && playback != null && session.operation(playback::followClock);
    }

    /** The followed clock's transport stopped: so does the playing (the track stays current). */
    synchronized ObjectNode stopPlaying() {
        player.stop();
        return body();
    }

    Controllers controllers() {
        return controllers;
    }

    /** Stops playing with note-offs and ends the session in the store; the caller closes port and store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        controllers.close();
        chords.close();
        player.close();
        clock.close();
        writer.shutdown();
        ahead.close();
        transport.shutdown();
        statusAnswer.close();
        session.closeSnapshots();
        try {
            session.store.endSession(session.state().sessionId());
        } catch (StoreException e) {
            log.accept("cannot end the session in the store: " + e.getMessage());
        }
    }

    // ---- the protocol ----

    private final CommandLines commandLines = new CommandLines();

    /** Lets the `cli` request run the CLI's session command lines here ({@link CommandLines}). */
    public void runCommandLines(CommandLines.Runner runner) {
        commandLines.set(runner);
    }

    CommandLines commandLines() {
        return commandLines;
    }

    /** The command table, in the order docs/protocol.md lists the commands ({@link CommandTable}). */
    List<CommandTable.Command> commands() {
        return table.commands();
    }

    @Override
    public ObjectNode handle(Request r, ControlServer.Caller caller) {
        return table.handle(r, caller);
    }

    private static ObjectNode body() {
        return DeviceViews.body();
    }

    // ---- for tests ----

    /** The learner a rebuild from the store gives now (as a restart or an undo builds it); changes nothing. */
    synchronized Learner rebuiltLearnerForTest() {
        return session.build(session.profile(), session.state().exploration()).state().learner();
    }

    synchronized Learner learnerForTest() {
        return session.learner();
    }

    synchronized Checkpoints checkpointsForTest() {
        return session.checkpoints;
    }

    Controllers controllersForTest() {
        return controllers;
    }

    synchronized SessionState sessionStateForTest() {
        return session.state();
    }

    synchronized Session.Current currentForTest() {
        return session.current();
    }
}
