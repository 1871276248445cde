package org.hitlmidi.device;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hitlmidi.learn.Episodes;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.music.Part;
import org.hitlmidi.learn.LearnerConfig;
import org.hitlmidi.store.Profile;

/**
 * Everything a session holds, as one value: {@link Session} replaces it whole at the end of an operation, and an
 * operation that fails leaves the one before. The learner (with its episodes) is the one part that changes in
 * place, as learning is its work: an operation changes it only after the store has what it learns from, and one
 * whose write fails puts it back as the store has it.
 *
 * @param exploration the profile's exploration override, null for its learner preset's own
 * @param loop        tracks loop, bar-aligned, until rated or skipped
 * @param muted       the parts the listener muted (a playback choice: what is learned from is the whole track)
 * @param live        the performer's live controls (a playback and composing choice, not stored with the profile)
 * @param current     the track that is current, null only before the first profile is loaded
 * @param ratings     the profile's ratings that count (not undone), as the learner was built from them
 * @param undo        this session's ratings that can be undone, the last one last
 */
record SessionState(Profile profile, Learner learner, LearnerConfig learnerConfig, Episodes episodes, long ratings,
                    long lastRatingId, long lastSignalId, Double exploration, boolean loop, Set<Part> muted,
                    LiveParams live, long sessionId, Session.Current current, List<Session.Undo> undo) {
    SessionState {
        EnumSet<Part> m = EnumSet.noneOf(Part.class);
        m.addAll(muted);
        muted = java.util.Collections.unmodifiableSet(m);
        undo = List.copyOf(undo);
    }

    /** Before a profile is loaded: nothing but the defaults of what the listener sets. */
    static SessionState empty() {
        return new SessionState(null, null, null, new Episodes(), 0, 0, 0, null, true, Set.of(), LiveParams.DEFAULT, 0,
                null, List.of());
    }

    /** A learner built or restored from the store, with its preset's config (kept when null) and what its replay counted. */
    SessionState withLearned(Checkpoints.State s, LearnerConfig config) {
        return new SessionState(profile, s.learner(), config == null ? learnerConfig : config, s.episodes(), s.ratings(),
                s.ratingId(), s.signalId(), exploration, loop, muted, live, sessionId, current, undo);
    }

    SessionState withProfile(Profile p) {
        return new SessionState(p, learner, learnerConfig, episodes, ratings, lastRatingId, lastSignalId, exploration,
                loop, muted, live, sessionId, current, undo);
    }

    /** Another profile's session: its exploration, a new session in the store, nothing to undo. */
    SessionState withSession(Profile p, Double expl, long session) {
        return new SessionState(p, learner, learnerConfig, episodes, ratings, lastRatingId, lastSignalId, expl, loop,
                muted, live, session, current, List.of());
    }

    /** What the listener set: the exploration override, loop, mutes and live controls. */
    SessionState withSettings(Double expl, boolean lp, Set<Part> mute, LiveParams lv) {
        return new SessionState(profile, learner, learnerConfig, episodes, ratings, lastRatingId, lastSignalId, expl, lp,
                mute, lv, sessionId, current, undo);
    }

    SessionState withCurrent(Session.Current c) {
        return new SessionState(profile, learner, learnerConfig, episodes, ratings, lastRatingId, lastSignalId,
                exploration, loop, muted, live, sessionId, c, undo);
    }

    SessionState withSignal(long signalId) {
        return new SessionState(profile, learner, learnerConfig, episodes, ratings, lastRatingId, signalId, exploration,
                loop, muted, live, sessionId, current, undo);
    }

    /** A rating stored: counted, and undoable. */
    SessionState withRated(Session.Undo u) {
        List<Session.Undo> more = new ArrayList<>(undo);
        more.add(u);
        return new SessionState(profile, learner, learnerConfig, episodes, ratings + 1, u.ratingId(), lastSignalId,
                exploration, loop, muted, live, sessionId, current, more);
    }

    /** The last undoable rating taken back (its learner restored separately). */
    SessionState withoutLastUndo() {
        return new SessionState(profile, learner, learnerConfig, episodes, ratings, lastRatingId, lastSignalId,
                exploration, loop, muted, live, sessionId, current, undo.subList(0, undo.size() - 1));
    }

    /** The last rating this session can undo, or null. */
    Session.Undo lastUndo() {
        return undo.isEmpty() ? null : undo.get(undo.size() - 1);
    }
}
