package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CompoundRewardTest {
    private final CompoundReward r = new CompoundReward(1, Map.of(Aspect.MUSICALITY, 0.5, Aspect.COHERENCE, 0.5,
            Aspect.NOVELTY, 0.0));

    @Test
    void itIsTheWeightedMeanOfTheGivenRatings() {
        Rating all = new Rating(8, Map.of(Aspect.MUSICALITY, 6, Aspect.COHERENCE, 4, Aspect.NOVELTY, 10));
        assertThat(r.reward(all)).isCloseTo((8 + 0.5 * 6 + 0.5 * 4) / 2.0, within(1e-12)); // novelty weighs 0
    }

    @Test
    void aMissingSubRatingDropsOutAndTheRestAreRenormalised() {
        assertThat(r.reward(new Rating(8, Map.of(Aspect.MUSICALITY, 2)))).isCloseTo((8 + 0.5 * 2) / 1.5, within(1e-12));
        assertThat(r.reward(Rating.of(7))).isEqualTo(7);
        CompoundReward subsOnly = new CompoundReward(0, Map.of(Aspect.COHERENCE, 1.0));
        assertThat(subsOnly.reward(Rating.of(7))).isEqualTo(7); // nothing weighted was given: the overall rating
        assertThat(subsOnly.reward(new Rating(7, Map.of(Aspect.COHERENCE, 3)))).isEqualTo(3);
    }

    @Test
    void weightsMustBeUsable() {
        assertThatThrownBy(() -> new CompoundReward(-1, Map.of())).hasMessageContaining("overall weight");
        assertThatThrownBy(() -> new CompoundReward(0, Map.of())).hasMessageContaining("positive weight");
        assertThatThrownBy(() -> new CompoundReward(1, Map.of(Aspect.NOVELTY, -2.0))).hasMessageContaining("novelty");
    }
}
