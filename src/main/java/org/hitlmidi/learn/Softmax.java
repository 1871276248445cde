package org.hitlmidi.learn;

import java.util.random.RandomGenerator;

/**
 * Boltzmann exploration: action i with probability proportional to exp(value_i / T), the temperature
 * T(step) = max(min, temperature * decay^step) in reward points. High T explores evenly, low T exploits;
 * unlike epsilon-greedy a near-best action is tried far more often than a clearly bad one.
 */
public record Softmax(double temperature, double decay, double min) implements ExplorationPolicy {
    public Softmax {
        if (!(temperature > 0) || !(min > 0) || min > temperature) {
            throw new IllegalArgumentException("temperatures " + temperature + " / min " + min
                    + " must be above 0 with min <= temperature");
        }
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("temperature decay " + decay + " outside (0, 1]");
        }
    }

    public double temperatureAt(long step) {
        return Math.max(min, temperature * Math.pow(decay, step));
    }

    /** The probabilities of the first {@code count} actions (for tests and explanations). */
    public double[] probabilities(double[] values, int count, long step) {
        double t = temperatureAt(step);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, values[i]);
        }
        double[] p = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            p[i] = Math.exp((values[i] - max) / t); // shifted by the max so exp never overflows
            sum += p[i];
        }
        for (int i = 0; i < count; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Override
    public Choice select(double[] values, int count, long step, RandomGenerator rng) {
        double[] p = probabilities(values, count, step);
        double u = rng.nextDouble();
        int pick = count - 1;
        for (int i = 0; i < count; i++) {
            u -= p[i];
            if (u < 0) {
                pick = i;
                break;
            }
        }
        int best = EpsilonGreedy.argmax(values, count, false, rng);
        return new Choice(pick, values[pick] < values[best]);
    }
}
