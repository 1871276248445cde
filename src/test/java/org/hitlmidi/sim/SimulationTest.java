package org.hitlmidi.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.hitlmidi.device.HeadlessSession;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;

class SimulationTest {
    private static Simulation.Config config(int episodes, int seeds, RaterFactory raters) {
        var p = Presets.builtInOnly();
        return new Simulation.Config("paper", s -> HeadlessSession.open(p, "paper", TrackParams.defaults(), s), raters,
                "test", TrackParams.defaults(), episodes, seeds, 8, 1, 2);
    }

    @Test
    void ratingsToTargetIsTheFirstWindowWhoseMeanReachesIt() {
        List<Rating> r = List.of(5, 8, 8, 8, 9, 9, 2).stream().map(Rating::of).toList();
        assertThat(SeedRun.ratingsToTarget(r, 8, 5)).isEqualTo(6);
        assertThat(SeedRun.ratingsToTarget(r, 9.5, 5)).isNull();
        assertThat(SeedRun.ratingsToTarget(r.subList(0, 4), 1, 5)).isNull(); // fewer than 5 ratings never reach it
    }

    @Test
    void aRunWithTheBuiltInListenerReportsEverythingTheJsonPromises() throws Exception {
        var profile = Presets.builtInOnly().load(org.hitlmidi.sim.RaterConfig.KIND, "stepwise-singer");
        Simulation.Result r = Simulation.run(config(40, 3, s -> new ProfileRater(profile, s)), d -> { });
        JsonNode j = r.toJson();
        assertThat(j.get("runs")).hasSize(3);
        assertThat(j.get("runs").get(0).get("ratings")).hasSize(40);
        assertThat(j.get("runs").get(0).has("ratingsToTarget")).isTrue();
        assertThat(j.get("runs").get(0).get("subRatings").get(0).has("musicality")).isTrue();
        JsonNode s = j.get("summary");
        for (String f : List.of("medianRatingsToTarget", "meanFirst30", "meanLast30", "qTableEntries", "wallTimeMs")) {
            assertThat(s.has(f)).as(f).isTrue();
        }
        assertThat(s.get("qTableEntries").asDouble()).isBetween(1.0, 40.0);
        assertThat(r.summaryLine()).contains("median ratingsToTarget");
    }

    @Test
    void seedsAreReproducibleAndIndependentOfParallelism() throws Exception {
        var profile = Presets.builtInOnly().load(org.hitlmidi.sim.RaterConfig.KIND, "groove-drummer");
        var a = Simulation.run(config(30, 4, s -> new ProfileRater(profile, s)), d -> { });
        var cfg = config(30, 4, s -> new ProfileRater(profile, s));
        var b = Simulation.run(new Simulation.Config(cfg.learnerName(), cfg.sessions(), cfg.raters(), cfg.raterName(),
                cfg.params(), 30, 4, 8, 1, 1), d -> { });
        assertThat(a.runs()).extracting(SeedRun::ratings).isEqualTo(b.runs().stream().map(SeedRun::ratings).toList());
    }

    @Test
    void aFailingRaterStopsTheRunWithItsMessage() {
        assertThatThrownBy(() -> Simulation.run(config(5, 2, s -> {
            throw new RaterException("rater 'x' ended without answering");
        }), d -> { })).isInstanceOf(RaterException.class).hasMessageContaining("rater 'x'");
    }

    @Test
    void theMemoryFigureIsMeasured() {
        JsonNode m = Bench.memory(20_000);
        assertThat(m.get("qTableEntries").asLong()).isGreaterThanOrEqualTo(20_000);
        assertThat(m.get("bytesPerEntry").asLong()).isBetween(8L, 2_000L);
    }
}
