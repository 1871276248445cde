package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrackGeneratorTest {
    @Test
    void drawsPitchesFromTheScaleAndDurationsFromThePapersSet() {
        TrackParams p = TrackParams.defaults().withBaseNote(62).withScale(Scale.MINOR).withLength(16);
        Track t = TrackGenerator.random(p, new SplittableRandom(3));
        assertThat(t.melody()).hasSize(16);
        assertThat(t.melody()).allSatisfy(n -> {
            assertThat(Scale.MINOR.notesFrom(62)).contains(n.pitch());
            assertThat(n.duration()).isIn(0.25, 0.5, 0.75, 1.0);
        });
        double beats = t.startOf(16);
        assertThat(t.percussion()).hasSize((int) Math.round(beats * 4));
        assertThat(t.percussion()).allSatisfy(h -> assertThat(h.key()).isIn(35, 38));
        assertThat(t.percussion().get(3).beat()).isEqualTo(0.75);
        assertThat(t.tempo()).isEqualTo(90);
    }

    @Test
    void theSameSeedMakesTheSameTrack() {
        TrackParams p = TrackParams.defaults();
        assertThat(TrackGenerator.random(p, new SplittableRandom(9))).isEqualTo(TrackGenerator.random(p, new SplittableRandom(9)));
        assertThat(TrackGenerator.random(p, new SplittableRandom(9))).isNotEqualTo(TrackGenerator.random(p, new SplittableRandom(10)));
    }
}
