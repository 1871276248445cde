package org.hitlmidi.learn;

import org.hitlmidi.music.Track;

/**
 * A session as a listener drives it: the track to rate, and a rating of it, which the session stores, learns and
 * follows with the next track. {@code simulate} drives the device's own session core through it (the device's
 * {@code HeadlessSession}: the same store-first rating step, episodes and learner rebuilt from a store), so what a
 * simulated listener teaches a learner is what the device would learn from the same ratings.
 */
public interface SessionLoop extends AutoCloseable {
    /** Opens a session of its own for one seed of a simulation (its randomness drawn from {@code seed} alone). */
    @FunctionalInterface
    interface Factory {
        SessionLoop open(long seed);
    }

    /** The track that plays: the one the next rating rates. */
    Track current();

    /** Rates the current track; with {@code next} the learner's next track becomes current. */
    void rate(Rating rating, boolean next);

    /** The session's learner, as the ratings so far made it. */
    Learner learner();

    @Override
    void close();
}
