package org.hitlmidi.learn;

import java.util.random.RandomGenerator;

/**
 * With probability epsilon(step) a uniformly random action, else the best one. epsilon(step) =
 * epsilon * decay^step: decay 1 is the paper's text (fixed 0.5), decay below 1 is its code.
 * Ties among the best go to the first (as the paper's code, whose max() keeps the first) or to a random one.
 */
public record EpsilonGreedy(double epsilon, double decay, double minEpsilon, boolean randomTies)
        implements ExplorationPolicy {
    public EpsilonGreedy {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon " + epsilon + " outside 0..1");
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("epsilon decay " + decay + " outside (0, 1]");
        }
        if (!(minEpsilon >= 0 && minEpsilon <= epsilon)) {
            throw new IllegalArgumentException("minimum epsilon " + minEpsilon + " outside 0..epsilon");
        }
    }

    public double epsilonAt(long step) {
        return Math.max(minEpsilon, epsilon * Math.pow(decay, step));
    }

    @Override
    public Choice select(double[] values, int count, long step, RandomGenerator rng) {
        if (rng.nextDouble() < epsilonAt(step)) {
            return new Choice(rng.nextInt(count), true);
        }
        return new Choice(argmax(values, count, randomTies, rng), false);
    }

    static int argmax(double[] values, int count, boolean randomTies, RandomGenerator rng) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < count; i++) {
            if (values[i] > values[best]) {
                best = i;
                ties = 1;
            } else if (randomTies && values[i] == values[best] && rng.nextInt(++ties) == 0) {
                best = i; // reservoir sampling keeps each tied index with equal probability
            }
        }
        return best;
    }
}
