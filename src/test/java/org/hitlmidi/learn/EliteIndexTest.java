package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;

/**
 * The default learner's elites through its {@link EliteIndex} are what a scan of every heard track gives, on random
 * histories (ratings, part ratings, implicit signals, a change of key and bars, copies that learn on), and the index
 * scans the history far less often than once a proposal (issue 16, item 9).
 */
class EliteIndexTest {
    private static RewardModelLearner taste(TrackParams p) {
        return (RewardModelLearner) Learners.build(Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, "taste-model"),
                new Edits(EditRules.PAPER), p);
    }

    /** Random fresh tracks, each heard once: the pool a history draws from (composing is the slow part). */
    private static List<Track> pool(TrackParams p, int n, long seed) {
        Composer c = new Composer(p);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Track> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(c.fresh(rng));
        }
        return out;
    }

    private static Transition heard(Track t) {
        return new Transition(t, new Action(ActionType.COMPOSE, 0), t);
    }

    @Test
    void theIndexGivesTheScansElitesOnRandomHistories() {
        TrackParams p = TrackParams.defaults();
        TrackParams other = p.withBars(2).withBaseNote(62);
        List<Track> four = pool(p, 900, 11);
        List<Track> two = pool(other, 300, 12);
        for (long seed = 1; seed <= 4; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            RewardModelLearner l = taste(p);
            // few kept (the device keeps 256): the elites often come from beyond them, where only the bound decides
            l.eliteKeep(seed == 1 ? EliteIndex.KEEP : 6 + (int) seed);
            RewardModelLearner copy = null;
            int compared = 0;
            for (int i = 0; i < four.size() + two.size(); i++) {
                if (i == four.size()) {
                    l.params(other); // the four-bar tracks stop fitting: the index must say so too
                }
                Track t = i < four.size() ? four.get(i) : two.get(i - four.size());
                // a rater with a taste (drum density) and noise, parts rated now and then, signals too
                // whose taste turns around halfway: the model and its elites move a long way
                double drums = Descriptors.of(t, p)[Descriptors.NAMES.indexOf("drums-per-beat")];
                double liked = i < 450 ? drums : 1 - drums;
                int overall = (int) Math.max(1, Math.min(10, Math.round(1 + 8 * liked + rng.nextGaussian())));
                Rating r = Rating.of(overall);
                if (seed >= 3 && rng.nextInt(5) == 0 && t.parts().contains(Part.BASS)) {
                    r = r.withParts(Map.of(Part.BASS, 1 + rng.nextInt(10)));
                }
                if (rng.nextInt(7) == 0) {
                    l.signal(heard(t), ImplicitSignal.SKIP);
                } else {
                    l.learn(heard(t), r);
                }
                if (i == 700 && seed == 4) {
                    copy = l.copy(); // the copy learns on, the original is left as it is (as a checkpoint)
                    l = copy;
                }
                if (i % 2 == 0 || i > four.size() - 5 && i < four.size() + 5) {
                    assertThat(l.eliteIndices()).as("seed %d after %d heard", seed, i + 1).containsExactly(l.scanElites());
                    compared++;
                }
            }
            assertThat(compared).isGreaterThan(590);
            assertThat(l.eliteIndices()).hasSize(5);
        }
    }

    @Test
    void theIndexScansTheHistoryRarely() {
        TrackParams p = TrackParams.defaults();
        List<Track> tracks = pool(p, 1200, 21);
        SplittableRandom rng = new SplittableRandom(5);
        RewardModelLearner l = taste(p);
        int proposals = 0;
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            double drums = Descriptors.of(t, p)[Descriptors.NAMES.indexOf("drums-per-beat")];
            l.learn(heard(t), Rating.of((int) Math.max(1, Math.min(10, Math.round(9 - 8 * drums + rng.nextGaussian())))));
            if (i >= 600) { // a history past the index's kept tracks
                assertThat(l.eliteIndices()).containsExactly(l.scanElites());
                proposals++;
            }
        }
        // before the index every proposal scanned every heard track: 600 scans here
        assertThat(l.eliteScans()).as("full scans in %d proposals", proposals).isLessThan(proposals / 10);
    }
}
