package org.hitlmidi.learn;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * What part ratings teach a reward model: one Bayesian linear head per part, each a regression of that part's
 * ratings on that part's own {@link PartDescriptors} (bias, then per descriptor the Legendre terms 2x-1 and
 * (3(2x-1)^2-1)/2, as {@link FeatureBasis}). "The bass: 3" is an observation of the bass head only, at the bass
 * line's features: it teaches which bass lines this listener dislikes, and nothing about the melody.
 *
 * <p>A candidate's value is the overall model's plus, for each part it plays whose head has seen ratings,
 * {@code weight} x (the head's value of its part - the listener's mean rating of that part so far): a bass line
 * predicted 3 points under the listener's usual bass rating costs the track {@code 3 x weight} points. Thompson
 * sampling draws each head's weights as it draws the overall model's; UCB adds the heads' variances (times
 * {@code weight^2}). A head with no rating yet adds nothing and draws nothing, so a session without part ratings
 * is scored, and draws its random numbers, exactly as before.
 */
final class PartHeads {
    private static final Part[] PARTS = Part.values();

    private final double weight;
    private final Map<Part, Head> heads = new EnumMap<>(Part.class);

    private static final class Head {
        final Part part;
        final List<String> names;
        final FeatureBasis basis;
        final BayesLinear model;
        double sum;
        long count;

        Head(Part part, double priorMean, double priorSd, double weightSd, double noiseSd) {
            this.part = part;
            this.names = PartDescriptors.names(part);
            this.basis = new FeatureBasis(names, PartDescriptors::binary);
            double[] m0 = new double[basis.size()];
            double[] s0 = new double[basis.size()];
            java.util.Arrays.fill(s0, weightSd);
            m0[0] = priorMean;
            s0[0] = priorSd;
            this.model = new BayesLinear(m0, s0, noiseSd);
        }

        double[] phi(Track t, TrackParams p) {
            return basis.expand(PartDescriptors.of(part, t, p));
        }

        /** A copy that observes on its own (the names and layout shared: never written after). */
        Head copy() {
            return new Head(this);
        }

        private Head(Head o) {
            this.part = o.part;
            this.names = o.names;
            this.basis = o.basis;
            this.model = o.model.copy();
            this.sum = o.sum;
            this.count = o.count;
        }

        double meanRating() {
            return sum / count;
        }
    }

    /** The part features of one track, per part it plays (null for a part it does not play). */
    static final class Features {
        final double[][] phi = new double[PARTS.length][];
    }

    /** The scores of one proposal step: one draw per observed head under Thompson sampling. */
    final class Step {
        private final double[][] draws = new double[PARTS.length][];

        Step(boolean thompson, RandomGenerator rng) {
            if (thompson) {
                for (Part p : PARTS) {
                    Head h = heads.get(p);
                    if (h.count > 0) {
                        draws[p.ordinal()] = h.model.sample(rng);
                    }
                }
            }
        }

        /** The parts' term under this step's draws (Thompson). */
        double sampled(Features f) {
            double s = 0;
            for (Part p : PARTS) {
                Head h = heads.get(p);
                double[] phi = f.phi[p.ordinal()];
                if (h.count > 0 && phi != null) {
                    s += weight * (BayesLinear.dot(draws[p.ordinal()], phi) - h.meanRating());
                }
            }
            return s;
        }
    }

    PartHeads(double weight, double priorMean, double priorSd, double weightSd, double noiseSd) {
        if (!(weight >= 0)) {
            throw new IllegalArgumentException("part weight " + weight + " must be >= 0");
        }
        this.weight = weight;
        for (Part p : PARTS) {
            heads.put(p, new Head(p, priorMean, priorSd, weightSd, noiseSd));
        }
    }

    private PartHeads(PartHeads o) {
        this.weight = o.weight;
        o.heads.forEach((p, h) -> heads.put(p, h.copy()));
    }

    /** Writes what the heads learned, part by part ({@link RewardModelLearner#image}). */
    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(PARTS.length);
        for (Part p : PARTS) {
            Head h = heads.get(p);
            h.model.write(out);
            out.writeDouble(h.sum);
            out.writeLong(h.count);
        }
    }

    /** Reads what {@link #write} wrote into these (fresh) heads. */
    void read(java.io.DataInput in) throws java.io.IOException {
        if (in.readInt() != PARTS.length) {
            throw new java.io.IOException("another number of parts");
        }
        for (Part p : PARTS) {
            Head h = heads.get(p);
            h.model.read(in);
            h.sum = in.readDouble();
            h.count = in.readLong();
            if (h.count < 0 || !Double.isFinite(h.sum)) {
                throw new java.io.IOException("a part head's count or sum is not one");
            }
        }
    }

    /** Each part's basis, as every head's (a pure function of the part's descriptor names). */
    private static final FeatureBasis[] BASES = new FeatureBasis[PARTS.length];

    static {
        for (Part p : PARTS) {
            BASES[p.ordinal()] = new FeatureBasis(PartDescriptors.names(p), PartDescriptors::binary);
        }
    }

    /** How many descriptors part {@code ordinal} has (its features before the basis expands them). */
    static int descriptors(int ordinal) {
        return PartDescriptors.names(PARTS[ordinal]).size();
    }

    /**
     * The part descriptors of {@code t}, unexpanded, after {@code into}'s first {@code at} numbers, part by part of the
     * parts it plays (bit {@code ordinal} of the returned mask): about half the numbers of its {@link Features}, which
     * {@link #expand} gives back exactly (issue 16 item 9: a heard track's features were a third of the heap).
     */
    static int descriptors(Track t, TrackParams params, double[][] into) {
        int mask = 0;
        for (Part p : t.parts()) {
            into[p.ordinal()] = PartDescriptors.of(p, t, params);
            mask |= 1 << p.ordinal();
        }
        return mask;
    }

    /** The features {@link #features} gives, from the descriptors {@code flat} holds from {@code at} for {@code mask}. */
    static Features expand(double[] flat, int at, int mask) {
        Features f = new Features();
        for (int p = 0; p < PARTS.length; p++) {
            if ((mask & 1 << p) != 0) {
                int n = descriptors(p);
                f.phi[p] = BASES[p].expand(java.util.Arrays.copyOfRange(flat, at, at + n));
                at += n;
            }
        }
        return f;
    }

    /** A copy that learns on its own (the device's checkpoints, issue 16). */
    PartHeads copy() {
        return new PartHeads(this);
    }

    /** True once some part was rated: only then do candidates need their part features. */
    boolean active() {
        if (weight == 0) {
            return false;
        }
        for (Head h : heads.values()) {
            if (h.count > 0) {
                return true;
            }
        }
        return false;
    }

    Features features(Track t, TrackParams params) {
        Features f = new Features();
        for (Part p : t.parts()) {
            f.phi[p.ordinal()] = heads.get(p).phi(t, params);
        }
        return f;
    }

    /** Each part rating of {@code r} whose part {@code t} plays is one observation of that part's head. */
    void observe(Track t, TrackParams params, Rating r) {
        if (r.parts().isEmpty()) {
            return;
        }
        java.util.Set<Part> plays = t.parts();
        r.parts().forEach((p, v) -> {
            if (plays.contains(p)) {
                Head h = heads.get(p);
                h.model.observe(h.phi(t, params), v, 1);
                h.sum += v;
                h.count++;
            }
        });
    }

    /** The parts' term under the posterior means. */
    double mean(Features f) {
        double s = 0;
        for (Part p : PARTS) {
            Head h = heads.get(p);
            double[] phi = f.phi[p.ordinal()];
            if (h.count > 0 && phi != null) {
                s += weight * (h.model.predict(phi) - h.meanRating());
            }
        }
        return s;
    }

    /**
     * The parts' term as weights over each part's features ({@link EliteIndex.Weights}): per part whose head has seen
     * ratings, {@code weight x} its posterior mean and {@code -weight x} the listener's mean rating of it; null for
     * the others, and for all when no part was rated ({@link #active}), as {@link #mean(Features)} adds nothing then.
     */
    double[][] flatWeights(double[] constants) {
        double[][] w = new double[PARTS.length][];
        boolean on = active();
        for (Part p : PARTS) {
            Head h = heads.get(p);
            if (on && h.count > 0) {
                double[] mu = h.model.mean();
                for (int j = 0; j < mu.length; j++) {
                    mu[j] *= weight;
                }
                w[p.ordinal()] = mu;
                constants[p.ordinal()] = -weight * h.meanRating();
            }
        }
        return w;
    }

    static int partCount() {
        return PARTS.length;
    }

    /** The parts' term's variance: weight^2 x the sum of the heads' variances. */
    double variance(Features f) {
        double s = 0;
        for (Part p : PARTS) {
            Head h = heads.get(p);
            double[] phi = f.phi[p.ordinal()];
            if (h.count > 0 && phi != null) {
                s += weight * weight * h.model.variance(phi);
            }
        }
        return s;
    }

    /** Part ratings learned from, per part. */
    long ratings(Part p) {
        return heads.get(p).count;
    }

    /** The posterior mean of part {@code p}'s head (a copy), for tests. */
    double[] mean(Part p) {
        return heads.get(p).model.mean();
    }

    /** The head's predicted rating of part {@code p} of {@code t}. */
    double predict(Part p, Track t, TrackParams params) {
        Head h = heads.get(p);
        return h.model.predict(h.phi(t, params));
    }

    long parameters() {
        long n = 0;
        for (Head h : heads.values()) {
            n += h.basis.size();
        }
        return n;
    }

    /** Per rated part, its {@code top} strongest beliefs: the value it likes best and the points between best and worst. */
    List<Explanation.Belief> beliefs(int top, TrackParams params) {
        List<Explanation.Belief> out = new ArrayList<>();
        for (Part p : PARTS) {
            Head h = heads.get(p);
            if (h.count == 0) {
                continue;
            }
            double[] mu = h.model.mean();
            List<Explanation.Belief> mine = new ArrayList<>();
            for (int j = 0; j < h.names.size(); j++) {
                FeatureBasis.Peak peak = h.basis.peak(mu, j);
                String name = h.names.get(j);
                mine.add(new Explanation.Belief(p.id() + "." + name, peak.range(), String.format(Locale.ROOT,
                        "%-6s %-15s likes %s (worth %.1f points of the %s rating; %d %s ratings, mean %.1f)", p.id() + ":",
                        name, PartDescriptors.inUnits(p, name, peak.x(), params), peak.range(), p.id(), h.count, p.id(),
                        h.meanRating())));
            }
            mine.sort(java.util.Comparator.comparingDouble(b -> -b.value()));
            out.addAll(mine.subList(0, Math.min(top, mine.size())));
        }
        return out;
    }
}
