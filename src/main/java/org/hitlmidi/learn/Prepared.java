package org.hitlmidi.learn;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.hitlmidi.music.Track;

/**
 * The part of a learner's next proposal from {@link #current} that no rating of it changes, made ahead while
 * {@code current} plays ({@link Learner#prepare}), so that a rating only has to be learned and the candidates
 * scored before the next track can start (issue 13 item 5). {@link #make} does the heavy work, on any thread and
 * once; {@link #made} returns it, doing it on the caller's thread when nobody has begun it, waiting when another
 * thread is at it.
 */
public class Prepared {
    private final Learner by;
    private final Track current;
    private final FutureTask<Object> work;

    /**
     * @param by      the learner that prepared it: only it may use it, and only while it still fits (its own check)
     * @param work    the heavy work; it must touch nothing of the learner that can change (it runs off its lock)
     */
    public Prepared(Learner by, Track current, Supplier<?> work) {
        this.by = by;
        this.current = current;
        this.work = new FutureTask<>(work::get);
    }

    /** Nothing made ahead: the learner proposes from {@code current} as it would without. */
    public static Prepared nothing(Learner by, Track current) {
        return new Prepared(by, current, () -> null);
    }

    public final Learner by() {
        return by;
    }

    public final Track current() {
        return current;
    }

    /** Does the heavy work, if nobody has begun it (a second call returns at once). */
    public void make() {
        work.run();
    }

    /** Whether the work is done (made, or failed). */
    public boolean isDone() {
        return work.isDone();
    }

    /** What {@link #make} made: made here when nobody has begun it, else waited for. */
    public Object made() {
        work.run(); // a no-op when another thread runs it or ran it
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return work.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the work goes on regardless: wait for it
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException("the prepared work failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
