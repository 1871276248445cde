package org.hitlmidi.learn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;

/**
 * The paper's published code (github.com/ajuanijustus/music-gen-hitl-rl: hitl_rl_agent.py, music_generator.py,
 * main_gui.py) where it differs from the paper's text, for researchers who compare both (docs/learning.md lists
 * each difference with its line):
 * <ul>
 *   <li>five action types: {@code randint(0, 4)} and the greedy {@code max} over {@code product(range(5), notes)}
 *       (hitl_rl_agent.py:52, 60), so note removal is never chosen; the first of equal values wins;</li>
 *   <li>the rating of the track heard is credited to the edit chosen <em>after</em> it, from that track
 *       ({@code update_q} chooses, applies and updates in one call, hitl_rl_agent.py:44-77, main_gui.py:385);</li>
 *   <li>the max is taken over the <em>old</em> state's actions (hitl_rl_agent.py:72-75);</li>
 *   <li>epsilon = 0.5 x 0.01^episode and episode 0 always explores (hitl_rl_agent.py:47-49, main_gui.py:295);</li>
 *   <li>a percussion change draws another kit key at random (music_generator.py:130);</li>
 *   <li>episodes of {@code length} ratings from a fresh track heard unedited (main_gui.py:320-334, 389-392); after
 *       {@code total_episodes} (10) episodes nothing more is learned and every track is a fresh random one
 *       (main_gui.py:165, 374, 396-402);</li>
 *   <li>the initial track: {@link TrackGenerator#paperCode}.</li>
 * </ul>
 * The code draws from Python's unseeded {@code random}; here each choice made on a rating draws from a stream
 * seeded by the rated track and the number of ratings seen, so a learner rebuilt from the store (ratings replayed
 * in order) makes exactly the choices the live one made, including the one after an episode's last rating,
 * whose track is never heard.
 */
public final class PaperCodeLearner implements Learner {
    /** The code's action types 0..4, in its order. */
    static final List<ActionType> TYPES = List.of(ActionType.PITCH_UP, ActionType.PITCH_DOWN, ActionType.DURATION_UP,
            ActionType.DURATION_DOWN, ActionType.PERCUSSION_CHANGE);

    private final String name;
    private final double alpha;
    private final double gamma;
    private final double epsilon;
    private final double decay;
    private final int maxEpisodes;
    private final Edits edits;
    private final QTable<TrackKey> table;
    private final Episodes episodes;
    /** The edit chosen when the rating of its {@code before} came: what plays next (main_gui.py:385). */
    private Proposal pending;
    private long seen;
    private long updates;

    /**
     * @param maxEpisodes the code's {@code total_episodes}: after so many episodes nothing is learned; 0 for no end
     */
    public PaperCodeLearner(String name, double alpha, double gamma, double epsilon, double decay, int maxEpisodes,
                            Edits edits) {
        this(name, alpha, gamma, epsilon, decay, maxEpisodes, edits, new QTable<>(0), new Episodes());
    }

    private PaperCodeLearner(String name, double alpha, double gamma, double epsilon, double decay, int maxEpisodes,
                             Edits edits, QTable<TrackKey> table, Episodes episodes) {
        this.table = table;
        this.episodes = episodes;
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha " + alpha + " outside (0, 1]");
        }
        if (!(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("gamma " + gamma + " outside [0, 1)");
        }
        if (!(epsilon >= 0 && epsilon <= 1) || !(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("epsilon " + epsilon + " or decay " + decay + " outside their ranges");
        }
        if (maxEpisodes < 0) {
            throw new IllegalArgumentException("episodes " + maxEpisodes + " is negative");
        }
        this.name = name;
        this.alpha = alpha;
        this.gamma = gamma;
        this.epsilon = epsilon;
        this.decay = decay;
        this.maxEpisodes = maxEpisodes;
        this.edits = edits;
    }

    @Override
    public PaperCodeLearner copy() {
        PaperCodeLearner c = new PaperCodeLearner(name, alpha, gamma, epsilon, decay, maxEpisodes, edits, table.copy(),
                episodes.copy());
        c.pending = pending;
        c.seen = seen;
        c.updates = updates;
        return c;
    }

    @Override
    public String name() {
        return name;
    }

    /** The code's epsilon in its episode {@code episode} (0 for the first): 0.5 x 0.01^episode. */
    public double epsilonAt(int episode) {
        return epsilon * Math.pow(decay, episode);
    }

    /** The code's initial track (music_generator.py:87-107), heard unedited (main_gui.py:320-334). */
    @Override
    public Proposal begin(TrackParams params, RandomGenerator rng) {
        return Learner.fresh(TrackGenerator.paperCode(params, rng));
    }

    /** After {@code length} ratings (main_gui.py:389), and after every rating once the code's loop is complete. */
    @Override
    public boolean episodeOver(TrackParams params, int ratings) {
        return ratings >= params.length() || finished(episodes.episode());
    }

    private boolean finished(int episode) {
        return maxEpisodes > 0 && episode > maxEpisodes;
    }

    /**
     * The code's {@code update_q} on the rated track: choose the next edit of it, then update Q(rated, edit) with
     * the rating and the max over the rated track's own actions.
     */
    @Override
    public void learn(Transition heard, Rating rating) {
        int episode = episodes.count(heard);
        seen++;
        pending = null;
        if (finished(episode)) {
            return; // "RL LOOP COMPLETE": ratings are no longer used (main_gui.py:374, 396-402)
        }
        Track s = heard.after();
        int n = Edits.indices(s);
        if (n == 0) {
            return;
        }
        TrackKey key = TrackKey.of(s);
        SplittableRandom draws = new SplittableRandom(((long) key.hashCode() << 32) ^ seen);
        Proposal p = choose(s, key, episode - 1, draws);
        Action a = p.transition().action();
        int slot = ActionSlots.slot(a);
        double q = Bellman.update(table.get(key, slot), rating.overall(), maxOver(key, n), alpha, gamma);
        table.set(key, slot, q);
        updates++;
        pending = p;
    }

    /**
     * The edit chosen on the rating of {@code current}; a track with no such choice (one skipped, or played before
     * this learner heard a rating of it) gets the code's choice from {@code rng}, credited with nothing.
     */
    @Override
    public Proposal propose(Track current, RandomGenerator rng) {
        if (pending != null && pending.transition().before().equals(current)) {
            Proposal p = pending;
            pending = null;
            return p;
        }
        int n = Edits.indices(current);
        if (n == 0) {
            return new Proposal(new Transition(current, new Action(ActionType.PITCH_UP, 0), current), false);
        }
        return choose(current, TrackKey.of(current), Math.max(0, episodes.of(current) - 1), rng);
    }

    /** hitl_rl_agent.py:47-67: explore with randint(0, 4) and randint(0, n - 1), else the first best action. */
    private Proposal choose(Track s, TrackKey key, int episode, RandomGenerator r) {
        int n = Edits.indices(s);
        Action a;
        boolean explored = r.nextDouble() < epsilonAt(episode) || episode < 1;
        if (explored) {
            a = new Action(TYPES.get(r.nextInt(TYPES.size())), r.nextInt(n));
        } else {
            a = null;
            double best = Double.NEGATIVE_INFINITY;
            for (ActionType t : TYPES) {
                for (int i = 0; i < n; i++) {
                    double v = table.get(key, ActionSlots.slot(new Action(t, i)));
                    if (v > best) { // Python's max keeps the first of equal values
                        best = v;
                        a = new Action(t, i);
                    }
                }
            }
        }
        return new Proposal(new Transition(s, a, apply(s, a, r)), explored);
    }

    /** max over product(range(5), range(n)) of Q(state, .), unseen values 0 (hitl_rl_agent.py:72-75). */
    private double maxOver(TrackKey key, int n) {
        double best = Double.NEGATIVE_INFINITY;
        for (ActionType t : TYPES) {
            for (int i = 0; i < n; i++) {
                best = Math.max(best, table.get(key, ActionSlots.slot(new Action(t, i))));
            }
        }
        return best;
    }

    /** music_generator.py:109-132; a percussion change picks another kit key at random (line 130). */
    private Track apply(Track s, Action a, RandomGenerator r) {
        if (a.type() != ActionType.PERCUSSION_CHANGE) {
            return edits.apply(s, a);
        }
        if (a.index() >= s.percussion().size()) {
            return s;
        }
        DrumHit h = s.percussion().get(a.index());
        List<Integer> others = edits.rules().kit().keys().stream().filter(k -> k != h.key()).toList();
        if (others.isEmpty()) {
            return s;
        }
        List<DrumHit> p = new ArrayList<>(s.percussion());
        p.set(a.index(), h.withKey(others.get(r.nextInt(others.size()))));
        return s.withPercussion(p);
    }

    /** Q(state, action) as the code's table holds it. */
    public double q(Track state, Action a) {
        return table.get(TrackKey.of(state), ActionSlots.slot(a));
    }

    public void setQ(Track state, Action a, double value) {
        table.set(TrackKey.of(state), ActionSlots.slot(a), value);
    }

    public QTable<TrackKey> table() {
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

    @Override
    public Explanation explain(int top) {
        List<Explanation.Belief> all = new ArrayList<>();
        table.forEach((state, slot, q) -> {
            String edit = ActionSlots.action(slot).toString();
            all.add(new Explanation.Belief(state + " / " + edit, q, String.format(Locale.ROOT,
                    "Q = %.2f for %s on [%s]", q, edit, state)));
        });
        all.sort(Comparator.comparingDouble(b -> -b.value()));
        return new Explanation(name, "paper-code", updates, table.entries(), table.states(),
                all.subList(0, Math.min(top, all.size())));
    }
}
