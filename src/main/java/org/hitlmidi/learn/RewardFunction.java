package org.hitlmidi.learn;

/** Turns a rating into the scalar reward of a Q-learning step. */
@FunctionalInterface
public interface RewardFunction {
    double reward(Rating rating);

    /** The paper's reward: the overall rating 1..10 itself. */
    RewardFunction OVERALL = Rating::overall;
}
