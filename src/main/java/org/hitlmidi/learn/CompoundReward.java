package org.hitlmidi.learn;

import java.util.EnumMap;
import java.util.Map;

/**
 * The paper's open question 1: a reward from the overall rating and the sub-ratings musicality, novelty and
 * coherence, as their weighted mean. A sub-rating the listener did not give drops out and the weights of
 * the others are renormalised, so a plain overall rating still gives the overall rating.
 */
public record CompoundReward(double overall, Map<Aspect, Double> weights) implements RewardFunction {
    public CompoundReward {
        weights = weights.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(weights));
        if (!(overall >= 0)) {
            throw new IllegalArgumentException("overall weight " + overall + " must be 0 or more");
        }
        double total = overall;
        for (var e : weights.entrySet()) {
            if (!(e.getValue() >= 0)) {
                throw new IllegalArgumentException(e.getKey().id() + " weight " + e.getValue() + " must be 0 or more");
            }
            total += e.getValue();
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("a compound reward needs a positive weight");
        }
    }

    @Override
    public double reward(Rating rating) {
        double sum = overall * rating.overall();
        double w = overall;
        for (var e : weights.entrySet()) {
            var v = rating.aspect(e.getKey());
            if (v.isPresent()) {
                sum += e.getValue() * v.getAsInt();
                w += e.getValue();
            }
        }
        return w > 0 ? sum / w : rating.overall();
    }
}
