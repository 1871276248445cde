package org.hitlmidi.learn;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Bayesian linear regression y = w . phi + noise, noise ~ N(0, noiseSd^2), prior w ~ N(priorMean,
 * diag(priorSd^2)). The posterior is kept as its precision A = Lambda0 + sum(phi phi^T)/s^2 and
 * b = Lambda0 m0 + sum(y phi)/s^2; the mean solves A mu = b (Cholesky). Each observation may carry a weight
 * (an implicit signal counts less than a rating).
 */
public final class BayesLinear {
    private final int d;
    private final double noiseVar;
    private final double[] precision; // d x d, row-major
    private final double[] b;
    private final double[] chol; // lower-triangular L with A = L L^T, valid when !dirty
    private final double[] mean;
    private boolean dirty = true;
    private long observations;

    public BayesLinear(double[] priorMean, double[] priorSd, double noiseSd) {
        if (priorMean.length != priorSd.length || priorMean.length == 0) {
            throw new IllegalArgumentException("prior mean and sd must have the same, positive length");
        }
        if (!(noiseSd > 0)) {
            throw new IllegalArgumentException("noise sd " + noiseSd + " must be above 0");
        }
        this.d = priorMean.length;
        this.noiseVar = noiseSd * noiseSd;
        this.precision = new double[d * d];
        this.b = new double[d];
        this.chol = new double[d * d];
        this.mean = new double[d];
        for (int i = 0; i < d; i++) {
            if (!(priorSd[i] > 0)) {
                throw new IllegalArgumentException("prior sd " + priorSd[i] + " of weight " + i + " must be above 0");
            }
            double lambda = 1 / (priorSd[i] * priorSd[i]);
            precision[i * d + i] = lambda;
            b[i] = lambda * priorMean[i];
        }
    }

    private BayesLinear(BayesLinear o) {
        this.d = o.d;
        this.noiseVar = o.noiseVar;
        this.precision = o.precision.clone();
        this.b = o.b.clone();
        this.chol = o.chol.clone();
        this.mean = o.mean.clone();
        this.dirty = o.dirty;
        this.observations = o.observations;
    }

    /** Writes what was observed (the precision, b and the count); the mean is computed again from them when read. */
    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(d);
        for (double v : precision) {
            out.writeDouble(v);
        }
        for (double v : b) {
            out.writeDouble(v);
        }
        out.writeLong(observations);
    }

    /** Reads what {@link #write} wrote into this model (of the same dimension and prior), replacing what it had. */
    void read(java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        if (n != d) {
            throw new java.io.IOException("a model of dimension " + n + " where " + d + " was expected");
        }
        for (int i = 0; i < precision.length; i++) {
            precision[i] = finite(in.readDouble());
        }
        for (int i = 0; i < d; i++) {
            b[i] = finite(in.readDouble());
        }
        observations = in.readLong();
        dirty = true;
    }

    private static double finite(double v) throws java.io.IOException {
        if (!Double.isFinite(v)) {
            throw new java.io.IOException("a model value that is not a number");
        }
        return v;
    }

    /** A copy that observes on its own. */
    public BayesLinear copy() {
        return new BayesLinear(this);
    }

    public int dimension() {
        return d;
    }

    public long observations() {
        return observations;
    }

    /** Adds one observation y at features phi, counted {@code weight} times (weight 1 is one rating). */
    public void observe(double[] phi, double y, double weight) {
        if (phi.length != d) {
            throw new IllegalArgumentException("features of length " + phi.length + ", model of dimension " + d);
        }
        if (!(weight > 0) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("observation " + y + " with weight " + weight);
        }
        double s = weight / noiseVar;
        for (int i = 0; i < d; i++) {
            double pi = phi[i] * s;
            if (pi != 0) {
                for (int j = 0; j < d; j++) {
                    precision[i * d + j] += pi * phi[j];
                }
            }
            b[i] += y * phi[i] * s;
        }
        observations++;
        dirty = true;
    }

    /** The posterior mean of the weights (a copy). */
    public double[] mean() {
        refresh();
        return mean.clone();
    }

    /** Posterior mean of w . phi. */
    public double predict(double[] phi) {
        refresh();
        return dot(mean, phi);
    }

    /** Posterior variance of w . phi: phi^T A^-1 phi = |L^-1 phi|^2. */
    public double variance(double[] phi) {
        refresh();
        double[] z = new double[d];
        forward(phi, z);
        return dot(z, z);
    }

    /** One draw of the weights from the posterior: mu + L^-T z with z standard normal. */
    public double[] sample(RandomGenerator rng) {
        refresh();
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = rng.nextGaussian();
        }
        double[] x = new double[d];
        backward(z, x);
        for (int i = 0; i < d; i++) {
            x[i] += mean[i];
        }
        return x;
    }

    /** The posterior precision matrix entry (i, j), for tests and explanations. */
    public double precision(int i, int j) {
        return precision[i * d + j];
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private void refresh() {
        if (!dirty) {
            return;
        }
        Arrays.fill(chol, 0);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = precision[i * d + j];
                for (int k = 0; k < j; k++) {
                    s -= chol[i * d + k] * chol[j * d + k];
                }
                if (i == j) {
                    chol[i * d + i] = Math.sqrt(Math.max(s, 1e-12));
                } else {
                    chol[i * d + j] = s / chol[j * d + j];
                }
            }
        }
        double[] y = new double[d];
        forward(b, y);
        backward(y, mean);
        dirty = false;
    }

    /** Solves L z = v. */
    private void forward(double[] v, double[] z) {
        for (int i = 0; i < d; i++) {
            double s = v[i];
            for (int k = 0; k < i; k++) {
                s -= chol[i * d + k] * z[k];
            }
            z[i] = s / chol[i * d + i];
        }
    }

    /** Solves L^T x = z. */
    private void backward(double[] z, double[] x) {
        for (int i = d - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < d; k++) {
                s -= chol[k * d + i] * x[k];
            }
            x[i] = s / chol[i * d + i];
        }
    }
}
