package org.hitlmidi.device;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Prepared;

/**
 * The next proposal's candidates, made ahead while the current track plays (issue 13 item 5): when an operation
 * leaves a new current track (or another learner), the learner prepares what of its next proposal no rating of
 * this track changes ({@link Learner#prepare}), and a thread of its own makes it. A rating then only learns and
 * scores before the next track starts ({@link Ratings#rate}). Called with the {@link Device}'s lock held, but for
 * the maker's thread.
 */
final class Ahead {
    private final ExecutorService maker;
    private final Consumer<String> log;
    private Prepared prepared;
    private long trackId = -1;
    /** The one the maker should make: an older one still queued is skipped. */
    private volatile Prepared latest;

    Ahead(ExecutorService maker, Consumer<String> log) {
        this.maker = maker;
        this.log = log;
    }

    /**
     * Prepares for {@code c} unless that is done (the same track and learner). The prepared work draws from a
     * generator of its own, seeded from {@code rng} here, under the lock: what it makes does not depend on when it
     * runs.
     */
    void ensure(Session.Current c, Learner l, RandomGenerator rng) {
        if (c == null || l == null || maker.isShutdown()) {
            return;
        }
        if (prepared != null && trackId == c.trackId() && prepared.by() == l && prepared.current() == c.track()) {
            return;
        }
        Prepared p;
        try {
            p = l.prepare(c.track(), new SplittableRandom(rng.nextLong()));
        } catch (RuntimeException e) { // the rating proposes afresh then
            log.accept("the next track's candidates cannot be made ahead: " + e);
            prepared = null;
            return;
        }
        prepared = p;
        trackId = c.trackId();
        latest = p;
        try {
            maker.execute(() -> {
                if (latest == p) {
                    p.make();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: a rating still under way makes it on its own thread
        }
    }

    /** What was made ahead for {@code rated} by {@code l} (perhaps still being made), or null. */
    Prepared take(Session.Current rated, Learner l) {
        Prepared p = prepared;
        if (p == null || trackId != rated.trackId() || p.by() != l || p.current() != rated.track()) {
            return null;
        }
        return p;
    }

    void close() {
        maker.shutdownNow();
    }
}
