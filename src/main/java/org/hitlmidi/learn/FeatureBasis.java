package org.hitlmidi.learn;

import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * The regression basis over {@link Descriptors}: a bias, then per descriptor x (on 0..1) the first two
 * Legendre polynomials 2x-1 and (3(2x-1)^2-1)/2, so a model can learn that a listener likes a descriptor
 * high, low, or near some middle value; binary descriptors get the linear term only.
 */
public final class FeatureBasis {
    private final int[] quadraticOf; // per descriptor: index of its quadratic term, or -1
    private final int size;
    private final List<String> names;

    public FeatureBasis() {
        quadraticOf = new int[Descriptors.SIZE];
        List<String> n = new ArrayList<>();
        n.add("bias");
        for (String d : Descriptors.NAMES) {
            n.add(d);
        }
        int k = 1 + Descriptors.SIZE;
        for (int j = 0; j < Descriptors.SIZE; j++) {
            if (Descriptors.BINARY.contains(Descriptors.NAMES.get(j))) {
                quadraticOf[j] = -1;
            } else {
                quadraticOf[j] = k++;
                n.add(Descriptors.NAMES.get(j) + "^2");
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
}
