package org.hitlmidi.learn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackJson;
import org.hitlmidi.music.TrackParams;

/**
 * Learns a model of the rating itself and chooses the next track by it: Bayesian linear regression of the
 * reward on generic {@link Descriptors} of the rated track (through {@link FeatureBasis}), and each step
 * many candidates scored by an acquisition value: the paper's single edits of the current track, variations
 * of the best tracks so far, and fresh tracks from the {@link Composer}. Thompson sampling scores them under
 * one draw of the weights from the posterior, UCB by mean + beta * sd, greedy by the mean. A track already
 * heard is never proposed again: a listener wants new tracks that stay good.
 *
 * <p>Every rating (and, when switched on, every implicit signal) is one observation of the track the
 * listener heard, so ratings of one track teach about all tracks that share its descriptors: this is what
 * makes it learn from tens of ratings where a table over whole tracks needs far more.
 *
 * <p>A rating of one part ("the bass: 3") is an observation of that part's own head, a regression on the part's
 * descriptors ({@link PartHeads}, {@link PartDescriptors}); the heads' values are added to the overall model's
 * when candidates are scored, at {@code partWeight}. The overall model learns from the overall rating alone, so
 * a session with no part rating proposes exactly what it did before part ratings existed.
 */
public final class RewardModelLearner implements Learner {
    /** How the next track is chosen from the scored candidates. */
    public enum Acquisition {
        THOMPSON, UCB, GREEDY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param fresh       fresh compositions per step
     * @param variations  variations of the best rated tracks per step
     * @param elites      how many of the best rated tracks (by posterior mean) are varied
     * @param maxMoves    at most this many moves per variation
     * @param edits       also score every single paper edit of the current track
     * @param beta        UCB's weight of the standard deviation
     * @param priorMean   the prior's expected reward of any track (the bias weight's mean)
     * @param priorSd     prior sd of the bias weight; the descriptor weights get {@code weightSd}
     * @param weightSd    prior sd of each descriptor weight, in reward points
     * @param noiseSd     the assumed sd of a rating around the model
     * @param partWeight  how much a part head's value (its predicted part rating less the listener's mean rating
     *                    of that part) adds to a candidate's value; 0 ignores part ratings
     */
    public record Config(int fresh, int variations, int elites, int maxMoves, boolean edits,
                         Acquisition acquisition, double beta, double priorMean, double priorSd, double weightSd,
                         double noiseSd, double partWeight) {
        /** The part weight of presets that do not set one. */
        public static final double DEFAULT_PART_WEIGHT = 0.5;

        public Config(int fresh, int variations, int elites, int maxMoves, boolean edits, Acquisition acquisition,
                      double beta, double priorMean, double priorSd, double weightSd, double noiseSd) {
            this(fresh, variations, elites, maxMoves, edits, acquisition, beta, priorMean, priorSd, weightSd, noiseSd,
                    DEFAULT_PART_WEIGHT);
        }

        public Config {
            if (!(partWeight >= 0 && partWeight <= 10)) {
                throw new IllegalArgumentException("partWeight " + partWeight + " outside 0..10");
            }
            if (fresh < 0 || variations < 0 || fresh + variations < 1) {
                throw new IllegalArgumentException("a step needs at least one fresh track or variation");
            }
            if (elites < 1 || maxMoves < 1) {
                throw new IllegalArgumentException("elites and maxMoves must be at least 1");
            }
            if (!(beta >= 0) || !(priorSd > 0) || !(weightSd > 0) || !(noiseSd > 0)) {
                throw new IllegalArgumentException("beta must be >= 0 and the sds above 0");
            }
        }
    }

    /** Implicit signals read as ratings: which ones (absent = ignored) and what each counts as, at a weight. */
    public record Implicit(Map<ImplicitSignal, Double> as, double weight) {
        public static final Implicit OFF = new Implicit(Map.of(), 1);

        public Implicit {
            as = as.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(as));
            if (!(weight > 0 && weight <= 1)) {
                throw new IllegalArgumentException("implicit weight " + weight + " outside (0, 1]");
            }
        }
    }

    /**
     * The heard tracks in the order first heard, with an index by key, shared by a learner and its copies (the device's
     * checkpoints, issue 16): a copy costs nothing at 300,000 heard tracks, where copying the list and the set took
     * tens of milliseconds. Each learner sees the prefix it had when copied. The log only grows, except when a copy goes
     * on from an earlier point than the end: the entries after its point are dropped first. So of a learner and its
     * copies only one may learn on, the others being kept as they are (checkpoints) or left; a copy that learns on
     * makes the learners beyond its point stale.
     */
    private static final class HeardLog {
        private final List<Rated> rated = new ArrayList<>();
        private final java.util.Map<TrackKey, Integer> index = new java.util.HashMap<>();

        boolean contains(TrackKey k, int seen) {
            Integer i = index.get(k);
            return i != null && i < seen;
        }

        /** Appends at {@code at} (the caller's count), dropping what other copies appended beyond it. */
        void append(int at, TrackKey k, Rated r) {
            for (int i = rated.size() - 1; i >= at; i--) {
                index.remove(rated.remove(i).key());
            }
            index.put(k, rated.size());
            rated.add(r);
        }
    }

    /**
     * A heard track kept as a seed of variations: its descriptors (the track's and its parts', unexpanded: the bases
     * expand them exactly when they are read), its melody's pitches (for {@link #fitsParams}) and the track itself
     * packed (its JSON, deflated: about a tenth of the track's objects), unpacked only when it is one of the elites. At
     * 300,000 ratings the tracks themselves took about a gigabyte of heap, and then their expanded features (33 numbers
     * and about 74 for the parts) most of the rest: 469 MB live in the device's 512 MB heap, a full collection every
     * two seconds (issue 16, item 9).
     *
     * @param desc  the track's {@link Descriptors}, then the parts' {@link PartDescriptors} of the parts in {@code mask}
     * @param mask  bit {@code Part.ordinal()} set for each part the track plays
     */
    private record Rated(TrackKey key, byte[] packed, double[] desc, byte[] pitches, int mask) {
        private static final FeatureBasis BASIS = new FeatureBasis();

        static Rated of(TrackKey key, Track t, double[] desc, TrackParams params) {
            byte[] pitches = new byte[t.melody().size()];
            for (int i = 0; i < pitches.length; i++) {
                pitches[i] = (byte) t.melody().get(i).pitch();
            }
            double[][] parts = new double[PartHeads.partCount()][];
            int mask = PartHeads.descriptors(t, params, parts);
            int n = desc.length;
            for (double[] d : parts) {
                n += d == null ? 0 : d.length;
            }
            double[] flat = java.util.Arrays.copyOf(desc, n);
            int at = desc.length;
            for (double[] d : parts) {
                if (d != null) {
                    System.arraycopy(d, 0, flat, at, d.length);
                    at += d.length;
                }
            }
            return new Rated(key, pack(t), flat, pitches, mask);
        }

        /** How many numbers {@code desc} holds for {@code mask}. */
        static int length(int mask) {
            int n = Descriptors.SIZE;
            for (int p = 0; p < PartHeads.partCount(); p++) {
                if ((mask & 1 << p) != 0) {
                    n += PartHeads.descriptors(p);
                }
            }
            return n;
        }

        /** The features the model scores it by: {@code basis.of(track, params)} when it was heard, exactly. */
        double[] phi() {
            return BASIS.expand(java.util.Arrays.copyOf(desc, Descriptors.SIZE));
        }

        /** Its part features, as {@link PartHeads#features} gave them when it was heard. */
        PartHeads.Features parts() {
            return PartHeads.expand(desc, Descriptors.SIZE, mask);
        }

        Track track() {
            java.util.zip.Inflater in = new java.util.zip.Inflater();
            try {
                in.setInput(packed);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(packed.length * 6);
                byte[] buf = new byte[4096];
                while (!in.finished()) {
                    int n = in.inflate(buf);
                    if (n == 0 && (in.needsInput() || in.needsDictionary())) {
                        throw new IllegalStateException("a packed track is cut short");
                    }
                    out.write(buf, 0, n);
                }
                return TrackJson.fromText(out.toString(java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalStateException("a packed track cannot be read: " + e.getMessage(), e);
            } finally {
                in.end();
            }
        }

        private static byte[] pack(Track t) {
            byte[] text = TrackJson.toText(t).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.util.zip.Deflater d = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
            try {
                d.setInput(text);
                d.finish();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length / 3);
                byte[] buf = new byte[4096];
                while (!d.finished()) {
                    out.write(buf, 0, d.deflate(buf));
                }
                return out.toByteArray();
            } finally {
                d.end();
            }
        }
    }

    private record Candidate(Action action, Track track, double[] phi) {
    }

    private final String name;
    private final Config config;
    private ExplorationPolicy policy;
    private final RewardFunction reward;
    private final Implicit implicit;
    private final Edits edits;
    private final FeatureBasis basis = new FeatureBasis();
    private final BayesLinear model;
    private final PartHeads parts;
    /** The tracks heard, shared with this learner's copies: this learner sees the first {@link #heardCount}. */
    private HeardLog log = new HeardLog();
    private int heardCount;
    /** The best heard tracks, found without a scan of them all at each proposal (this learner's own). */
    private EliteIndex eliteIndex = new EliteIndex();
    private TrackParams params;
    private Composer composer;
    private long updates;

    /** As the full constructor, picking the candidate of the best acquisition value (no extra exploration). */
    public RewardModelLearner(String name, Config config, RewardFunction reward, Implicit implicit, Edits edits,
                              TrackParams params) {
        this(name, config, new EpsilonGreedy(0, 1, 0, false), reward, implicit, edits, params);
    }

    /**
     * @param policy picks among the candidates given their acquisition values: epsilon-greedy with epsilon 0
     *               takes the best; a positive epsilon plays a random candidate that often (a fixed exploration
     *               share set by the listener, for example)
     */
    public RewardModelLearner(String name, Config config, ExplorationPolicy policy, RewardFunction reward,
                              Implicit implicit, Edits edits, TrackParams params) {
        this.name = name;
        this.config = config;
        this.policy = policy;
        this.reward = reward;
        this.implicit = implicit;
        this.edits = edits;
        double[] m0 = new double[basis.size()];
        double[] s0 = new double[basis.size()];
        java.util.Arrays.fill(s0, config.weightSd());
        m0[0] = config.priorMean();
        s0[0] = config.priorSd();
        this.model = new BayesLinear(m0, s0, config.noiseSd());
        this.parts = new PartHeads(config.partWeight(), config.priorMean(), config.priorSd(), config.weightSd(),
                config.noiseSd());
        params(params);
    }

    private RewardModelLearner(RewardModelLearner o) {
        this.name = o.name;
        this.config = o.config;
        this.policy = o.policy;
        this.reward = o.reward;
        this.implicit = o.implicit;
        this.edits = o.edits;
        this.model = o.model.copy();
        this.parts = o.parts.copy();
        this.log = o.log; // shared: see HeardLog
        this.heardCount = o.heardCount;
        this.eliteIndex = o.eliteIndex.copy();
        this.params = o.params;
        this.composer = o.composer;
        this.updates = o.updates;
    }

    @Override
    public RewardModelLearner copy() {
        return new RewardModelLearner(this);
    }

    /**
     * What this learner learned, frozen: its model, part heads and heard tracks as they are now, to be written
     * ({@link Image#write}) on another thread while this learner goes on (issue 16: the device's snapshot on disk).
     * Costs a copy of the models and of the heard list's references.
     */
    public Image image() {
        return new Image(model.copy(), parts.copy(), updates, List.copyOf(log.rated.subList(0, heardCount)));
    }

    /** A learner's learned state, frozen by {@link #image}: never changed after. */
    public static final class Image {
        private final BayesLinear model;
        private final PartHeads parts;
        private final long updates;
        private final List<Rated> heard;

        private Image(BayesLinear model, PartHeads parts, long updates, List<Rated> heard) {
            this.model = model;
            this.parts = parts;
            this.updates = updates;
            this.heard = heard;
        }

        public int heard() {
            return heard.size();
        }

        /** Writes it for {@link #restore}. */
        public void write(java.io.DataOutput out) throws java.io.IOException {
            model.write(out);
            parts.write(out);
            out.writeLong(updates);
            out.writeInt(heard.size());
            for (Rated r : heard) {
                writeBytes(r.key().bytes(), out);
                writeBytes(r.packed(), out);
                out.writeByte(r.mask());
                writeDoubles(r.desc(), out);
                writeBytes(r.pitches(), out);
            }
        }
    }

    /**
     * Makes this learner, just built and not yet taught anything, the one an {@link Image} was written of: what it
     * learned then. Its configuration (the preset) is its own, and must be the image's: the caller checks that. A
     * damaged image throws an IOException and leaves this learner unusable (build another).
     */
    public void restore(java.io.DataInput in) throws java.io.IOException {
        if (heardCount != 0 || updates != 0) {
            throw new IllegalStateException("restore into a learner that has learned");
        }
        model.read(in);
        parts.read(in);
        long u = in.readLong();
        int n = in.readInt();
        if (u < 0 || n < 0) {
            throw new java.io.IOException("a negative count");
        }
        for (int i = 0; i < n; i++) {
            TrackKey key = TrackKey.ofBytes(readBytes(in));
            byte[] packed = readBytes(in);
            int mask = in.readUnsignedByte();
            if (mask >= 1 << PartHeads.partCount()) {
                throw new java.io.IOException("heard track " + i + ": parts " + mask);
            }
            double[] desc = readDoubles(in);
            if (desc == null || desc.length != Rated.length(mask)) {
                throw new java.io.IOException("heard track " + i + ": descriptors of another basis");
            }
            byte[] pitches = readBytes(in);
            if (log.contains(key, heardCount)) {
                throw new java.io.IOException("heard track " + i + " is there twice");
            }
            log.append(heardCount++, key, new Rated(key, packed, desc, pitches, mask));
        }
        updates = u;
    }

    private static final int MAX_ARRAY = 1 << 24;

    static void writeBytes(byte[] b, java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] readBytes(java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ARRAY) {
            throw new java.io.IOException("an array of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** A nullable array of doubles. */
    static void writeDoubles(double[] a, java.io.DataOutput out) throws java.io.IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > 4096) {
            throw new java.io.IOException("an array of " + n + " numbers");
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
            if (!Double.isFinite(a[i])) {
                throw new java.io.IOException("a feature that is not a number");
            }
        }
        return a;
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
    public boolean exploration(ExplorationPolicy p) {
        if (p.usesVisits()) {
            return false; // candidates are scored, not counted
        }
        policy = p;
        return true;
    }

    @Override
    public Proposal propose(Track current, RandomGenerator rng) {
        return choose(current, fresh(made(current, elites(current), params, composer, rng)), rng);
    }

    /**
     * The candidates made ahead (issue 13 item 5): the elites are taken now, from the model before the rating of
     * {@code current}; the edits, variations and fresh tracks and their descriptors are made by {@link
     * Prepared#make} from {@code rng}, off the lock. After the rating, {@link #propose(Prepared, RandomGenerator)}
     * leaves out the heard ones and scores the rest by the model that learned it.
     */
    @Override
    public Prepared prepare(Track current, RandomGenerator rng) {
        List<Track> elites = elites(current);
        TrackParams p = params;
        Composer c = composer;
        return new Ahead(this, current, p, () -> made(current, elites, p, c, rng));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Proposal propose(Prepared p, RandomGenerator rng) {
        if (!(p instanceof Ahead a) || a.by() != this || !a.params.equals(params)) {
            return propose(p.current(), rng); // made for other parameters (or by another learner): afresh
        }
        return choose(p.current(), fresh((List<Made>) p.made()), rng);
    }

    /** A {@link Prepared} of this learner, with the parameters its candidates were made under. */
    private static final class Ahead extends Prepared {
        private final TrackParams params;

        Ahead(RewardModelLearner by, Track current, TrackParams params, java.util.function.Supplier<?> work) {
            super(by, current, work);
            this.params = params;
        }
    }

    /** A candidate as made, before the heard ones are left out. */
    private record Made(Action action, Track track, TrackKey key, double[] phi) {
    }

    private Proposal choose(Track current, List<Candidate> cands, RandomGenerator rng) {
        if (cands.isEmpty()) { // every candidate was heard already: any fresh track will do
            Track t = composer.fresh(rng);
            return new Proposal(new Transition(current, new Action(ActionType.COMPOSE, 0), t), true);
        }
        double[] w = config.acquisition() == Acquisition.THOMPSON ? model.sample(rng) : null;
        double[] mu = model.mean();
        boolean withParts = parts.active(); // no part rated yet: scored (and drawn) exactly as without part heads
        PartHeads.Step step = withParts ? parts.new Step(config.acquisition() == Acquisition.THOMPSON, rng) : null;
        double[] scores = new double[cands.size()];
        int bestMean = 0;
        double bestMeanScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            double[] phi = cands.get(i).phi();
            double m = BayesLinear.dot(mu, phi);
            if (withParts) {
                PartHeads.Features f = parts.features(cands.get(i).track(), params);
                m += parts.mean(f);
                scores[i] = switch (config.acquisition()) {
                    case THOMPSON -> BayesLinear.dot(w, phi) + step.sampled(f);
                    case UCB -> m + config.beta() * Math.sqrt(model.variance(phi) + parts.variance(f));
                    case GREEDY -> m;
                };
            } else {
                scores[i] = switch (config.acquisition()) {
                    case THOMPSON -> BayesLinear.dot(w, phi);
                    case UCB -> m + config.beta() * Math.sqrt(model.variance(phi));
                    case GREEDY -> m;
                };
            }
            if (m > bestMeanScore) {
                bestMeanScore = m;
                bestMean = i;
            }
        }
        ExplorationPolicy.Choice c = policy.select(scores, scores.length, updates, rng);
        Candidate best = cands.get(c.index());
        return new Proposal(new Transition(current, best.action(), best.track()), c.explored() || c.index() != bestMean);
    }

    /**
     * The candidates, in order: the paper's single edits of {@code current}, variations of {@code elites} and fresh
     * tracks, each with its descriptors. Reads nothing of the learner that changes: it may run off the lock.
     */
    private List<Made> made(Track current, List<Track> elites, TrackParams p, Composer c, RandomGenerator rng) {
        List<Made> out = new ArrayList<>();
        Action compose = new Action(ActionType.COMPOSE, 0);
        if (config.edits()) {
            int n = Edits.indices(current);
            for (ActionType type : ActionType.values()) {
                if (type == ActionType.COMPOSE) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    Action a = new Action(type, i);
                    out.add(made(a, edits.apply(current, a), p));
                }
            }
        }
        for (int k = 0; k < config.variations(); k++) {
            Track base = elites.get(rng.nextInt(elites.size()));
            out.add(made(compose, c.vary(base, 1 + rng.nextInt(config.maxMoves()), rng), p));
        }
        for (int k = 0; k < config.fresh(); k++) {
            out.add(made(compose, c.fresh(rng), p));
        }
        return out;
    }

    private Made made(Action a, Track t, TrackParams p) {
        return new Made(a, t, TrackKey.of(t), basis.of(t, p));
    }

    /** The candidates not heard yet, each once, in the order made. */
    private List<Candidate> fresh(List<Made> made) {
        List<Candidate> out = new ArrayList<>();
        Set<TrackKey> seen = new HashSet<>(); // this round's candidates; heard ones are looked up, not copied
        for (Made m : made) {
            if (!log.contains(m.key(), heardCount) && seen.add(m.key())) {
                out.add(new Candidate(m.action(), m.track(), m.phi()));
            }
        }
        return out;
    }

    /**
     * The current track and the {@code elites} rated tracks the model now scores best (that fit the parameters), best
     * first, ties in rating order: found through the {@link EliteIndex}, which gives what a scan of every heard track
     * gives ({@link #scanElites}) without reading them all at each proposal.
     */
    private List<Track> elites(Track current) {
        List<Track> out = new ArrayList<>();
        out.add(current);
        for (int i : eliteIndices()) {
            out.add(log.rated.get(i).track());
        }
        return out;
    }

    /** The heard tracks' indices of the elites, best first (through the index). */
    int[] eliteIndices() {
        if (heardCount == 0 || config.elites() <= 0) {
            return new int[0];
        }
        double[] constants = new double[PartHeads.partCount()];
        double[][] partWeights = parts.flatWeights(constants);
        EliteIndex.Weights w = new EliteIndex.Weights(model.mean(), partWeights, constants);
        // what decides which tracks fit (fitsParams): another length, scale or base note builds the index anew
        Object fitKey = java.util.List.of(params.length(), params.scale(), params.baseNote());
        return eliteIndex.top(config.elites(), heardCount, fitKey, items(), w, scanValue());
    }

    /** The same by scoring every heard track: what {@link #eliteIndices} must equal. */
    int[] scanElites() {
        if (heardCount == 0 || config.elites() <= 0) {
            return new int[0];
        }
        return EliteIndex.scan(config.elites(), heardCount, items(), scanValue());
    }

    /** For tests: an elite index that keeps {@code keep} tracks at a build (empty, built at the next proposal). */
    void eliteKeep(int keep) {
        eliteIndex = new EliteIndex(keep);
    }

    /** Full scans of the heard tracks the elite index made so far (its builds). */
    long eliteScans() {
        return eliteIndex.scans();
    }

    private EliteIndex.Items items() {
        List<Rated> rated = log.rated;
        return new EliteIndex.Items() {
            @Override
            public double[] phi(int i) {
                return rated.get(i).phi();
            }

            @Override
            public PartHeads.Features parts(int i) {
                return rated.get(i).parts();
            }

            @Override
            public boolean fits(int i) {
                return fitsParams(rated.get(i).pitches());
            }
        };
    }

    /** A heard track's value as candidates are ranked: the posterior mean plus, once parts were rated, their term. */
    private EliteIndex.Scan scanValue() {
        List<Rated> rated = log.rated;
        double[] mu = model.mean();
        boolean withParts = parts.active();
        return i -> BayesLinear.dot(mu, rated.get(i).phi()) + (withParts ? parts.mean(rated.get(i).parts()) : 0);
    }

    /**
     * Whether a rated track may seed variations under the parameters in force: after the user shortens the
     * track or changes key, tracks made for the old parameters must not come back through their variations
     * (the taste model itself carries over).
     */
    private boolean fitsParams(byte[] melody) {
        if (melody.length > params.length()) {
            return false;
        }
        int inScale = 0;
        for (byte pitch : melody) {
            if (params.scale().contains(params.baseNote(), pitch)) {
                inScale++;
            }
        }
        return inScale * 2 >= melody.length;
    }

    @Override
    public void learn(Transition heardTransition, Rating rating) {
        observe(heardTransition.after(), reward.reward(rating), 1);
        parts.observe(heardTransition.after(), params, rating);
        updates++;
    }

    @Override
    public void signal(Transition heardTransition, ImplicitSignal signal) {
        Double as = implicit.as().get(signal);
        if (as != null) {
            observe(heardTransition.after(), as, implicit.weight());
        }
    }

    private void observe(Track t, double y, double weight) {
        double[] desc = Descriptors.of(t, params);
        double[] phi = basis.expand(desc); // basis.of(t, params)
        model.observe(phi, y, weight);
        TrackKey key = TrackKey.of(t);
        if (!log.contains(key, heardCount)) {
            log.append(heardCount++, key, Rated.of(key, t, desc, params));
        }
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public long entries() {
        return basis.size();
    }

    /** Posterior mean of the reward of {@code t}. */
    public double expected(Track t) {
        return model.predict(basis.of(t, params));
    }

    public BayesLinear model() {
        return model;
    }

    /**
     * The posterior mean of what candidates are ranked by: the overall model's value of {@code t} plus, once parts
     * were rated, the part heads' term ({@link PartHeads}).
     */
    public double value(Track t) {
        double v = expected(t);
        return parts.active() ? v + parts.mean(parts.features(t, params)) : v;
    }

    /** The posterior mean of part {@code p}'s head (a copy): its bias first, then its descriptors' terms. */
    public double[] partMean(org.hitlmidi.music.Part p) {
        return parts.mean(p);
    }

    /** Ratings of part {@code p} learned from. */
    public long partRatings(org.hitlmidi.music.Part p) {
        return parts.ratings(p);
    }

    /** The predicted rating of part {@code p} of {@code t} by its head. */
    public double expectedPart(org.hitlmidi.music.Part p, Track t) {
        return parts.predict(p, t, params);
    }

    /**
     * Per descriptor, the value on its 0..1 scale the model likes best and how many reward points the model
     * says lie between its best and worst value: the most important descriptors first.
     */
    @Override
    public Explanation explain(int top) {
        double[] mu = model.mean();
        List<Explanation.Belief> beliefs = new ArrayList<>();
        for (int j = 0; j < Descriptors.SIZE; j++) {
            FeatureBasis.Peak peak = basis.peak(mu, j);
            String d = Descriptors.NAMES.get(j);
            beliefs.add(new Explanation.Belief(d, peak.range(), String.format(Locale.ROOT,
                    "%-15s likes %s (worth %.1f rating points)", d, Descriptors.inUnits(j, peak.x(), params), peak.range())));
        }
        beliefs.sort(Comparator.comparingDouble(b -> -b.value()));
        List<Explanation.Belief> shown = new ArrayList<>(beliefs.subList(0, Math.min(top, beliefs.size())));
        shown.addAll(parts.beliefs(Math.max(1, Math.min(3, top)), params)); // what the part ratings taught, per part
        return new Explanation(name, "reward-model", updates, basis.size() + (parts.active() ? parts.parameters() : 0),
                heardCount, shown);
    }
}
