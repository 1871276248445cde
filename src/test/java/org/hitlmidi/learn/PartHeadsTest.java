package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;

/**
 * The part heads exactly: each part rating is one observation of its part's own Bayesian regression (followed here
 * on models the test builds with the same prior), and a track's part term is {@code weight x (the head's value of
 * its part - the listener's mean rating of that part)} over the rated parts it plays; the flat weights the elite
 * index reads give the same term; Thompson draws per observed head in part order.
 */
class PartHeadsTest {
    private static final TrackParams P = TrackParams.defaults();
    private static final double WEIGHT = 1.5;
    private static final double PRIOR_MEAN = 5.5;
    private static final double PRIOR_SD = 3;
    private static final double WEIGHT_SD = 1;
    private static final double NOISE_SD = 1.5;

    private static PartHeads heads() {
        return new PartHeads(WEIGHT, PRIOR_MEAN, PRIOR_SD, WEIGHT_SD, NOISE_SD);
    }

    /** The test's own model of one part's head: the same prior, observed at the part's own features. */
    private static final class Model {
        final Part part;
        final FeatureBasis basis;
        final BayesLinear model;
        double sum;
        int count;

        Model(Part part) {
            this.part = part;
            this.basis = new FeatureBasis(PartDescriptors.names(part), PartDescriptors::binary);
            double[] m0 = new double[basis.size()];
            double[] s0 = new double[basis.size()];
            java.util.Arrays.fill(s0, WEIGHT_SD);
            m0[0] = PRIOR_MEAN;
            s0[0] = PRIOR_SD;
            this.model = new BayesLinear(m0, s0, NOISE_SD);
        }

        double[] phi(Track t) {
            return basis.expand(PartDescriptors.of(part, t, P));
        }

        void observe(Track t, int v) {
            model.observe(phi(t), v, 1);
            sum += v;
            count++;
        }
    }

    private static List<Track> tracks(int n, long seed) {
        Composer c = new Composer(P);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Track> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(c.fresh(rng));
        }
        return out;
    }

    /** The part term as the class's text gives it, from the test's models. */
    private static double term(Map<Part, Model> models, Track t) {
        double s = 0;
        for (Part p : Part.values()) {
            Model m = models.get(p);
            if (m != null && m.count > 0 && t.parts().contains(p)) {
                s += WEIGHT * (m.model.predict(m.phi(t)) - m.sum / m.count);
            }
        }
        return s;
    }

    @Test
    void aPartRatingTeachesOnlyItsOwnPartsHead() {
        PartHeads h = heads();
        List<Track> ts = tracks(12, 1);
        Track t = ts.stream().filter(x -> x.parts().contains(Part.BASS)).findFirst().orElseThrow();
        assertThat(h.active()).isFalse();
        assertThat(h.mean(h.features(t, P))).isZero();
        h.observe(t, P, Rating.of(6)); // no part ratings: nothing observed
        assertThat(h.active()).isFalse();
        h.observe(t, P, Rating.of(6).withParts(Map.of(Part.BASS, 3)));
        assertThat(h.active()).isTrue();
        assertThat(h.ratings(Part.BASS)).isEqualTo(1);
        assertThat(h.ratings(Part.MELODY)).isZero();
        assertThat(h.ratings(Part.DRUMS)).isZero();
        Model bass = new Model(Part.BASS);
        bass.observe(t, 3);
        assertThat(h.mean(Part.BASS)).containsExactly(bass.model.mean(), within(1e-12));
        assertThat(h.mean(Part.MELODY)).containsExactly(new Model(Part.MELODY).model.mean(), within(1e-12));
        assertThat(h.predict(Part.BASS, t, P)).isCloseTo(bass.model.predict(bass.phi(t)), within(1e-12));
    }

    @Test
    void aRatingOfAPartTheTrackDoesNotPlayIsIgnored() {
        PartHeads h = heads();
        Track noChords = new Track(List.of(new org.hitlmidi.music.Note(60, 0.5), new org.hitlmidi.music.Note(64, 1)),
                List.of(new org.hitlmidi.music.DrumHit(0, 36, 90)), 100); // a paper track: melody and drums
        assertThat(noChords.parts()).doesNotContain(Part.CHORDS);
        h.observe(noChords, P, Rating.of(5).withParts(Map.of(Part.CHORDS, 9)));
        assertThat(h.ratings(Part.CHORDS)).isZero();
        assertThat(h.active()).isFalse();
        assertThat(h.features(noChords, P).phi[Part.CHORDS.ordinal()]).isNull();
    }

    @Test
    void theTermTheFlatWeightsAndTheVarianceFollowTheHeads() {
        PartHeads h = heads();
        Map<Part, Model> models = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            models.put(p, new Model(p));
        }
        List<Track> ts = tracks(30, 3);
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 20; i++) {
            Track t = ts.get(i);
            Map<Part, Integer> parts = new EnumMap<>(Part.class);
            if (t.parts().contains(Part.BASS)) {
                parts.put(Part.BASS, 1 + rng.nextInt(10));
            }
            if (i % 3 == 0 && t.parts().contains(Part.MELODY)) {
                parts.put(Part.MELODY, 1 + rng.nextInt(10));
            }
            if (parts.isEmpty()) {
                continue;
            }
            h.observe(t, P, Rating.of(5).withParts(parts));
            parts.forEach((p, v) -> models.get(p).observe(t, v));
        }
        assertThat(h.ratings(Part.BASS)).isEqualTo(models.get(Part.BASS).count).isGreaterThan(5);
        assertThat(h.ratings(Part.MELODY)).isEqualTo(models.get(Part.MELODY).count).isGreaterThan(2);
        for (Track t : ts) {
            PartHeads.Features f = h.features(t, P);
            double expected = term(models, t);
            assertThat(h.mean(f)).isCloseTo(expected, within(1e-9));
            double[] constants = new double[PartHeads.partCount()];
            double[][] w = h.flatWeights(constants);
            double flat = 0;
            for (int p = 0; p < w.length; p++) {
                if (w[p] != null && f.phi[p] != null) {
                    flat += BayesLinear.dot(w[p], f.phi[p]) + constants[p];
                }
            }
            assertThat(flat).isCloseTo(expected, within(1e-9));
            assertThat(w[Part.CHORDS.ordinal()]).isNull(); // never rated
            assertThat(constants[Part.BASS.ordinal()]).isCloseTo(
                    -WEIGHT * models.get(Part.BASS).sum / models.get(Part.BASS).count, within(1e-12));
            double variance = 0;
            for (Part p : List.of(Part.MELODY, Part.BASS)) {
                if (t.parts().contains(p)) {
                    Model m = models.get(p);
                    variance += WEIGHT * WEIGHT * m.model.variance(m.phi(t));
                }
            }
            assertThat(h.variance(f)).isCloseTo(variance, within(1e-9));
        }
    }

    @Test
    void thompsonDrawsOncePerObservedHeadInPartOrder() {
        PartHeads h = heads();
        Map<Part, Model> models = new EnumMap<>(Part.class);
        List<Track> ts = tracks(20, 4);
        for (Track t : ts) {
            if (t.parts().contains(Part.BASS) && t.parts().contains(Part.DRUMS)) {
                h.observe(t, P, Rating.of(5).withParts(Map.of(Part.BASS, 2, Part.DRUMS, 9)));
                models.computeIfAbsent(Part.BASS, Model::new).observe(t, 2);
                models.computeIfAbsent(Part.DRUMS, Model::new).observe(t, 9);
            }
        }
        assertThat(models).containsKeys(Part.BASS, Part.DRUMS);
        PartHeads.Step step = h.new Step(true, new SplittableRandom(11));
        SplittableRandom same = new SplittableRandom(11);
        double[] bass = models.get(Part.BASS).model.sample(same);
        double[] drums = models.get(Part.DRUMS).model.sample(same);
        for (Track t : ts) {
            PartHeads.Features f = h.features(t, P);
            double expected = 0;
            if (t.parts().contains(Part.BASS)) {
                expected += WEIGHT * (BayesLinear.dot(bass, models.get(Part.BASS).phi(t)) - 2);
            }
            if (t.parts().contains(Part.DRUMS)) {
                expected += WEIGHT * (BayesLinear.dot(drums, models.get(Part.DRUMS).phi(t)) - 9);
            }
            assertThat(step.sampled(f)).isCloseTo(expected, within(1e-9));
        }
        // not Thompson: nothing drawn
        SplittableRandom untouched = new SplittableRandom(11);
        h.new Step(false, untouched);
        assertThat(untouched.nextLong()).isEqualTo(new SplittableRandom(11).nextLong());
    }

    @Test
    void aZeroWeightIsNeverActiveAndANegativeOneIsRefused() {
        PartHeads h = new PartHeads(0, PRIOR_MEAN, PRIOR_SD, WEIGHT_SD, NOISE_SD);
        Track t = tracks(1, 5).get(0);
        Part any = t.parts().iterator().next();
        h.observe(t, P, Rating.of(5).withParts(Map.of(any, 8)));
        assertThat(h.ratings(any)).isEqualTo(1);
        assertThat(h.active()).isFalse();
        double[] constants = new double[PartHeads.partCount()];
        assertThat(java.util.Arrays.asList(h.flatWeights(constants))).containsOnlyNulls();
        assertThatThrownBy(() -> new PartHeads(-0.1, PRIOR_MEAN, PRIOR_SD, WEIGHT_SD, NOISE_SD))
                .hasMessageContaining("part weight");
        assertThatThrownBy(() -> new PartHeads(Double.NaN, PRIOR_MEAN, PRIOR_SD, WEIGHT_SD, NOISE_SD))
                .hasMessageContaining("part weight");
    }

    @Test
    void aCopyAndAWrittenImageLearnOnTheirOwn() throws IOException {
        PartHeads h = heads();
        List<Track> ts = tracks(10, 6);
        Track t = ts.stream().filter(x -> x.parts().contains(Part.BASS)).findFirst().orElseThrow();
        h.observe(t, P, Rating.of(5).withParts(Map.of(Part.BASS, 4)));
        PartHeads c = h.copy();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h.write(new DataOutputStream(bytes));
        PartHeads read = heads();
        read.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (PartHeads x : List.of(c, read)) {
            assertThat(x.ratings(Part.BASS)).isEqualTo(1);
            assertThat(x.mean(Part.BASS)).containsExactly(h.mean(Part.BASS));
            assertThat(x.mean(x.features(t, P))).isEqualTo(h.mean(h.features(t, P)));
        }
        c.observe(t, P, Rating.of(5).withParts(Map.of(Part.BASS, 10)));
        assertThat(h.ratings(Part.BASS)).isEqualTo(1);
        assertThat(c.ratings(Part.BASS)).isEqualTo(2);
        assertThat(c.mean(Part.BASS)).isNotEqualTo(h.mean(Part.BASS));
        assertThat(read.ratings(Part.BASS)).isEqualTo(1);
        assertThat(h.parameters()).isEqualTo(java.util.Arrays.stream(Part.values())
                .mapToLong(p -> new FeatureBasis(PartDescriptors.names(p), PartDescriptors::binary).size()).sum());
    }

    @Test
    void anImageWithAnotherPartCountOrABadCountIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeInt(Part.values().length + 1);
        assertThatThrownBy(() -> heads().read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("number of parts");
        // a count below zero, then a sum that is not a number
        for (int bad = 0; bad < 2; bad++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            heads().write(new DataOutputStream(b));
            byte[] image = b.toByteArray();
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(first);
            out.writeInt(Part.values().length);
            new Model(Part.MELODY).model.write(out);
            int at = first.size(); // the melody head's sum, then its count
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(image);
            if (bad == 0) {
                buf.putLong(at + 8, -1);
            } else {
                buf.putDouble(at, Double.NaN);
            }
            assertThatThrownBy(() -> heads().read(new DataInputStream(new ByteArrayInputStream(image))))
                    .isInstanceOf(IOException.class).hasMessageContaining("count or sum");
        }
    }

    /**
     * A heard track's part features are kept as its parts' descriptors (issue 16 item 9: the default learner keeps them
     * for every heard track, and in its snapshot) and expanded back exactly: what {@code features} gives.
     */
    @Test
    void featuresAreKeptAsDescriptorsAndExpandedBackExactly() {
        PartHeads h = heads();
        for (Track t : tracks(5, 8)) {
            PartHeads.Features f = h.features(t, P);
            double[][] raw = new double[Part.values().length][];
            int mask = PartHeads.descriptors(t, P, raw);
            double[] flat = {};
            for (int p = 0; p < raw.length; p++) {
                assertThat((mask & 1 << p) != 0).isEqualTo(raw[p] != null);
                if (raw[p] != null) {
                    assertThat(raw[p]).hasSize(PartHeads.descriptors(p));
                    int at = flat.length;
                    flat = java.util.Arrays.copyOf(flat, at + raw[p].length);
                    System.arraycopy(raw[p], 0, flat, at, raw[p].length);
                }
            }
            PartHeads.Features g = PartHeads.expand(flat, 0, mask);
            for (Part p : Part.values()) {
                assertThat(g.phi[p.ordinal()]).isEqualTo(f.phi[p.ordinal()]);
                assertThat(f.phi[p.ordinal()] != null).isEqualTo(t.parts().contains(p));
            }
        }
    }

    @Test
    void beliefsNameEachRatedPartsStrongestDescriptorsFirst() {
        PartHeads h = heads();
        List<Track> ts = tracks(30, 9);
        int n = 0;
        for (Track t : ts) {
            if (t.parts().contains(Part.BASS)) {
                h.observe(t, P, Rating.of(5).withParts(Map.of(Part.BASS, 1 + (n++ * 3) % 10)));
            }
        }
        List<Explanation.Belief> b = h.beliefs(3, P);
        assertThat(b).hasSize(3).allMatch(x -> x.what().startsWith("bass."));
        for (int i = 1; i < b.size(); i++) {
            assertThat(b.get(i).value()).isLessThanOrEqualTo(b.get(i - 1).value());
        }
        assertThat(b.get(0).detail()).startsWith("bass:").contains(n + " bass ratings");
        assertThat(h.beliefs(1000, P)).hasSize(PartDescriptors.names(Part.BASS).size());
    }
}
