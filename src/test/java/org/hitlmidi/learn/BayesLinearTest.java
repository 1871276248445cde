package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BayesLinearTest {
    @Test
    void thePosteriorOfTwoObservationsMatchesTheHandComputedOne() {
        // prior N((5, 0), diag(3^2, 1^2)), noise sd 1; y = 8 at (1, 1) and y = 4 at (1, -1).
        // precision = diag(1/9, 1) + [[2, 0], [0, 2]] = diag(19/9, 3); b = (5/9 + 12, 4)
        // mean = (113/9 / (19/9), 4/3) = (113/19, 4/3); variance at (1, 0) = 9/19
        BayesLinear m = new BayesLinear(new double[] {5, 0}, new double[] {3, 1}, 1);
        m.observe(new double[] {1, 1}, 8, 1);
        m.observe(new double[] {1, -1}, 4, 1);
        assertThat(m.mean()[0]).isCloseTo(113.0 / 19, within(1e-12));
        assertThat(m.mean()[1]).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(m.precision(0, 0)).isCloseTo(19.0 / 9, within(1e-12));
        assertThat(m.precision(0, 1)).isCloseTo(0, within(1e-12));
        assertThat(m.variance(new double[] {1, 0})).isCloseTo(9.0 / 19, within(1e-12));
        assertThat(m.predict(new double[] {1, 1})).isCloseTo(113.0 / 19 + 4.0 / 3, within(1e-12));
        assertThat(m.observations()).isEqualTo(2);
    }

    @Test
    void aWeightedObservationCountsAsThatShareOfOne() {
        BayesLinear half = new BayesLinear(new double[] {0}, new double[] {1}, 1);
        half.observe(new double[] {1}, 2, 0.5);
        // precision 1 + 0.5 = 1.5, b = 0.5 * 2 = 1 -> mean 2/3
        assertThat(half.mean()[0]).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(half.variance(new double[] {1})).isCloseTo(1 / 1.5, within(1e-12));
    }

    @Test
    void correlatedFeaturesAreSolvedExactly() {
        BayesLinear m = new BayesLinear(new double[] {0, 0, 0}, new double[] {10, 10, 10}, 0.5);
        double[][] x = {{1, 0.2, 0.3}, {1, 0.4, 0.1}, {1, 0.9, 0.8}, {1, 0.5, 0.5}, {1, 0.1, 0.7}};
        double[] w = {2, -1, 3};
        for (double[] row : x) {
            m.observe(row, BayesLinear.dot(w, row), 1);
        }
        // ridge with a weak prior recovers noise-free weights closely
        assertThat(m.mean()).containsExactly(new double[] {2, -1, 3}, within(0.05));
    }

    @Test
    void samplesFollowThePosterior() {
        BayesLinear m = new BayesLinear(new double[] {5, 0}, new double[] {3, 1}, 1);
        m.observe(new double[] {1, 1}, 8, 1);
        m.observe(new double[] {1, -1}, 4, 1);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 40_000;
        double s0 = 0;
        double s00 = 0;
        for (int i = 0; i < n; i++) {
            double[] w = m.sample(rng);
            s0 += w[0];
            s00 += w[0] * w[0];
        }
        double mean = s0 / n;
        assertThat(mean).isCloseTo(113.0 / 19, within(0.02));
        assertThat(s00 / n - mean * mean).isCloseTo(9.0 / 19, within(0.02));
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> new BayesLinear(new double[] {0}, new double[] {0}, 1)).hasMessageContaining("prior sd");
        assertThatThrownBy(() -> new BayesLinear(new double[] {0}, new double[] {1}, 0)).hasMessageContaining("noise");
        BayesLinear m = new BayesLinear(new double[] {0}, new double[] {1}, 1);
        assertThatThrownBy(() -> m.observe(new double[] {1, 2}, 1, 1)).hasMessageContaining("dimension");
        assertThatThrownBy(() -> m.observe(new double[] {1}, Double.NaN, 1)).hasMessageContaining("observation");
    }
}
