package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;

/** The baseline proposes the composer's fresh track from the same draws, whatever was rated, and learns nothing. */
class PriorLearnerTest {
    @Test
    void everyProposalIsTheComposersFreshTrackWhateverWasRated() {
        TrackParams p = TrackParams.defaults();
        PriorLearner l = new PriorLearner("prior", p);
        Track current = new Composer(p).fresh(new SplittableRandom(9));
        Proposal first = l.propose(current, new SplittableRandom(1));
        assertThat(first.transition().before()).isEqualTo(current);
        assertThat(first.transition().action()).isEqualTo(new Action(ActionType.COMPOSE, 0));
        assertThat(first.transition().after()).isEqualTo(new Composer(p).fresh(new SplittableRandom(1)));
        assertThat(first.explored()).isTrue();
        l.learn(first.transition(), Rating.of(10));
        l.learn(first.transition(), Rating.of(1));
        assertThat(l.updates()).isEqualTo(2);
        assertThat(l.entries()).isZero();
        assertThat(l.propose(current, new SplittableRandom(1)).transition().after())
                .isEqualTo(first.transition().after());
        assertThat(l.name()).isEqualTo("prior");
    }

    @Test
    void newParametersComposeUnderThemAndACopyKeepsItsOwn() {
        TrackParams p = TrackParams.defaults();
        TrackParams other = p.withBars(2).withBaseNote(62);
        PriorLearner l = new PriorLearner("prior", p);
        Track current = new Composer(p).fresh(new SplittableRandom(9));
        l.learn(Learner.fresh(current).transition(), Rating.of(5));
        PriorLearner before = l.copy();
        l.params(other);
        assertThat(l.propose(current, new SplittableRandom(2)).transition().after())
                .isEqualTo(new Composer(other).fresh(new SplittableRandom(2)));
        assertThat(before.propose(current, new SplittableRandom(2)).transition().after())
                .isEqualTo(new Composer(p).fresh(new SplittableRandom(2)));
        assertThat(before.updates()).isEqualTo(1);
        assertThat(before.name()).isEqualTo("prior");
        before.learn(Learner.fresh(current).transition(), Rating.of(5));
        assertThat(l.updates()).isEqualTo(1);
    }
}
