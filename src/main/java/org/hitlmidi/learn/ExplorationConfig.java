package org.hitlmidi.learn;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.hitlmidi.preset.Check;
import org.hitlmidi.preset.InvalidField;

/** A learner preset's "exploration", one record per "kind"; checked in its compact constructor. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = ExplorationConfig.EpsilonGreedy.class, name = "epsilon-greedy"),
        @JsonSubTypes.Type(value = ExplorationConfig.Softmax.class, name = "softmax"),
        @JsonSubTypes.Type(value = ExplorationConfig.Ucb.class, name = "ucb")})
public sealed interface ExplorationConfig {
    ExplorationPolicy policy();

    /** Epsilon-greedy: epsilon x decay^rating down to min; ties broken by the first action or at random. */
    record EpsilonGreedy(Double epsilon, Double decay, Double min, String ties) implements ExplorationConfig {
        public EpsilonGreedy {
            epsilon = Check.in("epsilon", epsilon, 0, 1, null);
            decay = Check.above("decay", decay, 0, 1, 1.0);
            min = Check.in("min", min, 0, 1, 0.0);
            if (min > epsilon) {
                throw new InvalidField("min", Check.num(min) + " is above epsilon " + Check.num(epsilon));
            }
            ties = Check.oneOf("ties", ties, List.of("first", "random"), "first");
        }

        @Override
        public ExplorationPolicy policy() {
            return new org.hitlmidi.learn.EpsilonGreedy(epsilon, decay, min, ties.equals("random"));
        }
    }

    /** Softmax (Boltzmann) over the values at a temperature that cools by decay per rating down to min. */
    record Softmax(Double temperature, Double decay, Double min) implements ExplorationConfig {
        public Softmax {
            temperature = Check.in("temperature", temperature, 1e-6, 1000, null);
            decay = Check.above("decay", decay, 0, 1, 1.0);
            min = Check.in("min", min, 1e-6, 1000, Math.min(temperature, 0.05));
            if (min > temperature) {
                throw new InvalidField("min", Check.num(min) + " is above the temperature " + Check.num(temperature));
            }
        }

        @Override
        public ExplorationPolicy policy() {
            return new org.hitlmidi.learn.Softmax(temperature, decay, min);
        }
    }

    /** UCB1: value + c sqrt(ln N / n). */
    record Ucb(Double c) implements ExplorationConfig {
        public Ucb {
            c = Check.in("c", c, 0, 1000, null);
        }

        @Override
        public ExplorationPolicy policy() {
            return new org.hitlmidi.learn.Ucb(c);
        }
    }
}
