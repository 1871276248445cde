package org.hitlmidi.learn;

import java.util.random.RandomGenerator;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;

/**
 * Episodic tabular Q-learning over (state, edit) pairs. With {@link TrackKey} states, epsilon-greedy 0.5,
 * alpha 0.1, gamma 0.9, the overall rating as reward and episodes of {@code length} ratings it is the paper's
 * learner as its text describes it: each episode starts from a fresh random track heard unedited, the Q-table
 * carries over, the track does not. Unlike the paper's code ({@link PaperCodeLearner}) it takes the max over the
 * <em>new</em> state's actions and credits each rating to the edit that made the rated track.
 */
public final class TabularQLearner<K> implements Learner {
    private final String name;
    private final double alpha;
    private final double gamma;
    private final StateEncoder<K> encoder;
    private ExplorationPolicy policy;
    private final RewardFunction reward;
    private final ActionSlots actions;
    private final Edits edits;
    private final QTable<K> table;
    private final QTable<K> visits; // how often each (state, slot) was credited; only for policies that read it
    private final Episodes.Length episodes;
    private int[] slots = new int[64];
    private double[] values = new double[64];
    private double[] counts = new double[64];
    private long updates;

    public TabularQLearner(String name, double alpha, double gamma, double initialQ, StateEncoder<K> encoder,
                           ExplorationPolicy policy, RewardFunction reward, ActionSlots actions, Edits edits) {
        this(name, alpha, gamma, initialQ, encoder, policy, reward, actions, edits, Episodes.Length.ENDLESS);
    }

    /** With episodes: each starts from a fresh random track heard unedited and lasts {@code episodes} ratings. */
    public TabularQLearner(String name, double alpha, double gamma, double initialQ, StateEncoder<K> encoder,
                           ExplorationPolicy policy, RewardFunction reward, ActionSlots actions, Edits edits,
                           Episodes.Length episodes) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha " + alpha + " outside (0, 1]");
        }
        if (!(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("gamma " + gamma + " outside [0, 1)");
        }
        this.name = name;
        this.alpha = alpha;
        this.gamma = gamma;
        this.encoder = encoder;
        this.policy = policy;
        this.reward = reward;
        this.actions = actions;
        this.edits = edits;
        this.episodes = episodes;
        this.table = new QTable<>(initialQ);
        this.visits = policy.usesVisits() ? new QTable<>(0) : null;
    }

    private TabularQLearner(TabularQLearner<K> o) {
        this.name = o.name;
        this.alpha = o.alpha;
        this.gamma = o.gamma;
        this.encoder = o.encoder instanceof RelativeEncoder r ? copyOf(r) : o.encoder;
        this.policy = o.policy;
        this.reward = o.reward;
        this.actions = o.actions;
        this.edits = o.edits;
        this.episodes = o.episodes;
        this.table = o.table.copy();
        this.visits = o.visits == null ? null : o.visits.copy();
        this.updates = o.updates;
    }

    @SuppressWarnings("unchecked")
    private static <K> StateEncoder<K> copyOf(RelativeEncoder r) {
        return (StateEncoder<K>) r.copy();
    }

    @Override
    public TabularQLearner<K> copy() {
        return new TabularQLearner<>(this);
    }

    @Override
    public void params(TrackParams p) {
        if (encoder instanceof RelativeEncoder r) {
            r.params(p);
        }
    }

    /** Visit counts are kept when the policy built with reads them, so a policy switched in later reads them too. */
    @Override
    public boolean exploration(ExplorationPolicy p) {
        if (p.usesVisits() && visits == null) {
            return false;
        }
        policy = p;
        return true;
    }

    @Override
    public String name() {
        return name;
    }

    /** Episodic: the paper's fresh random track, heard unedited. */
    @Override
    public Proposal begin(TrackParams params, RandomGenerator rng) {
        return episodes.endless() ? Learner.super.begin(params, rng) : Learner.fresh(TrackGenerator.random(params, rng));
    }

    @Override
    public boolean episodeOver(TrackParams params, int ratings) {
        return episodes.over(params, ratings);
    }

    @Override
    public Proposal propose(Track current, RandomGenerator rng) {
        K s = encoder.encode(current);
        int n = Edits.indices(current);
        int count = fillSlots(n);
        table.values(s, slots, count, values);
        ExplorationPolicy.Choice c;
        if (policy.usesVisits()) {
            visits.values(s, slots, count, counts);
            c = policy.select(values, counts, count, updates, rng);
        } else {
            c = policy.select(values, count, updates, rng);
        }
        Action a = ActionSlots.action(slots[c.index()]);
        return new Proposal(new Transition(current, a, edits.apply(current, a)), c.explored());
    }

    /** A fresh track heard unedited ({@link ActionType#COMPOSE}) was made by no edit: its rating credits none. */
    @Override
    public void learn(Transition heard, Rating rating) {
        if (heard.action().type() == ActionType.COMPOSE) {
            return;
        }
        update(encoder.encode(heard.before()), ActionSlots.slot(heard.action()),
                reward.reward(rating), encoder.encode(heard.after()), Edits.indices(heard.after()));
    }

    /** The update on encoded states; public for benchmarks. Returns the new Q(s,a). */
    public double update(K s, int slot, double r, K next, int nextNotes) {
        int count = fillSlots(nextNotes);
        double maxNext = table.max(next, slots, count);
        double q = Bellman.update(table.get(s, slot), r, maxNext, alpha, gamma);
        table.set(s, slot, q);
        if (visits != null) {
            visits.set(s, slot, visits.get(s, slot) + 1);
        }
        updates++;
        return q;
    }

    public double q(Track state, Action a) {
        return table.get(encoder.encode(state), ActionSlots.slot(a));
    }

    public void setQ(Track state, Action a, double value) {
        table.set(encoder.encode(state), ActionSlots.slot(a), value);
    }

    public QTable<K> table() {
        return table;
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public long entries() {
        return table.entries();
    }

    /** The largest Q-values learned, each with its (encoded) state and edit type. */
    @Override
    public Explanation explain(int top) {
        java.util.List<Explanation.Belief> all = new java.util.ArrayList<>();
        table.forEach((state, slot, q) -> {
            String edit = ActionSlots.action(slot).toString();
            all.add(new Explanation.Belief(state + " / " + edit, q, String.format(java.util.Locale.ROOT,
                    "Q = %.2f for %s on [%s]", q, edit, state)));
        });
        all.sort(java.util.Comparator.comparingDouble(b -> -b.value()));
        return new Explanation(name, "tabular-q", updates, table.entries(), table.states(),
                all.subList(0, Math.min(top, all.size())));
    }

    private int fillSlots(int notes) {
        int cap = actions.capacity(notes);
        if (slots.length < cap) {
            slots = new int[cap];
            values = new double[cap];
            counts = new double[cap];
        }
        return actions.fill(notes, slots);
    }
}
