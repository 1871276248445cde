package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Sketch;
import org.hitlmidi.music.StyleJson;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;

/**
 * Part ratings teach the default learner about the part they rate, and about nothing else. A simulated listener in
 * the blues-shuffle style (walking or root-fifth bass) who dislikes walking bass lines and is neutral about
 * everything else: overall always 6, and, when the track has a bass, the bass rated 2 if it walks and 6 if not.
 */
class PartRatingLearnTest {
    private static final Presets PRESETS = Presets.builtInOnly();
    private static final TrackParams BLUES = TrackParams.defaults()
            .inStyle(PRESETS.load(org.hitlmidi.preset.StyleConfig.KIND, "blues-shuffle").style());

    private static RewardModelLearner learner(String preset) {
        return (RewardModelLearner) Learners.build(PRESETS.load(org.hitlmidi.learn.LearnerConfig.KIND, preset), new Edits(EditRules.PAPER), BLUES);
    }

    static boolean walking(Track t) {
        Sketch s = t.arrangement().sketch();
        var lines = BLUES.style().bassLines();
        return t.parts().contains(Part.BASS) && lines.get(s.bassLine() % lines.size()).equals("walking");
    }

    private static Rating listener(Track t, boolean rateParts) {
        Rating r = Rating.of(6);
        return rateParts && t.parts().contains(Part.BASS) ? r.withParts(Map.of(Part.BASS, walking(t) ? 2 : 6)) : r;
    }

    /** Share of walking bass lines among the proposals with a bass, and the melody's mean descriptors, after a warm-up. */
    private static double[] session(String preset, boolean rateParts, long seed, int n) {
        RewardModelLearner l = learner(preset);
        SplittableRandom rng = new SplittableRandom(seed);
        Proposal p = l.begin(BLUES, rng);
        int withBass = 0;
        int walks = 0;
        double notes = 0;
        double pitch = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            Track t = p.transition().after();
            if (i >= n / 3) {
                counted++;
                notes += t.melody().size();
                pitch += t.melody().stream().mapToInt(org.hitlmidi.music.Note::pitch).average().orElse(0);
                if (t.parts().contains(Part.BASS)) {
                    withBass++;
                    walks += walking(t) ? 1 : 0;
                }
            }
            l.learn(p.transition(), listener(t, rateParts));
            p = l.propose(t, rng);
        }
        return new double[] {walks / (double) withBass, pitch / counted, notes / counted};
    }

    /**
     * Same seed, same listener, two learners: one is told the bass ratings, one only the overall ones. Over the
     * last two thirds of 60 ratings, the walking bass lines among the proposals with a bass go from over 15 %
     * (overall ratings cannot tell bass lines apart) to under a third of that and under 5 %; the melodies proposed stay alike. Fails with
     * {@code PartHeads.observe} (or its call in {@code learn}) taken out: both learners then propose alike.
     */
    @Test
    void aDislikedBassLineIsProposedLessOftenWhenTheBassIsRated() {
        for (String preset : new String[] {"taste-model", "taste-thompson"}) {
            double[] sumOverall = new double[3];
            double[] sumParts = new double[3];
            int seeds = 2;
            for (long seed = 1; seed <= seeds; seed++) {
                double[] overallOnly = session(preset, false, seed, 60);
                double[] withParts = session(preset, true, seed, 60);
                System.out.printf("%s seed %d: walking bass %.2f of the proposals with overall ratings only, %.2f with "
                        + "bass ratings; melody pitch %.1f vs %.1f, notes %.1f vs %.1f%n", preset, seed, overallOnly[0],
                        withParts[0], overallOnly[1], withParts[1], overallOnly[2], withParts[2]);
                for (int k = 0; k < 3; k++) {
                    sumOverall[k] += overallOnly[k] / seeds;
                    sumParts[k] += withParts[k] / seeds;
                }
            }
            assertThat(sumOverall[0]).as(preset + ": walking share, overall ratings only").isGreaterThan(0.15);
            assertThat(sumParts[0]).as(preset + ": walking share, with bass ratings").isLessThan(0.05)
                    .isLessThan(sumOverall[0] / 3);
            assertThat(Math.abs(sumParts[1] - sumOverall[1])).as(preset + ": mean melody pitch moved").isLessThan(2.0);
            assertThat(Math.abs(sumParts[2] - sumOverall[2]) / sumOverall[2]).as(preset + ": melody notes moved")
                    .isLessThan(0.15);
        }
    }

    /**
     * The bass ratings change how the learner ranks bass lines and nothing about melodies: two learners that heard the
     * same tracks, one told the bass ratings too, rank two tracks that differ only in their melody by the same margin
     * (to 1e-9), and two that differ only in their bass line (walking or not) by margins at least a point apart. Fails
     * if a part rating also moves the overall model (or the melody's head).
     */
    @Test
    void bassRatingsMoveBassLinesAndNotMelodies() {
        RewardModelLearner told = learner("taste-model");
        RewardModelLearner notTold = learner("taste-model");
        SplittableRandom rng = new SplittableRandom(21);
        Composer c = new Composer(BLUES);
        for (int i = 0; i < 30; i++) {
            Track t = c.fresh(rng);
            Transition heard = new Transition(t, new org.hitlmidi.music.Action(org.hitlmidi.music.ActionType.COMPOSE, 0), t);
            told.learn(heard, listener(t, true));
            notTold.learn(heard, listener(t, false));
        }
        assertThat(told.partRatings(Part.BASS)).isPositive();
        assertThat(told.partRatings(Part.MELODY)).isZero();
        assertThat(told.model().mean()).as("the overall model learns from the overall ratings only")
                .containsExactly(notTold.model().mean());
        org.hitlmidi.music.SongComposer song = new org.hitlmidi.music.SongComposer(BLUES);
        for (int k = 0; k < 10; k++) {
            Sketch s = song.randomSketch(rng).withParts(Sketch.ALL_PARTS);
            Track a = song.compose(s);
            Track otherMelody = song.compose(s.withMotif(rng.nextLong()).withContour((s.contour() + 1) % Sketch.CONTOURS));
            assertThat(otherMelody.melody()).isNotEqualTo(a.melody());
            assertThat(told.value(a) - told.value(otherMelody)).as("sketch %d: melody margin", k)
                    .isCloseTo(notTold.value(a) - notTold.value(otherMelody), org.assertj.core.data.Offset.offset(1e-9));
            Track walks = song.compose(s.withBassLine(0));
            Track doesNot = song.compose(s.withBassLine(1));
            assertThat(walking(walks)).isTrue();
            assertThat(walking(doesNot)).isFalse();
            double toldMargin = told.value(doesNot) - told.value(walks);
            double notToldMargin = notTold.value(doesNot) - notTold.value(walks);
            assertThat(toldMargin - notToldMargin).as("sketch %d: root-fifth over walking, told the bass ratings", k)
                    .isGreaterThan(1.0);
        }
    }

    /** The paper's learners ignore part ratings: the same Q-values with or without them. */
    @Test
    void paperLearnersIgnorePartRatings() {
        for (String preset : new String[] {Learners.PAPER, "paper-code"}) {
            TrackParams paper = TrackParams.defaults();
            Learner with = Learners.build(PRESETS.load(org.hitlmidi.learn.LearnerConfig.KIND, preset), new Edits(EditRules.PAPER), paper);
            Learner without = Learners.build(PRESETS.load(org.hitlmidi.learn.LearnerConfig.KIND, preset), new Edits(EditRules.PAPER), paper);
            SplittableRandom r1 = new SplittableRandom(5);
            SplittableRandom r2 = new SplittableRandom(5);
            Proposal p1 = with.begin(paper, r1);
            Proposal p2 = without.begin(paper, r2);
            for (int i = 0; i < 20; i++) {
                assertThat(p1.transition()).isEqualTo(p2.transition());
                with.learn(p1.transition(), Rating.of(1 + i % 10).withParts(Map.of(Part.DRUMS, 10 - i % 10)));
                without.learn(p2.transition(), Rating.of(1 + i % 10));
                p1 = with.propose(p1.transition().after(), r1);
                p2 = without.propose(p2.transition().after(), r2);
            }
            assertThat(with.explain(50)).isEqualTo(without.explain(50));
        }
    }
}
