package org.hitlmidi.learn;

import java.util.random.RandomGenerator;
import org.hitlmidi.music.Track;

/**
 * The seam between the session loop and a learning rule. The loop asks for the next track, plays it, and
 * credits the rating to exactly the transition that made the track the listener heard.
 */
public interface Learner {
    /** The preset this learner was built from. */
    String name();

    /** Chooses the next edit of {@code current}. */
    Proposal propose(Track current, RandomGenerator rng);

    /** Credits a rating to the transition that produced the rated track. */
    void learn(Transition heard, Rating rating);

    /** Ratings learned from so far. */
    long updates();

    /** Size of what was learned: Q-table entries (state-action values) or model parameters. */
    long entries();
}
