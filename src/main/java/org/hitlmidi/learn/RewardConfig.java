package org.hitlmidi.learn;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.EnumMap;
import java.util.Map;
import org.hitlmidi.preset.Check;
import org.hitlmidi.preset.InvalidField;

/** A learner preset's "reward", one record per "kind"; checked in its compact constructor. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = RewardConfig.Overall.class, name = "overall"),
        @JsonSubTypes.Type(value = RewardConfig.Compound.class, name = "compound")})
public sealed interface RewardConfig {
    RewardFunction function();

    /** The overall rating, 1..10. */
    record Overall() implements RewardConfig {
        @Override
        public RewardFunction function() {
            return RewardFunction.OVERALL;
        }
    }

    /** The weighted mean of the overall rating and the sub-ratings given (see {@link CompoundReward}). */
    record Compound(Double overall, Double musicality, Double novelty, Double coherence) implements RewardConfig {
        public Compound {
            overall = Check.in("overall", overall, 0, 100, 1.0);
            musicality = Check.in("musicality", musicality, 0, 100, 0.0);
            novelty = Check.in("novelty", novelty, 0, 100, 0.0);
            coherence = Check.in("coherence", coherence, 0, 100, 0.0);
            if (!(overall + musicality + novelty + coherence > 0)) {
                throw new InvalidField("overall", "a compound reward needs a positive weight");
            }
        }

        @Override
        public RewardFunction function() {
            Map<Aspect, Double> w = new EnumMap<>(Aspect.class);
            w.put(Aspect.MUSICALITY, musicality);
            w.put(Aspect.NOVELTY, novelty);
            w.put(Aspect.COHERENCE, coherence);
            return new CompoundReward(overall, w);
        }
    }
}
