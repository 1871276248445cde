package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.KeyFinder;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Scale;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.sim.TrackFeatures;
import org.junit.jupiter.api.Test;

class DescriptorsTest {
    private static double get(double[] d, String name) {
        return d[Descriptors.NAMES.indexOf(name)];
    }

    @Test
    void aHandMadeTrackHasTheHandComputedDescriptors() {
        Track t = new Track(List.of(new Note(60, 0.5), new Note(62, 0.5), new Note(64, 0.5), new Note(65, 0.5),
                new Note(67, 0.5), new Note(60, 1.0)), List.of(new DrumHit(0, 38, 80), new DrumHit(1, 38, 80),
                new DrumHit(2, 38, 80)), 90);
        double[] d = Descriptors.of(t, TrackParams.defaults());
        assertThat(get(d, "repeats")).isZero();
        assertThat(get(d, "steps")).isCloseTo(0.8, within(1e-12)); // +2 +2 +1 +2 of +2 +2 +1 +2 -7
        assertThat(get(d, "leaps")).isZero(); // a fifth down is 7 semitones, not a leap
        assertThat(get(d, "rising")).isCloseTo(0.8, within(1e-12));
        assertThat(get(d, "range")).isCloseTo(7 / 24.0, within(1e-12));
        assertThat(get(d, "in-scale")).isEqualTo(1);
        assertThat(get(d, "on-beat")).isCloseTo(0.5, within(1e-12)); // onsets 0 .5 1 1.5 2 2.5
        assertThat(get(d, "on-eighth")).isEqualTo(1);
        assertThat(get(d, "note-lengths")).isCloseTo(0.5, within(1e-12)); // 2 of 4 lengths
        assertThat(get(d, "mean-length")).isCloseTo(3.5 / 6, within(1e-12));
        assertThat(get(d, "notes")).isCloseTo(6 / 8.0, within(1e-12));
        assertThat(get(d, "drums-per-beat")).isCloseTo(3 / 3.5 / 4, within(1e-12));
        assertThat(get(d, "drums-on-beat")).isEqualTo(1);
        assertThat(get(d, "register")).isCloseTo(0.5 + 3 / 24.0, within(1e-12)); // mean pitch 63
        assertThat(get(d, "arch")).isEqualTo(1);
        assertThat(get(d, "ends-on-tonic")).isEqualTo(KeyFinder.of(t.melody()).tonic() == 0 ? 1 : 0);
        // in another key the same notes are partly out of scale
        double[] dFlat = Descriptors.of(t, TrackParams.defaults().withBaseNote(61).withScale(Scale.MAJOR));
        assertThat(get(dFlat, "in-scale")).isCloseTo(3 / 6.0, within(1e-12)); // in D flat major only C, F, C
    }

    @Test
    void aComposedTracksNotesDescriptorIsItsDensityNotTheSaturatedPaperCount() {
        TrackParams p = TrackParams.defaults();
        org.hitlmidi.music.SongComposer song = new org.hitlmidi.music.SongComposer(p);
        org.hitlmidi.music.Sketch s = song.randomSketch(new SplittableRandom(4));
        Track sparse = song.compose(s.withDensity(0));
        Track busy = song.compose(s.withDensity(3));
        double a = get(Descriptors.of(sparse, p), "notes");
        double b = get(Descriptors.of(busy, p), "notes");
        assertThat(a).isCloseTo(sparse.melody().size() / sparse.lengthBeats() / 2, within(1e-12));
        assertThat(b).isCloseTo(busy.melody().size() / busy.lengthBeats() / 2, within(1e-12));
        assertThat(b - a).as("a busy track reads busier than a sparse one").isGreaterThan(0.3);
    }

    @Test
    void sharedDescriptorsAgreeWithTheSimulatedListenersFeatures() {
        SplittableRandom rng = new SplittableRandom(3);
        TrackParams p = TrackParams.defaults();
        Composer c = new Composer(p);
        for (int i = 0; i < 300; i++) {
            Track t = i % 2 == 0 ? TrackGenerator.random(p, rng) : c.vary(c.fresh(rng), 3, rng);
            double[] d = Descriptors.of(t, p);
            Map<String, Double> f = TrackFeatures.of(t);
            assertThat(get(d, "tonality")).isCloseTo(f.get("tonality"), within(1e-12));
            assertThat(get(d, "repeats")).isCloseTo(f.get("repeats"), within(1e-12));
            assertThat(get(d, "steps")).isCloseTo(f.get("stepwise"), within(1e-12));
            assertThat(get(d, "leaps")).isCloseTo(f.get("leaps"), within(1e-12));
            assertThat(get(d, "on-eighth")).isCloseTo(f.get("on_grid"), within(1e-12));
            assertThat(get(d, "arch")).isEqualTo(f.get("arch"));
            assertThat(get(d, "ends-on-tonic")).isEqualTo(f.get("ends_on_tonic"));
            assertThat(get(d, "range") * 24).isCloseTo(Math.min(36, f.get("range")), within(1e-9));
            assertThat(get(d, "note-lengths") * 4).isCloseTo(f.get("durations"), within(1e-9));
            assertThat(get(d, "drums-per-beat") * 4).isCloseTo(Math.min(6, f.get("drums_per_beat")), within(1e-9));
            assertThat(get(d, "drums-on-beat")).isCloseTo(f.get("drums_on_beat"), within(1e-12));
        }
    }

    @Test
    void theBasisHasABiasLinearTermsAndQuadraticTermsForNonBinaryDescriptors() {
        FeatureBasis b = new FeatureBasis();
        assertThat(b.size()).isEqualTo(1 + Descriptors.SIZE + Descriptors.SIZE - Descriptors.BINARY.size());
        double[] x = new double[Descriptors.SIZE];
        x[0] = 1; // tonality 1 -> u = 1, P2 = 1
        x[1] = 0.5; // in-scale 0.5 -> u = 0, P2 = -1/2
        double[] phi = b.expand(x);
        assertThat(phi[0]).isEqualTo(1);
        assertThat(phi[1]).isEqualTo(1);
        assertThat(phi[b.quadraticIndex(0)]).isEqualTo(1);
        assertThat(phi[2]).isEqualTo(0);
        assertThat(phi[b.quadraticIndex(1)]).isEqualTo(-0.5);
        assertThat(b.quadraticIndex(Descriptors.NAMES.indexOf("arch"))).isEqualTo(-1);
        assertThat(b.names()).hasSize(b.size()).contains("bias", "range", "range^2");
    }
}
