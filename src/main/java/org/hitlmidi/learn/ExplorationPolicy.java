package org.hitlmidi.learn;

import java.util.random.RandomGenerator;

/** Picks one of {@code count} actions given their values; {@code step} is the number of ratings so far. */
public interface ExplorationPolicy {
    Choice select(double[] values, int count, long step, RandomGenerator rng);

    /** The chosen action index and whether it was picked to explore rather than to exploit. */
    record Choice(int index, boolean explored) {
    }
}
