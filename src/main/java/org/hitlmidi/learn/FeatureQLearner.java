package org.hitlmidi.learn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * Q-learning over features instead of a table: since an edit's result is known before it is played, the
 * value of an edit is the value of the track it makes, Q(s, a) = w . phi(edit(s, a)) with phi the
 * {@link FeatureBasis} of generic descriptors (an "afterstate" value). The TD update moves w toward
 * r + gamma * max_a' Q(s', a') by a normalised step alpha (so alpha is the share of the error corrected).
 * One rating thus changes the value of every edit of every track with similar descriptors.
 *
 * <p>The moves are the paper's single edits of the current track and, when {@code variations} is above 0,
 * that many {@link Composer} variations of it (recorded as {@code compose}). A track already heard is not
 * proposed again while another move is left. For a policy that reads visit counts (UCB), a move's count is
 * the pseudo-count of its features, 1 / (phi^T A^-1 phi) - 1 with A = I + sum of the heard phi phi^T: the
 * number of visits generalised from identical tracks to similar ones.
 */
public final class FeatureQLearner implements Learner {
    private final String name;
    private final double alpha;
    private final double gamma;
    private ExplorationPolicy policy;
    /** Whether visits are counted: decided by the policy built with, whatever policy is switched in later. */
    private final boolean countsVisits;
    private final RewardFunction reward;
    private final ActionSlots actions;
    private final Edits edits;
    private final FeatureBasis basis = new FeatureBasis();
    private final double[] w;
    private final int variations;
    private final int maxMoves;
    private final BayesLinear visits;
    private final java.util.Set<TrackKey> played = new java.util.HashSet<>();
    private TrackParams params;
    private Composer composer;
    private long updates;

    public FeatureQLearner(String name, double alpha, double gamma, double initialValue, ExplorationPolicy policy,
                           RewardFunction reward, ActionSlots actions, Edits edits, TrackParams params,
                           int variations, int maxMoves) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha " + alpha + " outside (0, 1]");
        }
        if (!(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("gamma " + gamma + " outside [0, 1)");
        }
        this.name = name;
        this.alpha = alpha;
        this.gamma = gamma;
        this.policy = policy;
        this.countsVisits = policy.usesVisits();
        this.reward = reward;
        this.actions = actions;
        this.edits = edits;
        this.variations = variations;
        this.maxMoves = Math.max(1, maxMoves);
        params(params);
        double[] ones = new double[basis.size()];
        java.util.Arrays.fill(ones, 1);
        this.visits = new BayesLinear(new double[basis.size()], ones, 1);
        this.w = new double[basis.size()];
        w[0] = initialValue; // the bias: what any track is worth before the first rating
    }

    private FeatureQLearner(FeatureQLearner o) {
        this.name = o.name;
        this.alpha = o.alpha;
        this.gamma = o.gamma;
        this.policy = o.policy;
        this.countsVisits = o.countsVisits;
        this.reward = o.reward;
        this.actions = o.actions;
        this.edits = o.edits;
        this.variations = o.variations;
        this.maxMoves = o.maxMoves;
        this.visits = o.visits.copy();
        this.w = o.w.clone();
        this.played.addAll(o.played);
        this.params = o.params;
        this.composer = o.composer;
        this.updates = o.updates;
    }

    @Override
    public FeatureQLearner copy() {
        return new FeatureQLearner(this);
    }

    @Override
    public void params(TrackParams p) {
        this.params = p;
        this.composer = new Composer(p);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Proposal propose(Track current, RandomGenerator rng) {
        int n = Edits.indices(current);
        int[] slots = new int[actions.capacity(n)];
        int count = actions.fill(n, slots);
        List<Action> moves = new ArrayList<>();
        List<Track> after = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            Action a = ActionSlots.action(slots[j]);
            moves.add(a);
            after.add(edits.apply(current, a));
        }
        Action compose = new Action(org.hitlmidi.music.ActionType.COMPOSE, 0);
        for (int k = 0; k < variations; k++) {
            moves.add(compose);
            after.add(composer.vary(current, 1 + rng.nextInt(maxMoves), rng));
        }
        List<Integer> fresh = new ArrayList<>();
        for (int j = 0; j < after.size(); j++) {
            if (!played.contains(TrackKey.of(after.get(j)))) {
                fresh.add(j);
            }
        }
        if (fresh.isEmpty()) {
            for (int j = 0; j < after.size(); j++) {
                fresh.add(j);
            }
        }
        int m = fresh.size();
        double[] values = new double[m];
        double[] counts = new double[m];
        for (int j = 0; j < m; j++) {
            double[] phi = basis.of(after.get(fresh.get(j)), params);
            values[j] = BayesLinear.dot(w, phi);
            if (policy.usesVisits()) {
                counts[j] = Math.max(0, 1 / visits.variance(phi) - 1);
            }
        }
        ExplorationPolicy.Choice c = policy.usesVisits() ? policy.select(values, counts, m, updates, rng)
                : policy.select(values, m, updates, rng);
        int pick = fresh.get(c.index());
        return new Proposal(new Transition(current, moves.get(pick), after.get(pick)), c.explored());
    }

    @Override
    public boolean exploration(ExplorationPolicy p) {
        if (p.usesVisits() && !countsVisits) {
            return false;
        }
        policy = p;
        return true;
    }

    public double value(Track afterstate) {
        return BayesLinear.dot(w, basis.of(afterstate, params));
    }

    @Override
    public void learn(Transition heard, Rating rating) {
        Track next = heard.after();
        double maxNext = Double.NEGATIVE_INFINITY;
        if (gamma > 0) {
            int n = Edits.indices(next);
            int[] slots = new int[actions.capacity(n)];
            int count = actions.fill(n, slots);
            for (int j = 0; j < count; j++) {
                maxNext = Math.max(maxNext, value(edits.apply(next, ActionSlots.action(slots[j]))));
            }
        }
        double[] phi = basis.of(next, params);
        played.add(TrackKey.of(next));
        if (countsVisits) {
            visits.observe(phi, 0, 1);
        }
        double target = reward.reward(rating) + (gamma > 0 ? gamma * maxNext : 0);
        double error = target - BayesLinear.dot(w, phi);
        double norm = BayesLinear.dot(phi, phi);
        for (int i = 0; i < w.length; i++) {
            w[i] += alpha * error * phi[i] / norm;
        }
        updates++;
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public long entries() {
        return w.length;
    }

    @Override
    public Explanation explain(int top) {
        List<String> names = basis.names();
        List<Explanation.Belief> b = new ArrayList<>();
        for (int i = 1; i < w.length; i++) {
            b.add(new Explanation.Belief(names.get(i), w[i], String.format(Locale.ROOT, "weight of %s: %+.2f",
                    names.get(i), w[i])));
        }
        b.sort(Comparator.comparingDouble(x -> -Math.abs(x.value())));
        return new Explanation(name, "feature-q", updates, w.length, 0, b.subList(0, Math.min(top, b.size())));
    }
}
