package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExplorationTest {
    @Test
    void softmaxProbabilitiesAreTheBoltzmannOnes() {
        Softmax s = new Softmax(1, 1, 0.1);
        double[] p = s.probabilities(new double[] {0, Math.log(2), 0}, 3, 0);
        assertThat(p).containsExactly(new double[] {0.25, 0.5, 0.25}, within(1e-12));
        // halving the temperature squares the odds: exp(2 ln 2) = 4
        Softmax cold = new Softmax(0.5, 1, 0.1);
        assertThat(cold.probabilities(new double[] {0, Math.log(2)}, 2, 0)).containsExactly(new double[] {0.2, 0.8},
                within(1e-12));
        // huge values do not overflow
        assertThat(s.probabilities(new double[] {1000, 1000}, 2, 0)).containsExactly(new double[] {0.5, 0.5},
                within(1e-12));
    }

    @Test
    void softmaxCoolsDownToItsMinimum() {
        Softmax s = new Softmax(2, 0.5, 0.25);
        assertThat(s.temperatureAt(0)).isEqualTo(2);
        assertThat(s.temperatureAt(1)).isEqualTo(1);
        assertThat(s.temperatureAt(10)).isEqualTo(0.25);
    }

    @Test
    void softmaxDrawsWithThoseProbabilities() {
        Softmax s = new Softmax(1, 1, 0.1);
        double[] v = {0, Math.log(2), 0};
        SplittableRandom rng = new SplittableRandom(9);
        int[] counts = new int[3];
        int explored = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            var c = s.select(v, 3, 0, rng);
            counts[c.index()]++;
            explored += c.explored() ? 1 : 0;
        }
        assertThat(counts[1] / (double) n).isCloseTo(0.5, within(0.01));
        assertThat(counts[0] / (double) n).isCloseTo(0.25, within(0.01));
        assertThat(explored / (double) n).isCloseTo(0.5, within(0.01));
    }

    @Test
    void ucbTriesTheUntriedFirstThenTheBestBound() {
        Ucb u = new Ucb(2);
        SplittableRandom rng = new SplittableRandom(1);
        // an untried action beats a better tried one
        var c = u.select(new double[] {5, 4}, new double[] {3, 0}, 2, 3, rng);
        assertThat(c.index()).isEqualTo(1);
        assertThat(c.explored()).isTrue();
        // bonus = 2 sqrt(ln(N + 1) / (n + 1)), N = 4: action 0 (n = 3) 5 + 2 sqrt(ln5/4), action 1 (n = 1) 4 + 2 sqrt(ln5/2)
        assertThat(u.bonus(3, 4)).isCloseTo(2 * Math.sqrt(Math.log(5) / 4), within(1e-12));
        double a0 = 5 + u.bonus(3, 4);
        double a1 = 4 + u.bonus(1, 4);
        var d = u.select(new double[] {5, 4}, new double[] {3, 1}, 2, 4, rng);
        assertThat(d.index()).isEqualTo(a0 >= a1 ? 0 : 1);
        // with many visits everywhere the bound is the value: greedy, not exploring
        var e = u.select(new double[] {5, 4}, new double[] {1e6, 1e6}, 2, 4, rng);
        assertThat(e.index()).isZero();
        assertThat(e.explored()).isFalse();
        assertThat(u.usesVisits()).isTrue();
        assertThatThrownBy(() -> new Ucb(-1)).hasMessageContaining("UCB");
    }

    @Test
    void decayingEpsilonExploresLessOverTime() {
        EpsilonGreedy e = new EpsilonGreedy(0.5, 0.97, 0.05, true);
        SplittableRandom rng = new SplittableRandom(2);
        double[] v = {1, 0, 0, 0};
        int early = 0;
        int late = 0;
        for (int i = 0; i < 20_000; i++) {
            early += e.select(v, 4, 0, rng).explored() ? 1 : 0;
            late += e.select(v, 4, 200, rng).explored() ? 1 : 0;
        }
        assertThat(early / 20_000.0).isCloseTo(0.5, within(0.02));
        assertThat(late / 20_000.0).isCloseTo(0.05, within(0.01));
    }
}
