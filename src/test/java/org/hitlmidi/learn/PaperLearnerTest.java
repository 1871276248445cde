package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;

class PaperLearnerTest {
    private final Edits edits = new Edits(EditRules.PAPER);
    private final Track s = new Track(List.of(new Note(60, 0.5), new Note(62, 0.5)),
            List.of(new DrumHit(0, 38, 80), new DrumHit(0.25, 35, 80)), 90);

    @SuppressWarnings("unchecked")
    private TabularQLearner<TrackKey> paper() {
        return (TabularQLearner<TrackKey>) Learners.build(Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, "paper"), edits);
    }

    private TabularQLearner<TrackKey> greedy(double epsilon) {
        return new TabularQLearner<>("test", 0.1, 0.9, 0, TrackKey::of, new EpsilonGreedy(epsilon, 1, 0, false),
                RewardFunction.OVERALL, new ActionSlots(EnumSet.allOf(ActionType.class)), edits);
    }

    @Test
    void thePaperPresetHoldsThePapersParameters() throws Exception {
        var p = (LearnerConfig.TabularQ) Presets.builtInOnly().load(LearnerConfig.KIND, "paper");
        assertThat(p.alpha()).isEqualTo(0.1);
        assertThat(p.gamma()).isEqualTo(0.9);
        var e = (ExplorationConfig.EpsilonGreedy) p.exploration();
        assertThat(e.epsilon()).isEqualTo(0.5);
        assertThat(e.decay()).isEqualTo(1.0);
        assertThat(e.ties()).isEqualTo("first");
        assertThat(p.actions().set()).hasSize(6);
        assertThat(p.state().track()).isTrue();
        assertThat(p.episodes().length()).isEqualTo(Episodes.Length.NOTES);
        assertThat(paper().name()).isEqualTo("paper");
    }

    @Test
    void theWorkedExampleThroughTheLearner() {
        TabularQLearner<TrackKey> l = paper();
        Action a = new Action(ActionType.PITCH_UP, 1);
        Track next = edits.apply(s, a);
        l.setQ(s, a, 5);
        l.setQ(next, new Action(ActionType.DURATION_UP, 0), 6); // max over the new state's actions
        l.setQ(next, new Action(ActionType.PITCH_DOWN, 1), 2);
        l.learn(new Transition(s, a, next), Rating.of(7));
        assertThat(l.q(s, a)).isCloseTo(5.74, within(1e-12));
        assertThat(l.updates()).isEqualTo(1);
    }

    @Test
    void theMaxIsTakenOverTheNewStateNotTheOldOne() {
        TabularQLearner<TrackKey> l = paper();
        Action a = new Action(ActionType.PITCH_UP, 0);
        Track next = edits.apply(s, a);
        l.setQ(s, new Action(ActionType.PITCH_DOWN, 1), 100); // the old state's best, which the paper's code would use
        l.learn(new Transition(s, a, next), Rating.of(7));
        assertThat(l.q(s, a)).isCloseTo(0.7, within(1e-12)); // 0 + 0.1 * (7 + 0.9 * 0 - 0)
    }

    @Test
    void theRatingIsCreditedToTheEditThatMadeTheHeardTrack() {
        TabularQLearner<TrackKey> l = paper();
        var rng = new SplittableRandom(1);
        Proposal p = l.propose(s, rng);
        l.learn(p.transition(), Rating.of(10));
        assertThat(l.q(s, p.transition().action())).isCloseTo(1.0, within(1e-12));
        assertThat(l.entries()).isEqualTo(1);
    }

    @Test
    void greedyPicksTheBestActionAndTheFirstOfTies() {
        TabularQLearner<TrackKey> l = greedy(0);
        var rng = new SplittableRandom(2);
        assertThat(l.propose(s, rng).transition().action()).isEqualTo(new Action(ActionType.PITCH_UP, 0));
        l.setQ(s, new Action(ActionType.DURATION_DOWN, 1), 3);
        Proposal p = l.propose(s, rng);
        assertThat(p.transition().action()).isEqualTo(new Action(ActionType.DURATION_DOWN, 1));
        assertThat(p.explored()).isFalse();
        assertThat(p.transition().after()).isEqualTo(edits.apply(s, p.transition().action()));
    }

    @Test
    void epsilonHalfExploresHalfTheTimeUniformlyOverAllSixTypesAndEveryIndex() {
        TabularQLearner<TrackKey> l = paper();
        l.setQ(s, new Action(ActionType.PITCH_DOWN, 0), 1);
        var rng = new SplittableRandom(3);
        Map<Action, Integer> counts = new HashMap<>();
        int explored = 0;
        int n = 24_000;
        for (int i = 0; i < n; i++) {
            Proposal p = l.propose(s, rng);
            explored += p.explored() ? 1 : 0;
            counts.merge(p.transition().action(), 1, Integer::sum);
        }
        assertThat(explored / (double) n).isCloseTo(0.5, within(0.02));
        assertThat(counts).hasSize(12); // 6 types x 2 notes
        // exploring: each of 12 actions 1/12 of half; the greedy one also gets the other half
        assertThat(counts.get(new Action(ActionType.PITCH_DOWN, 0)) / (double) n).isCloseTo(0.5 + 0.5 / 12, within(0.02));
        assertThat(counts.get(new Action(ActionType.NOTE_REMOVAL, 1)) / (double) n).isCloseTo(0.5 / 12, within(0.01));
    }

    @Test
    void decayingEpsilonFollowsThePapersCode() {
        EpsilonGreedy e = new EpsilonGreedy(0.5, 0.99, 0, false);
        assertThat(e.epsilonAt(0)).isEqualTo(0.5);
        assertThat(e.epsilonAt(100)).isCloseTo(0.5 * Math.pow(0.99, 100), within(1e-12));
        assertThat(new EpsilonGreedy(0.5, 1, 0, false).epsilonAt(10_000)).isEqualTo(0.5);
        assertThat(new EpsilonGreedy(0.5, 0.5, 0.05, false).epsilonAt(50)).isEqualTo(0.05);
    }

    @Test
    void equalTracksShareAStateAndDifferentOnesDoNot() {
        Track same = new Track(List.of(new Note(60, 0.5), new Note(62, 0.5, 64)),
                List.of(new DrumHit(0, 38, 80), new DrumHit(0.25, 35, 80)), 120);
        assertThat(TrackKey.of(same)).isEqualTo(TrackKey.of(s)); // velocity and tempo are not in the paper's state
        assertThat(TrackKey.of(edits.apply(s, new Action(ActionType.DURATION_UP, 0)))).isNotEqualTo(TrackKey.of(s));
        assertThat(TrackKey.of(edits.apply(s, new Action(ActionType.PERCUSSION_CHANGE, 0)))).isNotEqualTo(TrackKey.of(s));
        assertThat(TrackKey.of(s).notes()).isEqualTo(2);
    }

    @Test
    void sameSeedSameSession() {
        double[] a = session(42);
        double[] b = session(42);
        assertThat(a).containsExactly(b);
    }

    private double[] session(long seed) {
        TabularQLearner<TrackKey> l = paper();
        var rng = new SplittableRandom(seed);
        Track t = s;
        double[] q = new double[50];
        for (int i = 0; i < 50; i++) {
            Proposal p = l.propose(t, rng);
            l.learn(p.transition(), Rating.of(1 + (i * 7) % 10));
            q[i] = l.q(t, p.transition().action());
            t = p.transition().after();
        }
        return q;
    }
}
