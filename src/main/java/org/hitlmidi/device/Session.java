package org.hitlmidi.device;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.learn.Episodes;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Proposal;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.learn.LearnerConfig;
import org.hitlmidi.preset.Configs;
import org.hitlmidi.preset.Preset;
import org.hitlmidi.preset.PresetException;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SignalRecord;
import org.hitlmidi.store.Store;
import org.hitlmidi.store.StoreException;

/**
 * The session core: its state, one {@link SessionState} replaced whole at the end of each operation ({@link
 * #operation}), so that an operation that fails midway leaves the state it found; and what every part of the device
 * builds on: the profile, its learner rebuilt from the store, the current track and how it is numbered. JSON-free
 * and single-threaded: called with the {@link Device}'s lock held.
 */
final class Session {
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

    /** A rating of this session that can be undone, and the track it rated. */
    record Undo(long ratingId, Current rated) {
    }

    /** The profile setting that holds the exploration override set by `params`. */
    static final String EXPLORATION = "exploration";
    /** The profile setting holding the number of the profile's last episode (one may have no rating yet). */
    static final String EPISODE_SETTING = "episode";

    final Store store;
    final Presets presets;
    final Consumer<String> log;
    final RandomGenerator rng;
    /** Copies of the learner an undo restores from, and the position of the live one (see {@link Checkpoints}). */
    final Checkpoints checkpoints = new Checkpoints();
    /** Told each new current track (the controller listener: knobs rate the track they were set for). */
    private final java.util.function.LongConsumer newTrack;
    private final TrackIds trackIds;
    /** The default learner's snapshots on disk (none, as in tests of the session alone, until {@link #useSnapshots}). */
    private final SessionSnapshots snapshots = new SessionSnapshots();

    /** The state as the last operation left it: what an operation that fails leaves. */
    private SessionState state = SessionState.empty();
    /** The state the operation under way has made so far (the same as {@link #state} between operations). */
    private SessionState work = state;
    private int depth;
    /** The next proposal's candidates made ahead ({@link Ahead}); null: made when a rating asks for them. */
    private Ahead ahead;

    Session(Store store, Presets presets, Consumer<String> log, RandomGenerator rng, DeviceSettings settings,
            java.util.function.LongConsumer newTrack) {
        this.store = store;
        this.presets = presets;
        this.log = log;
        this.rng = rng;
        this.trackIds = new TrackIds(settings);
        this.newTrack = newTrack;
    }

    /** Keeps the default learner's snapshots in {@code s} (the data folder's): a start then replays only the tail. */
    void useSnapshots(LearnerSnapshots s) {
        snapshots.use(s);
    }

    /** Counts a rating learned live; every {@link LearnerSnapshots#EVERY} a snapshot of the live learner is written. */
    void snapshotRated(Checkpoints.State live) {
        snapshots.rated(store, profile().id(), live);
    }

    /**
     * When the device stops: a snapshot of the live learner if it learned since the last one and its history is long
     * enough for a replay to matter; then waits for the writes under way.
     */
    void closeSnapshots() {
        SessionState st = work;
        snapshots.close(store, profile().id(), st.ratings(), () -> new Checkpoints.State(st.learner(), st.episodes(),
                st.ratings(), st.current() == null ? null : lastRated(), st.lastRatingId(), st.lastSignalId()), log);
    }

    /** The track rated last: what the episodes counted last (a replay's State.last). */
    private Track lastRated() {
        Object last = work.episodes().last();
        return last instanceof Track t ? t : null;
    }

    /**
     * Runs one operation: it reads and replaces {@link #state()} as it goes, and what it leaves becomes the state
     * when it returns; when it throws, the state is the one it found (the record before it, whole). An operation
     * run inside another is part of it.
     */
    <T> T operation(java.util.function.Supplier<T> op) {
        if (depth > 0) {
            return op.get();
        }
        depth++;
        try {
            T result = op.get();
            adopt();
            if (ahead != null) { // after the operation (a new track already playing): never before its sound
                ahead.ensure(state.current(), state.learner(), rng);
            }
            return result;
        } catch (RuntimeException | Error e) {
            work = state;
            throw e;
        } finally {
            depth--;
        }
    }

    /** Makes the next proposal's candidates ahead from now on ({@link Ahead}). */
    void makeAhead(Ahead a) {
        this.ahead = a;
    }

    /** What was made ahead for the rating of {@code rated} (perhaps still being made), or null. */
    org.hitlmidi.learn.Prepared madeAhead(Current rated) {
        return ahead == null ? null : ahead.take(rated, learner());
    }

    private volatile long changes;

    /** The state in force (within an operation, as it has made it so far). */
    SessionState state() {
        return work;
    }

    /** Replaces the state; it becomes the session's when the operation returns. */
    void set(SessionState next) {
        work = next;
    }

    /** How many operations made a new state the session's: a status taken at another count may be older. */
    long changes() {
        return changes;
    }

    /** Back to the state the operation found. */
    void rollback() {
        work = state;
    }

    /**
     * Makes the state so far the session's now, before the operation ends: for an operation that fails after
     * putting right what cannot be taken back (a learner that learned a rating whose write failed).
     */
    void commit() {
        adopt();
    }

    private void adopt() {
        changes += work != state ? 1 : 0; // one writer: under the device's lock
        state = work;
    }

    Profile profile() {
        return work.profile();
    }

    Learner learner() {
        return work.learner();
    }

    Episodes episodes() {
        return work.episodes();
    }

    Current current() {
        return work.current();
    }

    /**
     * Makes {@code p} the device's profile. Everything that can fail (its stored settings, its learner rebuilt
     * from its history, a new session in the store) comes first; the device's state changes only after, so a
     * switch that fails leaves the device as it was.
     */
    void load(Profile p) {
        Double expl = storedExploration(p);
        Built b = build(p, expl);
        long session = storeCall(() -> store.startSession(p.id()));
        set(work.withSession(p, expl, session));
        use(b);
        Track last = b.state().last();
        boolean fits = last != null && (last.arrangement().barred()
                ? !Learners.isPaper(p.learner()) && last.arrangement().bars() == p.params().bars()
                        && last.arrangement().meter() == p.params().meter()
                : last.melody().size() <= p.params().length());
        if (storedEpisode(p) > episodes().episode()) {
            // the last run began an episode (a parameter change) that has no rating yet: it goes on, afresh
            newEpisode();
        } else if (fits) {
            // what the live device would play after the last rating: the next edit of that track (a chain that
            // lost notes to NOTE_REMOVAL goes on too), or a new episode's first track when the learner's episode
            // is over; a track that no longer fits the parameters (fewer notes, other bars) starts a new one
            advance(episodes().next(learner(), p.params(), last, rng));
        } else {
            newEpisode();
        }
        log.accept("profile '" + p.name() + "': learner " + p.learner() + " rebuilt from " + work.ratings()
                + " ratings (" + learner().entries() + " entries), episode " + current().episode());
    }

    /**
     * Builds the profile's learner afresh and replays its ratings that were not undone and its implicit signals,
     * in the order they came.
     */
    void rebuildLearner() {
        use(build(profile(), work.exploration()));
    }

    /** Makes a learner built from the whole history the live one, and its first checkpoint. */
    private void use(Built b) {
        set(work.withLearned(b.state(), b.config()));
        checkpoints.reset(b.state());
        snapshots.live(b.snapshotHash());
    }

    /**
     * The learner without rating {@code ratingId} and what came after it that is not in the store (an undone rating,
     * or one whose write failed): restored from a checkpoint, or rebuilt from the whole history when none is old
     * enough (or the learner cannot be copied).
     */
    void restoreBefore(long ratingId) {
        Checkpoints.State s = checkpoints.restoreBefore(store, profile().id(), ratingId);
        if (s == null) {
            rebuildLearner();
            return;
        }
        s.learner().params(profile().params());
        set(work.withLearned(s, null));
    }

    /**
     * A profile's learner rebuilt from its history: its preset, the state the replay left, and its configuration hash
     * when a snapshot on disk can hold it (else null).
     */
    record Built(LearnerConfig config, Checkpoints.State state, String snapshotHash) {
    }

    /**
     * Builds {@code p}'s learner afresh and replays its history; changes nothing of the device. With a valid snapshot
     * of it on disk ({@link LearnerSnapshots}), only the feedback after the snapshot is replayed; a replay of at least
     * {@link LearnerSnapshots#WRITE_AFTER} records writes a new one.
     */
    Built build(Profile p, Double expl) {
        Preset preset;
        LearnerConfig config;
        try {
            preset = presets.file(LearnerConfig.KIND.folder(), p.learner()); // its text makes the snapshot's hash
            config = Configs.bind(preset, LearnerConfig.KIND);
        } catch (PresetException e) {
            throw new ControlException(ErrorCode.FAILED, "the learner of profile '" + p.name() + "' cannot be built: "
                    + e.getMessage(), e);
        }
        Learner built = learner(p, config, expl);
        Checkpoints.State from = Checkpoints.State.empty(built);
        String hash = snapshots.hashFor(built, preset);
        // restored into a learner of its own: one that a damaged file left half restored is never used
        Checkpoints.State snap = hash == null ? null : snapshots.load(store, p.id(), hash, learner(p, config, expl));
        if (snap != null) {
            from = snap;
        }
        // streamed, each under the parameters it was made under: a long history is never held whole
        Checkpoints.State start = from;
        Checkpoints.State s = storeCall(() -> checkpoints.replay(store, p.id(), start));
        snapshots.replayed(store, p.id(), hash, checkpoints.lastReplayed(), s);
        s.learner().params(p.params());
        return new Built(config, s, hash);
    }

    /** {@code p}'s learner as its preset and the exploration override make it, taught nothing. */
    private Learner learner(Profile p, LearnerConfig config, Double expl) {
        // built with the preset's own exploration, then the override switched in: as the knob does it live
        Learner l = Learners.build(config, edits(p.params()), p.params());
        if (expl != null && !l.exploration(Learners.exploration(config, expl))) {
            l = Learners.build(config.withExploration(expl), edits(p.params()), p.params());
        }
        return l;
    }

    /**
     * Stores an implicit signal about the current track, then tells the learner. A signal that cannot be
     * stored is not learned either (a rebuild from the store must give the same learner); the skip, keep or
     * export itself goes on, as the signal only nudges the learner.
     */
    void signal(ImplicitSignal s) {
        try {
            set(work.withSignal(store.addSignal(new SignalRecord(0, profile().id(), work.sessionId(), Instant.now(), s,
                    current().transition(), 0, profile().params()))));
        } catch (StoreException e) {
            log.accept(s.id() + " signal NOT stored, so not learned: " + e.getMessage());
            return;
        }
        learner().signal(current().transition(), s);
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

    void storeExploration(Double e) {
        storeCall(() -> {
            store.setSetting(profile().id(), EXPLORATION, e == null ? null : Double.toString(e));
            return null;
        });
    }

    static Edits edits(TrackParams p) {
        return new Edits(EditRules.PAPER.withKit(p.kit()));
    }

    /**
     * Begins an episode: the learner's first track of one ({@link Learner#begin}). Its number (one more than the
     * episodes rated so far) is remembered, so that a restart before its first rating begins one again.
     */
    void newEpisode() {
        advance(episodes().begin(learner(), profile().params(), rng));
        try {
            store.setSetting(profile().id(), EPISODE_SETTING, Integer.toString(current().episode()));
        } catch (StoreException e) {
            log.accept("episode " + current().episode() + " is not remembered for the next start: " + e.getMessage());
        }
    }

    /** Makes {@code p} the current track, numbered with the episode its rating will be counted in. */
    void advance(Proposal p) {
        Transition t = p.transition();
        // the live density and register override the composer's choices in every track the learner proposes
        Track after = work.live().compose(t.after(), profile().params()).withTempo(profile().params().tempo());
        set(work.withCurrent(new Current(trackIds.next(), episodes().of(t.before()), new Transition(t.before(), t.action(),
                after), p.explored())));
        currentIsNew();
    }

    /** Tells the controller listener the current track is a new one (knobs set before rate another track). */
    void currentIsNew() {
        newTrack.accept(current().trackId());
    }

    static long parseLong(String s) {
        try {
            return Math.max(0, Long.parseLong(s));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    MidiFiles.Voice voice() {
        return new MidiFiles.Voice(profile().params().channel(), profile().params().program(), "hitl-midi");
    }

    static <T> T storeCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw new ControlException(ErrorCode.FAILED, e.getMessage(), e);
        }
    }
}
