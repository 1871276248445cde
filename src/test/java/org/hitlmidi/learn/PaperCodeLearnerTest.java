package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.DrumKit;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;

/**
 * `paper-code`: each way the published code (ajuanijustus/music-gen-hitl-rl) differs from the paper's text, one
 * test each; docs/learning.md lists them with the code's lines.
 */
class PaperCodeLearnerTest {
    private final TrackParams params = TrackParams.defaults();
    private final Edits edits = new Edits(EditRules.PAPER);
    private final Track s = new Track(List.of(new Note(60, 0.5), new Note(62, 0.5)),
            List.of(new DrumHit(0, 38, 80), new DrumHit(0.25, 35, 80)), 90);

    private static PaperCodeLearner code() {
        return (PaperCodeLearner) PaperEpisodesTest.build("paper-code");
    }

    /** A learner in the code's episode {@code episode} (0 = the first): that many finished episodes of 1 rating. */
    private PaperCodeLearner inEpisode(int episode) {
        PaperCodeLearner l = code();
        TrackParams one = params.withLength(1);
        for (int e = 0; e < episode; e++) {
            l.learn(Learner.fresh(TrackGenerator.paperCode(one, new SplittableRandom(100 + e))).transition(), Rating.of(5));
        }
        return l;
    }

    /** The rating of {@code t} heard as a fresh track in a new episode; returns the edit chosen on it. */
    private static Transition rateFresh(PaperCodeLearner l, Track t, int rating) {
        l.learn(Learner.fresh(t).transition(), Rating.of(rating));
        return l.propose(t, new SplittableRandom(0)).transition();
    }

    @Test
    void thePresetHoldsTheCodesValues() {
        var p = (LearnerConfig.PaperCode) Presets.builtInOnly().load(LearnerConfig.KIND, "paper-code");
        assertThat(p.alpha()).isEqualTo(0.1); // main_gui.py:295
        assertThat(p.gamma()).isEqualTo(0.9);
        assertThat(p.epsilon()).isEqualTo(0.5);
        assertThat(p.decay()).isEqualTo(0.01);
        assertThat(p.episodes()).isEqualTo(10); // main_gui.py:165
        assertThat(code().name()).isEqualTo("paper-code");
    }

    /** hitl_rl_agent.py:52: randint(0, 4), five types uniformly; note removal (5) never. */
    @Test
    void fiveActionTypesUniformlyAndNeverNoteRemoval() {
        PaperCodeLearner l = code();
        Map<ActionType, Integer> counts = new EnumMap<>(ActionType.class);
        Set<Integer> indices = new HashSet<>();
        for (int i = 0; i < 5000; i++) { // episode 0: always random
            Proposal p = l.propose(s, new SplittableRandom(i));
            assertThat(p.explored()).isTrue();
            counts.merge(p.transition().action().type(), 1, Integer::sum);
            indices.add(p.transition().action().index());
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(PaperCodeLearner.TYPES);
        counts.values().forEach(c -> assertThat(c / 5000.0).isCloseTo(0.2, within(0.03)));
        assertThat(indices).containsExactlyInAnyOrder(0, 1);
    }

    /** hitl_rl_agent.py:59-62: max over product(range(5), range(n)); Python's max keeps the first of equals. */
    @Test
    void greedyIsTheFirstBestInTheCodesProductOrder() {
        PaperCodeLearner l = inEpisode(5); // epsilon 0.5 x 0.01^5: greedy
        SplittableRandom rng = new SplittableRandom(1);
        assertThat(l.propose(s, rng).transition().action()).isEqualTo(new Action(ActionType.PITCH_UP, 0));
        l.setQ(s, new Action(ActionType.DURATION_DOWN, 1), 3);
        l.setQ(s, new Action(ActionType.PERCUSSION_CHANGE, 0), 3);
        l.setQ(s, new Action(ActionType.NOTE_REMOVAL, 0), 50); // not one of the code's actions
        Proposal p = l.propose(s, rng);
        assertThat(p.explored()).isFalse();
        assertThat(p.transition().action()).isEqualTo(new Action(ActionType.DURATION_DOWN, 1));
    }

    /** hitl_rl_agent.py:72-75: max_next_q is taken over the state before the action. */
    @Test
    void theMaxIsOverTheOldState() {
        PaperCodeLearner l = inEpisode(5);
        Action best = new Action(ActionType.PITCH_DOWN, 1);
        l.setQ(s, best, 6);
        Track next = edits.apply(s, best);
        l.setQ(next, new Action(ActionType.PITCH_UP, 0), 100); // the new state's values are not read
        Transition chosen = rateFresh(l, s, 7);
        assertThat(chosen.action()).isEqualTo(best); // greedy
        assertThat(l.q(s, best)).isCloseTo(6 + 0.1 * (7 + 0.9 * 6 - 6), within(1e-12));
        // the worked example's numbers, with the old state's max: Q=5, R=7, max over s = 6 -> 5.74
        PaperCodeLearner m = inEpisode(5);
        m.setQ(s, new Action(ActionType.PITCH_UP, 0), 6);
        m.setQ(s, new Action(ActionType.PITCH_UP, 1), 5);
        m.setQ(edits.apply(s, new Action(ActionType.PITCH_UP, 0)), new Action(ActionType.PITCH_UP, 0), 100);
        Transition c = rateFresh(m, s, 7);
        assertThat(c.action()).isEqualTo(new Action(ActionType.PITCH_UP, 0));
        assertThat(m.q(s, c.action())).isCloseTo(6 + 0.1 * (7 + 0.9 * 6 - 6), within(1e-12));
    }

    /**
     * main_gui.py:385 and hitl_rl_agent.py:49-77: update_q(track, rating) chooses the next edit of the rated track
     * and credits the rating to it; the edit that made the rated track gets nothing.
     */
    @Test
    void eachRatingIsCreditedToTheEditChosenAfterIt() {
        PaperCodeLearner l = code();
        Transition made = new Transition(s, new Action(ActionType.DURATION_UP, 0), edits.apply(s,
                new Action(ActionType.DURATION_UP, 0)));
        l.learn(Learner.fresh(s).transition(), Rating.of(4)); // episode 1 begins with s
        Transition firstEdit = l.propose(s, new SplittableRandom(3)).transition();
        assertThat(l.q(s, firstEdit.action())).isCloseTo(0.4, within(1e-12)); // the fresh track's rating: credited
        l.learn(firstEdit, Rating.of(10));
        Transition next = l.propose(firstEdit.after(), new SplittableRandom(4)).transition();
        assertThat(next.before()).isEqualTo(firstEdit.after());
        assertThat(l.q(firstEdit.after(), next.action())).isCloseTo(1.0, within(1e-12));
        assertThat(l.q(s, firstEdit.action())).as("the edit that made the rated track").isCloseTo(0.4, within(1e-12));
        assertThat(l.updates()).isEqualTo(2);
        assertThat(made.before()).isEqualTo(s);
    }

    /** hitl_rl_agent.py:47-49 with main_gui.py:295: epsilon = 0.5 x 0.01^episode; episode 0 always explores. */
    @Test
    void epsilonDecaysPerEpisodeAndTheFirstEpisodeIsRandom() {
        PaperCodeLearner l = code();
        assertThat(l.epsilonAt(0)).isEqualTo(0.5);
        assertThat(l.epsilonAt(1)).isCloseTo(0.005, within(1e-15));
        assertThat(l.epsilonAt(2)).isCloseTo(0.00005, within(1e-15));
        PaperCodeLearner first = inEpisode(0);
        PaperCodeLearner second = inEpisode(1);
        int explored0 = 0;
        int explored1 = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            explored0 += first.propose(s, new SplittableRandom(i)).explored() ? 1 : 0;
            explored1 += second.propose(s, new SplittableRandom(i)).explored() ? 1 : 0;
        }
        assertThat(explored0).isEqualTo(n);
        assertThat(explored1 / (double) n).isCloseTo(0.005, within(0.002));
    }

    /** music_generator.py:146-147: the code's scales end on the octave; the paper's generator stops below it. */
    @Test
    void theCodesScaleIncludesTheOctave() {
        Set<Integer> code = new HashSet<>();
        Set<Integer> text = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            TrackGenerator.paperCode(params, new SplittableRandom(i)).melody().forEach(n -> code.add(n.pitch()));
            TrackGenerator.random(params, new SplittableRandom(i)).melody().forEach(n -> text.add(n.pitch()));
        }
        assertThat(code).containsExactlyInAnyOrder(60, 62, 64, 65, 67, 69, 71, 72);
        assertThat(text).containsExactlyInAnyOrder(60, 62, 64, 65, 67, 69, 71);
    }

    /**
     * music_generator.py:99-105: `length` random hits repeated ceil(t / 16) times, cut to t sixteenths: with 8
     * notes, 8 hits up to 4 beats of melody and 16 up to 8 beats; the paper's generator fills the melody's length.
     */
    @Test
    void theCodesDrumPartIsTheFirstLengthHitsCycledAndCutShort() {
        Set<Integer> sizes = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Track c = TrackGenerator.paperCode(params, new SplittableRandom(i));
            int t = (int) Math.round(c.melody().stream().mapToDouble(Note::duration).sum() * 4);
            int expected = t <= 16 ? Math.min(t, 8) : Math.min(t, 16);
            assertThat(c.percussion()).as("t = %d sixteenths", t).hasSize(expected);
            sizes.add(c.percussion().size());
            for (int k = 0; k < c.percussion().size(); k++) {
                assertThat(c.percussion().get(k).key()).isEqualTo(c.percussion().get(k % 8).key());
                assertThat(c.percussion().get(k).beat()).isEqualTo(k * 0.25);
            }
            Track p = TrackGenerator.random(params, new SplittableRandom(i));
            int tp = (int) Math.round(p.melody().stream().mapToDouble(Note::duration).sum() * 4);
            assertThat(p.percussion()).hasSize(tp);
        }
        assertThat(sizes).contains(8, 16);
        // length 3, 3 sixteenths of melody at the least: min(t, 3 x ceil(t / 16))
        Track shortOne = TrackGenerator.paperCode(params.withLength(3), new SplittableRandom(9));
        int t = (int) Math.round(shortOne.melody().stream().mapToDouble(Note::duration).sum() * 4);
        assertThat(shortOne.percussion()).hasSize(Math.min(t, 3));
    }

    /** music_generator.py:130: a percussion change draws another of the kit's keys at random. */
    @Test
    void aPercussionChangeDrawsAnotherKeyAtRandom() {
        DrumKit kit = new DrumKit("four", List.of(35, 38, 42, 46));
        PaperCodeLearner l = new PaperCodeLearner("t", 0.1, 0.9, 0.5, 0.01, 10, new Edits(EditRules.PAPER.withKit(kit)));
        Set<Integer> keys = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            Transition t = l.propose(s, new SplittableRandom(i)).transition();
            if (t.action().type() == ActionType.PERCUSSION_CHANGE && t.action().index() == 0) {
                keys.add(t.after().percussion().get(0).key());
            }
        }
        assertThat(keys).containsExactlyInAnyOrder(35, 42, 46); // never the key it had (38)
    }

    /** main_gui.py:160 and music_generator.py:64, 80-81: melody at the GUI's volume 90, drums 20 lower. */
    @Test
    void theCodesVelocities() {
        Track c = TrackGenerator.paperCode(params, new SplittableRandom(4));
        assertThat(c.melody()).allSatisfy(n -> assertThat(n.velocity()).isEqualTo(90));
        assertThat(c.percussion()).allSatisfy(h -> assertThat(h.velocity()).isEqualTo(70));
        Track p = TrackGenerator.random(params, new SplittableRandom(4));
        assertThat(p.melody()).allSatisfy(n -> assertThat(n.velocity()).isEqualTo(Note.DEFAULT_VELOCITY));
        assertThat(p.percussion()).allSatisfy(h -> assertThat(h.velocity()).isEqualTo(DrumHit.DEFAULT_VELOCITY));
    }

    /** main_gui.py:165, 374, 396-402: after total_episodes (10) nothing is learned and every track is fresh. */
    @Test
    void afterTenEpisodesNothingIsLearnedAndEveryTrackIsFresh() {
        PaperCodeLearner l = code();
        TrackParams three = params.withLength(3);
        List<Transition> heard = PaperEpisodesTest.session(l, three, 10 * 3 + 5, 11, t -> 5);
        assertThat(l.updates()).isEqualTo(30);
        for (Transition t : heard.subList(30, heard.size())) {
            assertThat(t.action().type()).isEqualTo(ActionType.COMPOSE);
        }
        assertThat(l.episodeOver(three, 1)).isTrue();
    }

    /** The first track of each episode is the code's random track, heard unedited (main_gui.py:320-334). */
    @Test
    void episodesOfLengthRatingsFromTheCodesFreshTrack() {
        PaperCodeLearner l = code();
        List<Transition> heard = PaperEpisodesTest.session(l, params, 3 * params.length(), 5, t -> 6);
        assertThat(heard.get(0).after()).isEqualTo(TrackGenerator.paperCode(params, new SplittableRandom(5)));
        for (int i = 0; i < heard.size(); i++) {
            boolean first = i % params.length() == 0;
            assertThat(heard.get(i).action().type() == ActionType.COMPOSE).as("track %d", i).isEqualTo(first);
        }
        assertThat(l.updates()).isEqualTo(3L * params.length()); // every rating, the episode's last one too
    }

    /**
     * A learner rebuilt from the stored ratings (the device's restart, undo and learner switch) equals the live
     * one: the same Q-values and the same next edit, although the edit chosen on each episode's last rating is
     * never heard or stored.
     */
    @Test
    void aRebuiltLearnerEqualsTheLiveOne() {
        PaperCodeLearner live = code();
        TrackParams four = params.withLength(4);
        List<Transition> heard = PaperEpisodesTest.session(live, four, 4 * 12 + 2, 21, t -> 1 + t.melody().get(0).pitch() % 10);
        PaperCodeLearner rebuilt = code();
        List<Integer> ratings = new ArrayList<>();
        for (Transition t : heard) {
            int r = 1 + t.after().melody().get(0).pitch() % 10;
            rebuilt.learn(t, Rating.of(r));
            ratings.add(r);
        }
        Map<String, Double> a = new java.util.TreeMap<>();
        Map<String, Double> b = new java.util.TreeMap<>();
        live.table().forEach((k, slot, q) -> a.put(k + "/" + slot, q));
        rebuilt.table().forEach((k, slot, q) -> b.put(k + "/" + slot, q));
        assertThat(b).isEqualTo(a).isNotEmpty();
        assertThat(rebuilt.updates()).isEqualTo(live.updates());
        Track last = heard.get(heard.size() - 1).after();
        assertThat(rebuilt.propose(last, new SplittableRandom(99)).transition())
                .isEqualTo(live.propose(last, new SplittableRandom(98)).transition());
        assertThat(ratings).hasSize(heard.size());
    }
}
