package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.SessionLoop;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Preset;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.sim.ProfileRater;
import org.hitlmidi.sim.SeedRun;
import org.hitlmidi.sim.Simulation;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code simulate} and the device are one session core (issue 12): a simulation of one seed and a real device (SQLite
 * file in a data dir, the synth backend, its control table) started with the same seed on a profile of the same
 * learner and parameters, given the same listener's ratings, play the same tracks in the same order and end with the
 * same learner, field by field. Fails if either grows a step of its own (another order of learning and proposing,
 * another way to build the learner or to begin an episode).
 */
class SimulateDeviceCoreTest {
    private static final int RATINGS = 24;
    private static final long SEED = 7;
    private static final Presets PRESETS = Presets.builtInOnly();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"taste-model", "paper"})
    void aSimulationPlaysAndLearnsWhatTheDeviceDoesFromTheSameRatings(String learner) throws Exception {
        TrackParams params = TrackParams.defaults();
        org.hitlmidi.sim.RaterConfig listener = PRESETS.load(org.hitlmidi.sim.RaterConfig.KIND, "stepwise-singer");
        // the simulation, with what each seed's session played and its learner at the end seen from outside
        List<Track> simTracks = new ArrayList<>();
        Learner[] simLearner = new Learner[1];
        SessionLoop.Factory sessions = s -> new Watched(HeadlessSession.open(PRESETS, learner, params, s), simTracks,
                simLearner);
        Simulation.Result r = Simulation.run(new Simulation.Config(learner, sessions, x -> new ProfileRater(listener, x),
                "builtin:stepwise-singer", params, RATINGS, 1, 8, SEED, 1), d -> { });
        SeedRun run = r.runs().get(0);

        // the device, rated by the same listener (seed 0 of the run) as it plays
        try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) {
            s.createProfile(Profile.DEFAULT, learner, params);
        }
        DeviceRunner d = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                Profile.DEFAULT, "synth", Optional.empty(), OptionalLong.of(SEED), false, null), PortOutputs::open);
        try (ProfileRater rater = new ProfileRater(listener, 0)) {
            for (int i = 0; i < RATINGS; i++) {
                Track t = d.device().currentForTest().track();
                assertThat(t).as("track %d", i + 1).isEqualTo(simTracks.get(i));
                Rating rating = rater.rate(t, dir.resolve("t.mid"));
                assertThat(rating).as("rating %d", i + 1).isEqualTo(run.ratings().get(i));
                d.device().rate(rating, "test", Optional.empty(), i + 1 < RATINGS);
            }
            assertThat(d.device().learnerForTest()).usingRecursiveComparison(SessionPropertyTest.COMPARISON)
                    .isEqualTo(simLearner[0]);
            assertThat(d.device().learnerForTest().explain(10)).isEqualTo(run.explanation());
        } finally {
            d.close();
        }
    }

    /** A session whose tracks and learner the test sees. */
    private record Watched(SessionLoop s, List<Track> tracks, Learner[] seen) implements SessionLoop {
        @Override
        public Track current() {
            Track t = s.current();
            tracks.add(t);
            return t;
        }

        @Override
        public void rate(Rating rating, boolean next) {
            s.rate(rating, next);
        }

        @Override
        public Learner learner() {
            seen[0] = s.learner();
            return seen[0];
        }

        @Override
        public void close() {
            s.close();
        }
    }
}
