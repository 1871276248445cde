package org.hitlmidi.device;

import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.StoreException;

/**
 * The rating step of the session core ({@link Session}): what a rating does to the session, the same for the device's
 * listener ({@link Ratings#rate}) and for {@code simulate} ({@link HeadlessSession}). Run inside an operation.
 */
final class RateStep {
    private RateStep() {
    }

    /**
     * A rating of the current track, the one step every rater takes (the device's listener and {@code simulate}'s):
     * stored while the learner learns it and counts it and, with {@code next}, makes its next track current (from
     * the candidates made ahead, {@link Ahead}, when there are) and runs {@code started} (the device plays it, without
     * waiting for the disk). The rating counts, and can be undone, once it is on disk. A write that fails runs
     * {@code stop} (when not null and a next track was started) and leaves the state the rating found, the learner
     * put back as the store has it.
     *
     * @param writer runs the write: the device's writer thread (so the fsync and the learner's work overlap), or the
     *               caller's own thread
     */
    static Session.Undo rate(Session s, Rating rating, String source, boolean next, Executor writer, Runnable started,
                             Runnable stop) {
        Session.Current rated = s.current();
        RatingRecord record = new RatingRecord(0, s.profile().id(), s.state().sessionId(), Instant.now(),
                s.profile().learner(), rating, rated.transition(), source, false, s.profile().params());
        FutureTask<Long> write = new FutureTask<>(() -> s.store.addRating(record));
        writer.execute(write);
        org.hitlmidi.learn.Prepared made = next ? s.madeAhead(rated) : null;
        // the learner as it is before this rating: an undo of it restores this copy (Checkpoints.beforeRating)
        SessionState before = s.state();
        s.checkpoints.beforeRating(new Checkpoints.State(before.learner(), before.episodes(), before.ratings(),
                before.episodes().last() instanceof org.hitlmidi.music.Track t ? t : null, before.lastRatingId(),
                before.lastSignalId()));
        org.hitlmidi.midi.PathTrace.mark(org.hitlmidi.midi.PathTrace.Stage.KEPT);
        s.learner().learn(rated.transition(), rating);
        s.episodes().count(rated.transition());
        org.hitlmidi.midi.PathTrace.mark(org.hitlmidi.midi.PathTrace.Stage.LEARNED);
        if (next) {
            org.hitlmidi.midi.PathTrace.count(made == null ? "nothingMadeAhead" : made.isDone() ? "madeAhead"
                    : "madeAheadNotDone");
        }
        if (next) {
            s.advance(made != null ? s.episodes().next(s.learner(), s.profile().params(), made, s.rng)
                    : s.episodes().next(s.learner(), s.profile().params(), rated.track(), s.rng));
            org.hitlmidi.midi.PathTrace.mark(org.hitlmidi.midi.PathTrace.Stage.PROPOSED);
            started.run(); // the sound first: the acknowledgement waits for the disk, the listener does not
        }
        long id;
        try {
            id = awaitWrite(write);
        } catch (RuntimeException e) {
            boolean stopped = next && stop != null;
            if (stopped) {
                stop.run(); // a track after a rating that was not stored: the listener must not rate on
            }
            s.rollback(); // the state this rating found, its track current
            s.log.accept("rating NOT stored" + (stopped ? ", playing stopped: " : ": ") + e.getMessage());
            try {
                // the learner learned it in place: put back as the store has it, without this rating
                s.restoreBefore(Long.MAX_VALUE);
                s.commit();
            } catch (RuntimeException again) { // a lost store cannot be read either: the reply must still say why
                s.log.accept("learner not rebuilt from the store: " + again.getMessage());
            }
            throw new ControlException(ErrorCode.FAILED, "the rating was not stored: " + e.getMessage()
                    + (stopped ? "; playing stopped" : ""), e);
        }
        Session.Undo u = new Session.Undo(id, rated);
        s.set(s.state().withRated(u));
        SessionState st = s.state();
        s.checkpoints.rated(() -> new Checkpoints.State(st.learner(), st.episodes(), st.ratings(), rated.track(),
                st.lastRatingId(), st.lastSignalId()));
        s.snapshotRated(new Checkpoints.State(st.learner(), st.episodes(), st.ratings(), rated.track(),
                st.lastRatingId(), st.lastSignalId()));
        return u;
    }

    /** The store's answer; an interrupt does not stop the wait, as the write goes on regardless. */
    private static long awaitWrite(java.util.concurrent.Future<Long> write) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return write.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
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

}
