package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.RewardModelLearner;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SignalRecord;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Skips, keeps, exports and the exploration override survive a restart: a device restarted from the same
 * SQLite file has the learner of the device that was never stopped, and proposes the same next tracks.
 */
class FeedbackResumeTest {
    @TempDir
    Path dir;

    private DeviceRunner start(long seed) throws Exception {
        return DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                Profile.DEFAULT, "synth", Optional.empty(), OptionalLong.of(seed), false, null), PortOutputs::open);
    }

    /** What a learner would do next from a few tracks, each with its own seeded random source. */
    private static List<Transition> proposals(Learner l) {
        List<Transition> out = new ArrayList<>();
        for (int s = 1; s <= 6; s++) {
            Track from = TrackGenerator.random(TrackParams.defaults(), new SplittableRandom(100 + s));
            out.add(l.propose(from, new SplittableRandom(s)).transition());
        }
        return out;
    }

    private static ObjectNode exploration(double e) {
        return Protocol.nodes().objectNode().put("exploration", e);
    }

    /** Part ratings for the current track: the first two parts it plays get {@code a} and {@code b}. */
    private static java.util.Map<org.hitlmidi.music.Part, Integer> partsOf(Device d, int a, int b) {
        java.util.Map<org.hitlmidi.music.Part, Integer> out = new java.util.EnumMap<>(org.hitlmidi.music.Part.class);
        int[] v = {a, b};
        for (org.hitlmidi.music.Part p : d.currentForTest().track().parts()) {
            if (out.size() < 2) {
                out.put(p, v[out.size()]);
            }
        }
        return out;
    }

    @Test
    void aRestartedDeviceHasTheLearnerAndExplorationOfTheUninterruptedOne() throws Exception {
        double[] liveMean;
        java.util.Map<org.hitlmidi.music.Part, double[]> livePartMeans = new java.util.EnumMap<>(org.hitlmidi.music.Part.class);
        java.util.Map<org.hitlmidi.music.Part, Long> livePartRatings = new java.util.EnumMap<>(org.hitlmidi.music.Part.class);
        List<Transition> liveNext;
        ObjectNode liveParams;
        long liveUpdates;
        try (DeviceRunner r = start(11)) {
            Device d = r.device();
            assertThat(d.status().path("learner").asText()).isEqualTo(Learners.DEFAULT);
            d.rate(Rating.of(7), "test", Optional.empty(), true);
            d.next();
            d.rate(Rating.of(3).withParts(partsOf(d, 2, 9)), "test", Optional.empty(), true);
            d.keep("a keeper");
            d.next();
            d.params(Protocol.nodes().objectNode().set("exploration", Protocol.nodes().numberNode(0.8)));
            d.rate(Rating.of(9).withParts(partsOf(d, 8, 4)), "test", Optional.empty(), true);
            d.export(java.nio.file.Files.createDirectories(dir.resolve("out")).resolve("t.mid"), Optional.empty());
            d.next();
            d.rate(Rating.of(2), "test", Optional.empty(), true);
            d.next();
            d.undo(); // the rating of 2 goes; the skip after it stays
            d.keep("");
            d.rate(Rating.of(6), "test", Optional.empty(), false);
            RewardModelLearner live = (RewardModelLearner) d.learnerForTest();
            liveMean = live.model().mean();
            for (org.hitlmidi.music.Part p : org.hitlmidi.music.Part.values()) {
                livePartMeans.put(p, live.partMean(p));
                livePartRatings.put(p, live.partRatings(p));
            }
            liveUpdates = live.updates();
            liveNext = proposals(live);
            liveParams = (ObjectNode) d.status().get("params");
        }
        assertThat(liveParams.path("exploration").asDouble()).isEqualTo(0.8);
        assertThat(liveUpdates).isEqualTo(4);

        List<RatingRecord> ratings;
        List<SignalRecord> signals;
        try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) {
            long p = s.profile(Profile.DEFAULT).orElseThrow().id();
            ratings = s.ratings(p, false);
            signals = s.signals(p);
        }
        assertThat(ratings).extracting(x -> x.rating().overall()).containsExactly(7, 3, 9, 6);
        assertThat(ratings.get(1).rating().parts()).as("the part ratings are stored with their rating").isNotEmpty();
        assertThat(livePartRatings.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(ratings.get(1).rating().parts().size() + ratings.get(2).rating().parts().size());
        assertThat(signals).extracting(x -> x.signal().id())
                .containsExactly("skip", "keep", "skip", "export", "skip", "skip", "keep");

        try (DeviceRunner r = start(12)) {
            Device d = r.device();
            RewardModelLearner rebuilt = (RewardModelLearner) d.learnerForTest();
            assertThat(d.status().get("params")).isEqualTo(liveParams);
            assertThat(rebuilt.updates()).isEqualTo(liveUpdates);
            assertThat(rebuilt.model().mean()).containsExactly(liveMean);
            for (org.hitlmidi.music.Part p : org.hitlmidi.music.Part.values()) {
                assertThat(rebuilt.partRatings(p)).as(p + " ratings replayed").isEqualTo(livePartRatings.get(p));
                assertThat(rebuilt.partMean(p)).as(p + " head").containsExactly(livePartMeans.get(p));
            }
            assertThat(proposals(rebuilt)).isEqualTo(liveNext);
        }

        // the check can fail: the same ratings without the signals, or without the exploration, make another learner
        Presets presets = new Presets(Optional.of(dir.resolve("data")));
        Learner ratingsOnly = Learners.build(presets.load(org.hitlmidi.learn.LearnerConfig.KIND, Learners.DEFAULT).withExploration(0.8),
                new Edits(EditRules.PAPER), TrackParams.defaults());
        ratings.forEach(x -> ratingsOnly.learn(x.transition(), x.rating()));
        // and the same feedback without the part ratings leaves the part heads at their prior: what the rebuilt heads
        // equal is what the part ratings taught
        Learner noParts = Learners.build(presets.load(org.hitlmidi.learn.LearnerConfig.KIND, Learners.DEFAULT).withExploration(0.8),
                new Edits(EditRules.PAPER), TrackParams.defaults());
        org.hitlmidi.store.Feedback.replay(org.hitlmidi.store.Feedback.merge(ratings.stream().map(x -> new RatingRecord(
                x.id(), x.profileId(), x.sessionId(), x.time(), x.learner(), x.rating().withParts(java.util.Map.of()),
                x.transition(), x.source(), x.undone(), x.params())).toList(), signals), noParts);
        assertThat(((RewardModelLearner) noParts).model().mean()).containsExactly(liveMean);
        for (org.hitlmidi.music.Part p : ratings.get(1).rating().parts().keySet()) {
            assertThat(((RewardModelLearner) noParts).partMean(p)).as(p + " head without its ratings")
                    .isNotEqualTo(livePartMeans.get(p));
        }
        assertThat(((RewardModelLearner) ratingsOnly).model().mean()).isNotEqualTo(liveMean);
        Learner presetExploration = Learners.build(presets.load(org.hitlmidi.learn.LearnerConfig.KIND, Learners.DEFAULT),
                new Edits(EditRules.PAPER), TrackParams.defaults());
        org.hitlmidi.store.Feedback.replay(org.hitlmidi.store.Feedback.merge(ratings, signals), presetExploration);
        assertThat(((RewardModelLearner) presetExploration).model().mean()).containsExactly(liveMean);
        assertThat(proposals(presetExploration)).isNotEqualTo(liveNext);
    }

    @Test
    void anExplorationSetBackToTheDefaultStaysSoAfterARestart() throws Exception {
        try (DeviceRunner r = start(3)) {
            r.device().params(exploration(0.4));
            assertThat(r.device().status().path("params").path("exploration").asDouble()).isEqualTo(0.4);
        }
        try (DeviceRunner r = start(3)) {
            assertThat(r.device().status().path("params").path("exploration").asDouble()).isEqualTo(0.4);
            r.device().params(Protocol.nodes().objectNode().putNull("exploration"));
        }
        try (DeviceRunner r = start(3)) {
            assertThat(r.device().status().path("params").path("exploration").isNull()).isTrue();
        }
    }
}
