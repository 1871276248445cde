package org.hitlmidi.device;

import java.util.ArrayDeque;
import java.util.Deque;
import org.hitlmidi.learn.Episodes;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SignalRecord;
import org.hitlmidi.store.Store;

/**
 * A profile's learner as its history makes it, and copies of it kept as checkpoints, so that an undo replays the
 * feedback since the newest checkpoint before the undone rating instead of the whole history (issue 16, item 9: at
 * 300,000 ratings a full replay took 7 to 16 s, with panic and status waiting behind it).
 *
 * <p>A checkpoint is taken when the learner is built (from the whole history, streamed from the store) and then every
 * {@link #EVERY} ratings; at most {@link #KEEP} are kept (the oldest goes). An undo drops the checkpoints that hold
 * the undone rating and replays from the newest one left: at most about {@code EVERY} records, unless the undo goes
 * back further than the checkpoints kept, when the whole history is replayed. A learner that cannot be copied
 * ({@link Learner#copy()} null) is always rebuilt from the whole history.
 *
 * <p>And before each rating learned live, a copy of the learner as it was ({@link #beforeRating}; the last
 * {@link #RECENT} kept): an undo of one of the session's last ratings (undo only undoes this session's) restores that
 * copy and replays what came after it, the undone rating (read, left out) and the signals since: O(one step), not the
 * up to {@code EVERY} ratings since a checkpoint (at 300,000 ratings `bench history`'s undo, p50 241 ms, replayed a
 * track parsed and packed per record).
 */
final class Checkpoints {
    static final int EVERY = 256;
    static final int KEEP = 4;

    /**
     * What a replay leaves: the learner, its episodes, the ratings learned (not undone), the track rated last, and the
     * position: the last rating and signal read.
     */
    record State(Learner learner, Episodes episodes, long ratings, Track last, long ratingId, long signalId) {
        static State empty(Learner l) {
            return new State(l, new Episodes(), 0, null, 0, 0);
        }

        /** A copy to learn on, leaving this one as it is; null when the learner cannot be copied. */
        State copy() {
            Learner l = learner.copy();
            return l == null ? null : new State(l, episodes.copy(), ratings, last, ratingId, signalId);
        }
    }

    /** Copies of the learner kept before each of the session's last ratings (see {@link #beforeRating}). */
    static final int RECENT = 32;
    /**
     * A learner that learned more ratings than this is copied before every rating only when its copy does not grow with
     * the history (the default learner: its model, and its heard tracks shared): a Q-table, a feature-q learner's
     * tracks played, would make each rating cost O(history). Its undo replays from the checkpoints as before.
     */
    static final long RECENT_MAX_UPDATES = 4096;

    private final int every;
    private final int keep;

    Checkpoints() {
        this(EVERY, KEEP);
    }

    /** For tests: a checkpoint every {@code every} ratings, at most {@code keep} kept. */
    Checkpoints(int every, int keep) {
        this.every = every;
        this.keep = keep;
    }

    /** Newest first; each holds a learner that is never learned on (a restore learns on a copy of it). */
    private final Deque<State> saved = new ArrayDeque<>();
    /** Newest first: the live learner just before each of the last {@link #RECENT} ratings it learned; never learned on. */
    private final Deque<State> recent = new ArrayDeque<>();
    private long sinceSaved;
    /** Records read by the last replay: what an undo costs, for tests. */
    private long lastReplayed;

    /**
     * Replays the store's feedback after {@code from}'s position into {@code from}'s learner and episodes (which it
     * changes), each record under the parameters it was made under, undone ratings left out, as
     * {@link org.hitlmidi.store.Feedback#replay} does. Returns the state after it.
     */
    State replay(Store store, long profileId, State from) {
        Learner l = from.learner();
        Episodes e = from.episodes();
        long[] counts = {from.ratings(), from.ratingId(), from.signalId(), 0};
        Track[] last = {from.last()};
        TrackParams[] told = {null};
        store.replay(profileId, from.ratingId(), from.signalId(), f -> {
            counts[3]++;
            if (f.params() != null && !f.params().equals(told[0])) {
                told[0] = f.params();
                l.params(told[0]);
            }
            if (f instanceof RatingRecord r) {
                counts[1] = Math.max(counts[1], r.id());
                if (!r.undone()) {
                    l.learn(r.transition(), r.rating());
                    e.count(r.transition());
                    counts[0]++;
                    last[0] = r.transition().after();
                }
            } else if (f instanceof SignalRecord s) {
                counts[2] = Math.max(counts[2], s.id());
                l.signal(s.transition(), s.signal());
            }
        });
        lastReplayed = counts[3];
        return new State(l, e, counts[0], last[0], counts[1], counts[2]);
    }

    /** Forgets every checkpoint and keeps a copy of {@code live} (a learner just built or switched) as the first. */
    void reset(State live) {
        saved.clear();
        recent.clear();
        sinceSaved = 0;
        State c = live.copy();
        if (c != null) {
            saved.push(c);
        }
    }

    /** Counts a rating learned live; every {@link #EVERY} ratings a copy of {@code live} becomes a checkpoint. */
    void rated(java.util.function.Supplier<State> live) {
        if (++sinceSaved < every || saved.isEmpty()) {
            return;
        }
        State c = live.get().copy();
        if (c != null) {
            sinceSaved = 0;
            keep(c);
        }
    }

    /**
     * Keeps a copy of {@code live}, the learner about to learn a rating, so that an undo of that rating (or a write of
     * it that fails) restores it and replays only what came after it. Its position is the last rating and signal it
     * learned, so it is a checkpoint like the others, taken more often.
     */
    void beforeRating(State live) {
        Learner l = live.learner();
        if (l == null || !(l instanceof org.hitlmidi.learn.RewardModelLearner) && l.updates() > RECENT_MAX_UPDATES) {
            recent.clear();
            return;
        }
        State c = live.copy();
        if (c == null) {
            return;
        }
        recent.push(c);
        while (recent.size() > RECENT) {
            recent.removeLast();
        }
    }

    /**
     * The learner without what it learned from rating {@code ratingId} on (now undone, or never stored): a copy of the
     * newest checkpoint before it, with the feedback since replayed. Null when no checkpoint is old enough: the caller
     * rebuilds from the whole history.
     */
    State restoreBefore(Store store, long profileId, long ratingId) {
        while (!saved.isEmpty() && saved.peek().ratingId() >= ratingId) {
            saved.pop();
        }
        while (!recent.isEmpty() && recent.peek().ratingId() >= ratingId) {
            recent.pop();
        }
        // the newest of the two: the copy before the undone rating when it is still kept
        State from = newer(saved.peek(), recent.peek());
        if (from == null) {
            return null;
        }
        sinceSaved = 0;
        State restored = replay(store, profileId, from.copy());
        if (lastReplayed >= AGAIN) {
            // the records read were mostly undone ones (rate and undo in turn never reach EVERY new ratings): where
            // the replay ended is a checkpoint too, or every undo read them all again (at 300,000 ratings the
            // `bench history` undo slowed from 0.1 to 10 s in 160 rounds). Undone stays undone: it is valid.
            State c = restored.copy(); // the device learns on what is returned; a checkpoint is never learned on
            if (c != null) {
                keep(c);
            }
        }
        return restored;
    }

    /** The later of two states (by the store position they hold), either of which may be null. */
    private static State newer(State a, State b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.ratingId() != b.ratingId()) {
            return a.ratingId() > b.ratingId() ? a : b;
        }
        return a.signalId() >= b.signalId() ? a : b;
    }

    /** An undo that read at least this many records keeps where it ended as a checkpoint. */
    static final int AGAIN = 32;

    private void keep(State c) {
        saved.push(c);
        while (saved.size() > keep) {
            saved.removeLast();
        }
    }

    long lastReplayed() {
        return lastReplayed;
    }

    int saved() {
        return saved.size();
    }

    /** Copies kept before the session's last ratings. */
    int recent() {
        return recent.size();
    }
}
