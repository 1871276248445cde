package org.hitlmidi.learn;

import java.util.random.RandomGenerator;

/**
 * Upper confidence bound (UCB1): the action maximising value + c * sqrt(ln(N + 1) / (n + 1)), where n is
 * how often that action was tried in this state and N how often all were. Untried actions get the largest
 * bonus, so each is tried before any is repeated much; ties go to the first.
 */
public record Ucb(double c) implements ExplorationPolicy {
    public Ucb {
        if (!(c >= 0)) {
            throw new IllegalArgumentException("UCB weight " + c + " must be 0 or more");
        }
    }

    @Override
    public boolean usesVisits() {
        return true;
    }

    public double bonus(double visits, double total) {
        return c * Math.sqrt(Math.log(total + 1) / (visits + 1));
    }

    @Override
    public Choice select(double[] values, int count, long step, RandomGenerator rng) {
        return select(values, new double[count], count, step, rng);
    }

    @Override
    public Choice select(double[] values, double[] visits, int count, long step, RandomGenerator rng) {
        double total = 0;
        for (int i = 0; i < count; i++) {
            total += visits[i];
        }
        int best = 0;
        int greedy = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            double s = values[i] + bonus(visits[i], total);
            if (s > bestScore) {
                bestScore = s;
                best = i;
            }
            if (values[i] > values[greedy]) {
                greedy = i;
            }
        }
        return new Choice(best, values[best] < values[greedy]);
    }
}
