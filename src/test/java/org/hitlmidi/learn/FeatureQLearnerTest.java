package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;

/**
 * The feature learner's TD update and choice, exactly: the weights are followed here from the update its text gives
 * (w += alpha (r + gamma max_a' w.phi(a'(s')) - w.phi(s')) phi(s') / |phi(s')|^2, the bias starting at the initial
 * value), and every value and choice the learner gives is compared with them.
 */
class FeatureQLearnerTest {
    private static final TrackParams P = TrackParams.defaults();
    private final Edits edits = new Edits(EditRules.PAPER);
    private final FeatureBasis basis = new FeatureBasis();
    private final Track s = new Track(List.of(new Note(60, 0.5), new Note(64, 1), new Note(67, 0.5)),
            List.of(new DrumHit(0, 36, 90), new DrumHit(0.5, 38, 80), new DrumHit(1, 42, 70)), 100);
    private static final EnumSet<ActionType> TYPES = EnumSet.of(ActionType.PITCH_UP, ActionType.DURATION_DOWN,
            ActionType.NOTE_REMOVAL);

    private FeatureQLearner learner(double alpha, double gamma, double initial, ExplorationPolicy policy) {
        return new FeatureQLearner("f", alpha, gamma, initial, policy, RewardFunction.OVERALL, new ActionSlots(TYPES),
                edits, P, 0, 1);
    }

    private static ExplorationPolicy greedy() {
        return new EpsilonGreedy(0, 1, 0, false);
    }

    private double dot(double[] w, Track t) {
        return BayesLinear.dot(w, basis.of(t, P));
    }

    /** The single edits of {@code t} the learner may make, in its slot order (type-major). */
    private List<Action> moves(Track t) {
        List<Action> out = new ArrayList<>();
        for (ActionType type : TYPES) {
            for (int i = 0; i < Edits.indices(t); i++) {
                out.add(new Action(type, i));
            }
        }
        return out;
    }

    /** The update as written, on the test's own weights. */
    private void update(double[] w, double alpha, double gamma, Track next, double r) {
        double maxNext = Double.NEGATIVE_INFINITY;
        for (Action a : moves(next)) {
            maxNext = Math.max(maxNext, dot(w, edits.apply(next, a)));
        }
        double[] phi = basis.of(next, P);
        double target = r + (gamma > 0 ? gamma * maxNext : 0);
        double error = target - BayesLinear.dot(w, phi);
        double norm = BayesLinear.dot(phi, phi);
        for (int i = 0; i < w.length; i++) {
            w[i] += alpha * error * phi[i] / norm;
        }
    }

    @Test
    void theFirstUpdateMovesTheHeardTracksValueByAlphaOfTheError() {
        FeatureQLearner l = learner(0.5, 0.9, 2, greedy());
        Action a = new Action(ActionType.PITCH_UP, 1);
        Track next = edits.apply(s, a);
        assertThat(l.value(s)).isEqualTo(2.0); // the bias alone: the initial value
        assertThat(l.value(next)).isEqualTo(2.0);
        l.learn(new Transition(s, a, next), Rating.of(7));
        // every edit of next is worth 2 before it: target 7 + 0.9 * 2 = 8.8, error 6.8, half of it corrected
        assertThat(l.value(next)).isCloseTo(2 + 0.5 * 6.8, within(1e-9));
        double[] phi = basis.of(next, P);
        double[] other = basis.of(s, P);
        assertThat(l.value(s)).isCloseTo(2 + 3.4 * BayesLinear.dot(phi, other) / BayesLinear.dot(phi, phi),
                within(1e-9));
        assertThat(l.updates()).isEqualTo(1);
        assertThat(l.entries()).isEqualTo(basis.size());
    }

    @Test
    void valuesFollowTheUpdateOverManyRatings() {
        for (double gamma : new double[] {0, 0.3}) {
            FeatureQLearner l = learner(0.3, gamma, 5.5, greedy());
            double[] w = new double[basis.size()];
            w[0] = 5.5;
            Track t = s;
            SplittableRandom rng = new SplittableRandom(4);
            for (int i = 0; i < 12; i++) {
                Proposal p = l.propose(t, rng);
                Track next = p.transition().after();
                int r = 1 + (i * 7) % 10;
                l.learn(p.transition(), Rating.of(r));
                update(w, 0.3, gamma, next, r);
                for (Track u : List.of(s, next, edits.apply(next, new Action(ActionType.DURATION_DOWN, 0)))) {
                    assertThat(l.value(u)).as("gamma %s, rating %d", gamma, i + 1).isCloseTo(dot(w, u), within(1e-9));
                }
                t = next;
            }
        }
    }

    @Test
    void greedyProposesTheBestEditNotYetHeard() {
        FeatureQLearner l = learner(0.5, 0, 2, greedy());
        SplittableRandom rng = new SplittableRandom(1);
        // all equal: the first move
        Proposal first = l.propose(s, rng);
        assertThat(first.transition().action()).isEqualTo(new Action(ActionType.PITCH_UP, 0));
        assertThat(first.transition().after()).isEqualTo(edits.apply(s, first.transition().action()));
        assertThat(first.explored()).isFalse();
        // liked: its track is worth most, but it was heard, so the best of the others is proposed
        l.learn(first.transition(), Rating.of(10));
        Action best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (Action a : moves(s)) {
            Track after = edits.apply(s, a);
            if (after.equals(first.transition().after())) {
                continue;
            }
            if (l.value(after) > bestValue) {
                bestValue = l.value(after);
                best = a;
            }
        }
        Proposal second = l.propose(s, rng);
        assertThat(second.transition().action()).isEqualTo(best);
        assertThat(l.value(second.transition().after())).isLessThan(l.value(first.transition().after()));
    }

    @Test
    void whenEveryMoveWasHeardTheBestIsProposedAgain() {
        Track one = new Track(List.of(new Note(60, 0.5)), List.of(), 100);
        FeatureQLearner l = new FeatureQLearner("f", 0.5, 0, 2, greedy(), RewardFunction.OVERALL,
                new ActionSlots(EnumSet.of(ActionType.PITCH_UP)), edits, P, 0, 1);
        Action up = new Action(ActionType.PITCH_UP, 0);
        l.learn(new Transition(one, up, edits.apply(one, up)), Rating.of(9));
        Proposal p = l.propose(one, new SplittableRandom(2));
        assertThat(p.transition().action()).isEqualTo(up);
        assertThat(p.transition().after()).isEqualTo(edits.apply(one, up));
    }

    @Test
    void variationsAreProposedAsCompositionsOfTheCurrentTrack() {
        TrackParams params = TrackParams.defaults();
        Track current = new Composer(params).fresh(new SplittableRandom(3));
        FeatureQLearner l = new FeatureQLearner("f", 0.5, 0, 2, new EpsilonGreedy(1, 1, 1, false),
                RewardFunction.OVERALL, new ActionSlots(EnumSet.of(ActionType.PITCH_UP)), edits, params, 40, 3);
        int composed = 0;
        for (int i = 0; i < 30; i++) {
            Proposal p = l.propose(current, new SplittableRandom(i));
            if (p.transition().action().type() == ActionType.COMPOSE) {
                composed++;
                // one to three musical moves of the current track, as the composer makes them from the same draws
                SplittableRandom again = new SplittableRandom(i);
                List<Track> made = new ArrayList<>();
                for (int k = 0; k < 40; k++) {
                    made.add(new Composer(params).vary(current, 1 + again.nextInt(3), again));
                }
                assertThat(made).contains(p.transition().after());
            }
            assertThat(p.explored()).isTrue();
        }
        // 40 variations and Edits.indices(current) single edits, drawn uniformly: most draws are variations
        assertThat(composed).isGreaterThan(15);
    }

    @Test
    void aCopyLearnsOnItsOwn() {
        FeatureQLearner l = learner(0.5, 0.5, 2, greedy());
        Action a = new Action(ActionType.DURATION_DOWN, 0);
        Track next = edits.apply(s, a);
        l.learn(new Transition(s, a, next), Rating.of(3));
        FeatureQLearner c = l.copy();
        assertThat(c.value(next)).isEqualTo(l.value(next));
        assertThat(c.updates()).isEqualTo(1);
        double before = l.value(next);
        c.learn(new Transition(s, a, next), Rating.of(10));
        assertThat(l.value(next)).isEqualTo(before);
        assertThat(c.value(next)).isGreaterThan(before);
        assertThat(l.updates()).isEqualTo(1);
        // the heard set is copied too: the copy does not propose next again, nor does the original
        Proposal p = c.propose(s, new SplittableRandom(1));
        assertThat(p.transition().after()).isNotEqualTo(next);
        assertThat(c.name()).isEqualTo("f");
    }

    @Test
    void explorationSwitchesOnlyToAPolicyItKeepsCountsFor() {
        FeatureQLearner l = learner(0.5, 0, 2, greedy());
        assertThat(l.exploration(new Ucb(1))).isFalse();
        assertThat(l.exploration(new EpsilonGreedy(1, 1, 1, false))).isTrue();
        assertThat(l.propose(s, new SplittableRandom(1)).explored()).isTrue(); // the new policy is the one used
        FeatureQLearner u = learner(0.5, 0, 2, new Ucb(1));
        assertThat(u.exploration(new Ucb(2))).isTrue();
        assertThat(u.exploration(greedy())).isTrue();
    }

    @Test
    void ucbCountsTheHeardTracksFeatures() {
        // UCB with no weight on the bonus is greedy on the values: a heard track's pseudo-count does not matter
        // then; with a large weight it prefers the moves least like the heard ones (the lowest pseudo-count)
        FeatureQLearner l = learner(0.5, 0, 2, new Ucb(1000));
        Action a = new Action(ActionType.PITCH_UP, 0);
        Track heard = edits.apply(s, a);
        for (int i = 0; i < 20; i++) {
            l.learn(new Transition(s, a, heard), Rating.of(5));
        }
        BayesLinear visits = new BayesLinear(new double[basis.size()], ones(basis.size()), 1);
        for (int i = 0; i < 20; i++) {
            visits.observe(basis.of(heard, P), 0, 1);
        }
        List<Action> moves = new ArrayList<>();
        List<Track> fresh = new ArrayList<>();
        for (Action m : moves(s)) {
            Track after = edits.apply(s, m);
            if (!after.equals(heard)) {
                moves.add(m);
                fresh.add(after);
            }
        }
        double[] values = new double[fresh.size()];
        double[] counts = new double[fresh.size()];
        for (int j = 0; j < fresh.size(); j++) {
            double[] phi = basis.of(fresh.get(j), P);
            values[j] = l.value(fresh.get(j));
            counts[j] = Math.max(0, 1 / visits.variance(phi) - 1);
        }
        assertThat(java.util.Arrays.stream(counts).max().orElseThrow()).as("pseudo-counts of moves like the heard one").isGreaterThan(0.5);
        int expected = new Ucb(1000).select(values, counts, fresh.size(), 20, new SplittableRandom(0)).index();
        assertThat(l.propose(s, new SplittableRandom(5)).transition().action()).isEqualTo(moves.get(expected));
    }

    @Test
    void explainListsTheLargestWeightsFirstWithoutTheBias() {
        FeatureQLearner l = learner(0.5, 0, 2, greedy());
        Action a = new Action(ActionType.PITCH_UP, 0);
        l.learn(new Transition(s, a, edits.apply(s, a)), Rating.of(9));
        Explanation e = l.explain(3);
        assertThat(e.kind()).isEqualTo("feature-q");
        assertThat(e.ratings()).isEqualTo(1);
        assertThat(e.parameters()).isEqualTo(basis.size());
        assertThat(e.beliefs()).hasSize(3);
        assertThat(e.beliefs()).noneMatch(b -> b.what().equals("bias"));
        for (int i = 1; i < 3; i++) {
            assertThat(Math.abs(e.beliefs().get(i).value())).isLessThanOrEqualTo(Math.abs(e.beliefs().get(i - 1).value()));
        }
        assertThat(e.beliefs().get(0).detail()).startsWith("weight of " + e.beliefs().get(0).what() + ": ");
        assertThat(l.explain(10_000).beliefs()).hasSize(basis.size() - 1);
    }

    @Test
    void alphaAndGammaOutsideTheirRangesAreRefused() {
        assertThatThrownBy(() -> learner(0, 0, 0, greedy())).hasMessageContaining("alpha");
        assertThatThrownBy(() -> learner(1.01, 0, 0, greedy())).hasMessageContaining("alpha");
        assertThatThrownBy(() -> learner(0.5, 1, 0, greedy())).hasMessageContaining("gamma");
        assertThatThrownBy(() -> learner(0.5, -0.1, 0, greedy())).hasMessageContaining("gamma");
        assertThat(learner(1, 0, 0, greedy()).value(s)).isEqualTo(0.0);
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }
}
