package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BellmanTest {
    /** The paper's worked example: Q=5, R=7, max Q(s',a')=6, alpha 0.1, gamma 0.9 -> 5.74. */
    @Test
    void thePapersWorkedExample() {
        assertThat(Bellman.update(5, 7, 6, 0.1, 0.9)).isCloseTo(5.74, within(1e-12));
    }

    @Test
    void alphaOneTakesTheTargetAndGammaZeroIgnoresTheFuture() {
        assertThat(Bellman.update(5, 7, 6, 1.0, 0.9)).isCloseTo(7 + 5.4, within(1e-12));
        assertThat(Bellman.update(5, 7, 6, 0.1, 0.0)).isCloseTo(5.2, within(1e-12));
    }
}
