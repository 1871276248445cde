package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.junit.jupiter.api.Test;

/** The paper-code learner's parameters at their bounds, its copy, entries and explanation (PIT, issue 17). */
class PaperCodeLearnerEdgesTest {
    private final Edits edits = new Edits(EditRules.PAPER);

    private PaperCodeLearner make(double alpha, double gamma, double epsilon, double decay, int episodes) {
        return new PaperCodeLearner("pc", alpha, gamma, epsilon, decay, episodes, edits);
    }

    @Test
    void parametersAtTheirBoundsAreTakenAndOnePastRefused() {
        assertThat(make(1, 0, 0, 1, 0).name()).isEqualTo("pc");
        assertThat(make(0.5, 0.99, 1, 0.01, 1).epsilonAt(1)).isEqualTo(0.01);
        assertThatThrownBy(() -> make(0, 0.9, 0.5, 1, 0)).hasMessageContaining("alpha 0.0");
        assertThatThrownBy(() -> make(1.001, 0.9, 0.5, 1, 0)).hasMessageContaining("alpha 1.001");
        assertThatThrownBy(() -> make(0.1, 1, 0.5, 1, 0)).hasMessageContaining("gamma 1.0");
        assertThatThrownBy(() -> make(0.1, -0.001, 0.5, 1, 0)).hasMessageContaining("gamma -0.001");
        assertThatThrownBy(() -> make(0.1, 0.9, -0.001, 1, 0)).hasMessageContaining("epsilon -0.001");
        assertThatThrownBy(() -> make(0.1, 0.9, 1.001, 1, 0)).hasMessageContaining("epsilon 1.001");
        assertThatThrownBy(() -> make(0.1, 0.9, 0.5, 0, 0)).hasMessageContaining("decay 0.0");
        assertThatThrownBy(() -> make(0.1, 0.9, 0.5, 1.001, 0)).hasMessageContaining("decay 1.001");
        assertThatThrownBy(() -> make(0.1, 0.9, 0.5, 1, -1)).hasMessageContaining("episodes -1");
    }

    @Test
    void aCopyLearnsOnItsOwnAndTheExplanationListsTheLargestValuesFirst() {
        PaperCodeLearner l = make(0.1, 0.9, 0.5, 0.01, 10);
        Track s = new Track(List.of(new Note(60, 0.5), new Note(62, 0.5)), List.of(new DrumHit(0, 38, 80)), 90);
        l.setQ(s, new Action(ActionType.PITCH_UP, 0), 3);
        l.setQ(s, new Action(ActionType.DURATION_DOWN, 1), 7);
        l.setQ(s, new Action(ActionType.PITCH_DOWN, 1), -9);
        assertThat(l.entries()).isEqualTo(3);
        PaperCodeLearner c = l.copy();
        c.setQ(s, new Action(ActionType.PITCH_UP, 1), 1);
        assertThat(c.entries()).isEqualTo(4);
        assertThat(l.entries()).isEqualTo(3);
        assertThat(l.q(s, new Action(ActionType.PITCH_UP, 1))).isZero();
        assertThat(c.name()).isEqualTo("pc");
        Explanation e = l.explain(2);
        assertThat(e.kind()).isEqualTo("paper-code");
        assertThat(e.parameters()).isEqualTo(3);
        assertThat(e.states()).isEqualTo(1);
        assertThat(e.beliefs()).extracting(Explanation.Belief::value).containsExactly(7.0, 3.0);
        assertThat(e.beliefs().get(0).detail()).startsWith("Q = 7.00 for ");
        assertThat(l.explain(10).beliefs()).extracting(Explanation.Belief::value).containsExactly(7.0, 3.0, -9.0);
    }
    /**
     * The code's first episode (its episode 0) always explores; in the second, epsilon is 0.5 x 0.01 = 0.005, so
     * the edit chosen on a rating is nearly always the greedy one.
     */
    @Test
    void theFirstEpisodeAlwaysExploresAndTheSecondRarely() {
        org.hitlmidi.music.TrackParams params = org.hitlmidi.music.TrackParams.defaults();
        int explored = 0;
        for (int seed = 0; seed < 40; seed++) {
            PaperCodeLearner l = make(0.1, 0.9, 0.5, 0.01, 10);
            java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
            Proposal first = l.begin(params, rng);
            l.learn(first.transition(), Rating.of(5)); // episode 1, the code's 0
            Proposal p = l.propose(first.transition().after(), rng);
            assertThat(p.explored()).as("seed %d, first episode", seed).isTrue();
            Proposal second = l.begin(params, rng); // a fresh track: the next episode
            l.learn(second.transition(), Rating.of(5));
            explored += l.propose(second.transition().after(), rng).explored() ? 1 : 0;
        }
        assertThat(explored).as("second episode: explored of 40").isLessThan(5);
    }
}
