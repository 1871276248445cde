package org.hitlmidi.learn;

import java.util.random.RandomGenerator;

/** Picks one of {@code count} actions given their values; {@code step} is the number of ratings so far. */
public interface ExplorationPolicy {
    Choice select(double[] values, int count, long step, RandomGenerator rng);

    /** Whether {@link #select(double[], double[], int, long, RandomGenerator)} reads visit counts. */
    default boolean usesVisits() {
        return false;
    }

    /** As {@link #select(double[], int, long, RandomGenerator)}, also given how often each action was tried. */
    default Choice select(double[] values, double[] visits, int count, long step, RandomGenerator rng) {
        return select(values, count, step, rng);
    }

    /** The chosen action index and whether it was picked to explore rather than to exploit. */
    record Choice(int index, boolean explored) {
    }
}
