package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Scale;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;

class ComposerTest {
    private final TrackParams p = TrackParams.defaults().withScale(Scale.DORIAN).withBaseNote(62);
    private final Composer c = new Composer(p);

    private static List<DrumHit> grid(double step, double until) {
        List<DrumHit> out = new ArrayList<>();
        for (double b = 0; b < until; b += step) {
            out.add(new DrumHit(b, 38, 80));
        }
        return out;
    }

    @Test
    void freshTracksKeepTheParametersAndVaryInStyle() {
        SplittableRandom rng = new SplittableRandom(4);
        Set<Long> densities = new HashSet<>();
        double maxRepeats = 0;
        double maxLeaps = 0;
        int inScale = 0;
        int notes = 0;
        for (int i = 0; i < 400; i++) {
            Track t = c.fresh(rng);
            assertThat(t.melody()).hasSizeBetween(1, p.length());
            assertThat(t.tempo()).isEqualTo(p.tempo());
            double[] d = Descriptors.of(t, p);
            densities.add(Math.round(d[Descriptors.NAMES.indexOf("drums-per-beat")] * 8));
            maxRepeats = Math.max(maxRepeats, d[Descriptors.NAMES.indexOf("repeats")]);
            maxLeaps = Math.max(maxLeaps, d[Descriptors.NAMES.indexOf("leaps")]);
            for (var n : t.melody()) {
                inScale += p.scale().contains(p.baseNote(), n.pitch()) ? 1 : 0;
                notes++;
            }
        }
        assertThat(densities).hasSizeGreaterThanOrEqualTo(4); // sixteenths, eighths, quarters, halves
        assertThat(maxRepeats).isGreaterThan(0.6);
        assertThat(maxLeaps).isGreaterThan(0.4);
        assertThat(inScale / (double) notes).isGreaterThan(0.85); // mostly in the session's scale
    }

    @Test
    void variationsStayInsideTheLengthAndNeverEmpty() {
        SplittableRandom rng = new SplittableRandom(5);
        Track t = c.fresh(rng);
        for (int i = 0; i < 2000; i++) {
            t = c.vary(t, 1 + rng.nextInt(3), rng);
            assertThat(t.melody()).hasSizeBetween(1, p.length());
        }
    }

    @Test
    void drumsGetThinnerDenserAndShifted() {
        List<DrumHit> sixteenths = grid(0.25, 4);
        List<DrumHit> eighths = Composer.thinner(sixteenths, false);
        assertThat(eighths).hasSize(8).allMatch(h -> Math.abs(h.beat() * 2 - Math.round(h.beat() * 2)) < 1e-9);
        assertThat(Composer.thinner(sixteenths, true)).hasSize(8).allMatch(h -> h.beat() % 0.5 == 0.25);
        assertThat(Composer.gridOf(eighths)).isEqualTo(0.5);
        assertThat(Composer.denser(eighths, 4)).hasSize(16);
        List<DrumHit> offbeat = Composer.shifted(grid(1, 4), 4);
        assertThat(offbeat).hasSize(4).allMatch(h -> h.beat() % 1 == 0.5);
        assertThat(Composer.shifted(offbeat, 4)).extracting(DrumHit::beat).containsExactly(0.0, 1.0, 2.0, 3.0);
    }
}
