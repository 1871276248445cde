package org.hitlmidi.sim;

import java.util.List;
import org.hitlmidi.learn.Explanation;
import org.hitlmidi.learn.Rating;

/**
 * One seed of a simulation: every rating in order, how many ratings it took to reach the target, and what
 * the learner believed at the end.
 */
public record SeedRun(int seed, List<Rating> ratings, Integer ratingsToTarget, long entries, long millis,
                      Explanation explanation, MusicStats music) {
    public SeedRun {
        ratings = List.copyOf(ratings);
    }

    public SeedRun(int seed, List<Rating> ratings, Integer ratingsToTarget, long entries, long millis,
                   Explanation explanation) {
        this(seed, ratings, ratingsToTarget, entries, millis, explanation, null);
    }

    /**
     * The number of ratings given when the mean of the last {@code window} first reached {@code target};
     * null if it never did.
     */
    public static Integer ratingsToTarget(List<Rating> ratings, double target, int window) {
        double sum = 0;
        for (int i = 0; i < ratings.size(); i++) {
            sum += ratings.get(i).overall();
            if (i >= window) {
                sum -= ratings.get(i - window).overall();
            }
            if (i + 1 >= window && sum / window >= target - 1e-9) {
                return i + 1;
            }
        }
        return null;
    }
}
