package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.junit.jupiter.api.Test;

/** The tabular learner's parameters at their bounds, its copy, exploration switch and explanation (PIT, issue 17). */
class TabularQLearnerEdgesTest {
    private final Edits edits = new Edits(EditRules.PAPER);
    private final Track s = new Track(List.of(new Note(60, 0.5), new Note(62, 0.5)), List.of(new DrumHit(0, 38, 80)),
            90);

    private TabularQLearner<TrackKey> make(double alpha, double gamma, ExplorationPolicy policy) {
        return new TabularQLearner<>("t", alpha, gamma, 0, TrackKey::of, policy, RewardFunction.OVERALL,
                new ActionSlots(EnumSet.allOf(ActionType.class)), edits);
    }

    private static ExplorationPolicy greedy() {
        return new EpsilonGreedy(0, 1, 0, false);
    }

    @Test
    void parametersAtTheirBoundsAreTakenAndOnePastRefused() {
        assertThat(make(1, 0, greedy()).name()).isEqualTo("t");
        assertThat(make(0.001, 0.999, greedy()).updates()).isZero();
        assertThatThrownBy(() -> make(0, 0.9, greedy())).hasMessageContaining("alpha 0.0");
        assertThatThrownBy(() -> make(1.001, 0.9, greedy())).hasMessageContaining("alpha 1.001");
        assertThatThrownBy(() -> make(0.1, 1, greedy())).hasMessageContaining("gamma 1.0");
        assertThatThrownBy(() -> make(0.1, -0.001, greedy())).hasMessageContaining("gamma -0.001");
    }

    @Test
    void aCopyLearnsOnItsOwnAndTheExplanationListsTheLargestValuesFirst() {
        TabularQLearner<TrackKey> l = make(0.5, 0, greedy());
        Action a = new Action(ActionType.PITCH_UP, 0);
        double q = l.update(TrackKey.of(s), ActionSlots.slot(a), 8, TrackKey.of(edits.apply(s, a)), 2);
        assertThat(q).isEqualTo(4.0); // 0 + 0.5 x (8 - 0)
        assertThat(l.q(s, a)).isEqualTo(4.0);
        l.setQ(s, new Action(ActionType.DURATION_UP, 1), 6);
        l.setQ(s, new Action(ActionType.PITCH_DOWN, 1), -2);
        TabularQLearner<TrackKey> c = l.copy();
        c.update(TrackKey.of(s), ActionSlots.slot(a), 10, TrackKey.of(edits.apply(s, a)), 2);
        assertThat(c.q(s, a)).isEqualTo(7.0);
        assertThat(l.q(s, a)).isEqualTo(4.0);
        assertThat(c.updates()).isEqualTo(2);
        assertThat(l.updates()).isEqualTo(1);
        assertThat(l.entries()).isEqualTo(3);
        Explanation e = l.explain(2);
        assertThat(e.kind()).isEqualTo("tabular-q");
        assertThat(e.parameters()).isEqualTo(3);
        assertThat(e.states()).isEqualTo(1);
        assertThat(e.beliefs()).extracting(Explanation.Belief::value).containsExactly(6.0, 4.0);
        assertThat(e.beliefs().get(0).detail()).startsWith("Q = 6.00 for ");
        assertThat(l.explain(10).beliefs()).extracting(Explanation.Belief::value).containsExactly(6.0, 4.0, -2.0);
        // the greedy proposal reads the table: the best value's edit
        assertThat(l.propose(s, new java.util.SplittableRandom(1)).transition().action())
                .isEqualTo(new Action(ActionType.DURATION_UP, 1));
    }

    @Test
    void explorationSwitchesOnlyToAPolicyWhoseCountsItKeeps() {
        TabularQLearner<TrackKey> l = make(0.5, 0, greedy());
        assertThat(l.exploration(new Ucb(1))).isFalse();
        assertThat(l.exploration(new EpsilonGreedy(1, 1, 1, false))).isTrue();
        assertThat(l.propose(s, new java.util.SplittableRandom(1)).explored()).isTrue();
        TabularQLearner<TrackKey> u = make(0.5, 0, new Ucb(1));
        assertThat(u.exploration(new Ucb(2))).isTrue();
        assertThat(u.exploration(greedy())).isTrue();
    }
}
