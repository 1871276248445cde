package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;

class RewardModelLearnerTest {
    private final TrackParams params = TrackParams.defaults();

    private RewardModelLearner taste() {
        return (RewardModelLearner) Learners.build(Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, "taste-model"),
                new Edits(EditRules.PAPER), params);
    }

    @Test
    void itNeverProposesATrackItHasHeard() {
        RewardModelLearner l = taste();
        SplittableRandom rng = new SplittableRandom(3);
        Track t = TrackGenerator.random(params, rng);
        Set<TrackKey> heard = new HashSet<>();
        for (int i = 0; i < 80; i++) {
            Proposal p = l.propose(t, rng);
            assertThat(heard.add(TrackKey.of(p.transition().after()))).as("proposal %d is new", i).isTrue();
            l.learn(p.transition(), Rating.of(1 + i % 10));
            t = p.transition().after();
        }
        assertThat(l.updates()).isEqualTo(80);
        assertThat(l.explain(5).states()).isEqualTo(80);
    }

    @Test
    void afterTheBarsShrinkNoOldLongTrackComesBack() {
        RewardModelLearner l = taste();
        SplittableRandom rng = new SplittableRandom(6);
        Track t = new Composer(params).fresh(rng);
        for (int i = 0; i < 40; i++) { // four-bar tracks, all liked: strong elites for variations
            Proposal p = l.propose(t, rng);
            l.learn(p.transition(), Rating.of(9));
            t = p.transition().after();
        }
        TrackParams shorter = params.withBars(2);
        l.params(shorter);
        t = new Composer(shorter).fresh(rng);
        for (int i = 0; i < 40; i++) {
            Proposal p = l.propose(t, rng);
            Track after = p.transition().after();
            assertThat(after.lengthBeats()).as("proposal %d", i).isEqualTo(8.0);
            assertThat(after.percussion()).as("proposal %d", i).allMatch(h -> h.beat() < 8.0);
            l.learn(p.transition(), Rating.of(7));
            t = p.transition().after();
        }
    }

    @Test
    void ratingsMoveTheModelTowardWhatWasRatedHigh() {
        RewardModelLearner l = taste();
        SplittableRandom rng = new SplittableRandom(4);
        Composer c = new Composer(params);
        Track sparse = null;
        Track dense = null;
        for (int i = 0; i < 40; i++) {
            Track t = c.fresh(rng);
            double perBeat = Descriptors.of(t, params)[Descriptors.NAMES.indexOf("drums-per-beat")] * 4;
            // a listener who likes few drum hits (kick and snare, no hats: under 1.5 a beat)
            l.learn(new Transition(t, new org.hitlmidi.music.Action(org.hitlmidi.music.ActionType.COMPOSE, 0), t),
                    Rating.of(perBeat <= 1.5 ? 9 : 3));
            if (perBeat <= 1.5) {
                sparse = t;
            } else {
                dense = t;
            }
        }
        assertThat(sparse).isNotNull();
        assertThat(dense).isNotNull();
        assertThat(l.expected(sparse)).isGreaterThan(l.expected(dense) + 2);
        Explanation e = l.explain(3);
        assertThat(e.beliefs()).hasSize(3);
        assertThat(e.beliefs().get(0).what()).startsWith("drums-"); // density and on-beat share go together here
        assertThat(e.beliefs().get(0).value()).isGreaterThanOrEqualTo(e.beliefs().get(1).value());
    }

    @Test
    void implicitSignalsCountOnlyWhenSwitchedOn() {
        SplittableRandom rng = new SplittableRandom(5);
        Track t = TrackGenerator.random(params, rng);
        RewardModelLearner on = taste();
        Transition heard = on.propose(t, rng).transition();
        on.signal(heard, ImplicitSignal.SKIP);
        assertThat(on.model().observations()).isEqualTo(1);
        assertThat(on.expected(heard.after())).isLessThan(5.5); // a skip reads as a low rating (2, at weight 0.5)
        assertThat(on.updates()).isZero(); // not a rating

        var cfg = new RewardModelLearner.Config(10, 10, 2, 2, true, RewardModelLearner.Acquisition.UCB, 1, 5.5, 3, 1, 1);
        RewardModelLearner keepOnly = new RewardModelLearner("k", cfg, RewardFunction.OVERALL,
                new RewardModelLearner.Implicit(Map.of(ImplicitSignal.KEEP, 9.0), 0.5), new Edits(EditRules.PAPER), params);
        keepOnly.signal(heard, ImplicitSignal.SKIP);
        keepOnly.signal(heard, ImplicitSignal.EXPORT);
        assertThat(keepOnly.model().observations()).isZero();
        keepOnly.signal(heard, ImplicitSignal.KEEP);
        assertThat(keepOnly.model().observations()).isEqualTo(1);
        assertThat(keepOnly.expected(heard.after())).isGreaterThan(5.5);

        Learner paper = Learners.build(Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, "paper"), new Edits(EditRules.PAPER));
        paper.signal(heard, ImplicitSignal.KEEP); // the paper learner ignores signals
        assertThat(paper.updates()).isZero();
        assertThat(paper.entries()).isZero();
    }

    /**
     * Candidates made ahead (issue 13 item 5) give the proposal whether they were made on another thread while the
     * track played or only when the rating asked for them: the elites are taken when preparing, the rest draws from
     * the prepared work's own generator. The proposal is new, as ever.
     */
    @Test
    void candidatesMadeAheadProposeTheSameWhenEverTheyAreMade() throws Exception {
        RewardModelLearner a = taste();
        SplittableRandom rng = new SplittableRandom(11);
        Track t = new Composer(params).fresh(rng);
        for (int i = 0; i < 12; i++) {
            Proposal p = a.propose(t, rng);
            a.learn(p.transition(), Rating.of(1 + (i * 7) % 10));
            t = p.transition().after();
        }
        RewardModelLearner b = a.copy();
        Prepared early = a.prepare(t, new SplittableRandom(99));
        Prepared late = b.prepare(t, new SplittableRandom(99));
        Thread maker = new Thread(early::make);
        maker.start();
        maker.join();
        assertThat(early.isDone()).isTrue();
        assertThat(late.isDone()).isFalse();
        Transition heard = new Transition(t, new org.hitlmidi.music.Action(org.hitlmidi.music.ActionType.COMPOSE, 0), t);
        a.learn(heard, Rating.of(10));
        b.learn(heard, Rating.of(10));
        Proposal pa = a.propose(early, new SplittableRandom(5));
        Proposal pb = b.propose(late, new SplittableRandom(5));
        assertThat(late.isDone()).as("made when the rating asked").isTrue();
        assertThat(pa).isEqualTo(pb);
        assertThat(pa.transition().before()).isSameAs(t);
        assertThat(TrackKey.of(pa.transition().after())).isNotEqualTo(TrackKey.of(t));
    }

    /** Candidates made ahead under other parameters are not used: the proposal is made afresh under the new ones. */
    @Test
    void candidatesMadeUnderOtherParametersAreMadeAfresh() {
        RewardModelLearner l = taste();
        SplittableRandom rng = new SplittableRandom(8);
        Track t = new Composer(params).fresh(rng);
        Prepared p = l.prepare(t, new SplittableRandom(1));
        p.make();
        TrackParams shorter = params.withBars(2);
        l.params(shorter);
        RewardModelLearner fresh = taste();
        fresh.params(shorter);
        assertThat(l.propose(p, new SplittableRandom(4))).isEqualTo(fresh.propose(t, new SplittableRandom(4)));
    }
}
