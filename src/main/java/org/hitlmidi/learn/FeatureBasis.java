package org.hitlmidi.learn;

import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * The regression basis over descriptors (the track's {@link Descriptors}, or a part's {@link PartDescriptors}): a
 * bias, then per descriptor x (on 0..1) the first two Legendre polynomials 2x-1 and (3(2x-1)^2-1)/2, so a model can
 * learn that a listener likes a descriptor high, low, or near some middle value; binary descriptors get the linear
 * term only.
 */
public final class FeatureBasis {
    private final int[] quadraticOf; // per descriptor: index of its quadratic term, or -1
    private final int size;
    private final List<String> names;

    /** The basis over the track's {@link Descriptors}. */
    public FeatureBasis() {
        this(Descriptors.NAMES, Descriptors.BINARY::contains);
    }

    /** The basis over the descriptors {@code descriptors}, those {@code binary} names with a linear term only. */
    public FeatureBasis(List<String> descriptors, java.util.function.Predicate<String> binary) {
        quadraticOf = new int[descriptors.size()];
        List<String> n = new ArrayList<>();
        n.add("bias");
        n.addAll(descriptors);
        int k = 1 + descriptors.size();
        for (int j = 0; j < descriptors.size(); j++) {
            if (binary.test(descriptors.get(j))) {
                quadraticOf[j] = -1;
            } else {
                quadraticOf[j] = k++;
                n.add(descriptors.get(j) + "^2");
            }
        }
        size = k;
        names = List.copyOf(n);
    }

    public int size() {
        return size;
    }

    public List<String> names() {
        return names;
    }

    public double[] of(Track t, TrackParams p) {
        return expand(Descriptors.of(t, p));
    }

    public double[] expand(double[] desc) {
        double[] phi = new double[size];
        phi[0] = 1;
        for (int j = 0; j < desc.length; j++) {
            double u = 2 * desc[j] - 1;
            phi[1 + j] = u;
            if (quadraticOf[j] >= 0) {
                phi[quadraticOf[j]] = (3 * u * u - 1) / 2;
            }
        }
        return phi;
    }

    /** Index of descriptor j's quadratic weight, or -1 for a binary descriptor. */
    public int quadraticIndex(int j) {
        return quadraticOf[j];
    }

    /** Where, on 0..1, weights {@code mu} like descriptor j best, and by how much that beats its worst value. */
    public record Peak(double x, double range) {
    }

    /** Descriptor j's liked value under weights {@code mu} (of this basis), on a grid of 0.05. */
    public Peak peak(double[] mu, int j) {
        int q = quadraticOf[j];
        double bestX = 0;
        double best = Double.NEGATIVE_INFINITY;
        double worst = Double.POSITIVE_INFINITY;
        for (int g = 0; g <= 20; g++) {
            double x = g / 20.0;
            double u = 2 * x - 1;
            double v = mu[1 + j] * u + (q >= 0 ? mu[q] * (3 * u * u - 1) / 2 : 0);
            if (v > best) {
                best = v;
                bestX = x;
            }
            worst = Math.min(worst, v);
        }
        return new Peak(bestX, best - worst);
    }
}
