package org.hitlmidi.learn;

import java.util.List;

/**
 * What a learner believes a listener likes, for people: the strongest beliefs first.
 *
 * @param ratings    ratings learned from
 * @param parameters numbers the learner fitted (Q-values or model weights)
 * @param states     distinct states (or rated tracks) it knows
 * @param beliefs    the strongest beliefs, most important first
 */
public record Explanation(String learner, String kind, long ratings, long parameters, long states,
                          List<Belief> beliefs) {
    public Explanation {
        beliefs = List.copyOf(beliefs);
    }

    /**
     * One belief: {@code what} (a descriptor, or a state and edit), its {@code value} (rating points it is
     * worth, or a Q-value) and a readable {@code detail}.
     */
    public record Belief(String what, double value, String detail) {
    }
}
