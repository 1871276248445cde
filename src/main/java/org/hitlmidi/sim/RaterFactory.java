package org.hitlmidi.sim;

/** Starts one rater per seed, so each seed gets a fresh listener (and a fresh process). */
@FunctionalInterface
public interface RaterFactory {
    Rater open(int seed) throws RaterException;
}
