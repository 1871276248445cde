package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.midi.MidiPort;
import org.hitlmidi.midi.MidiReceiver;
import org.hitlmidi.midi.Player;
import org.hitlmidi.midi.PortOptions;
import org.hitlmidi.midi.PortState;
import org.hitlmidi.midi.RecordingPort;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's property: random sessions (rate, undo, next, keep, export, params, a profile switch, a learner
 * switch, the exploration knob and a restart) against a real {@link Device} on a SQLite file in a temporary data
 * dir, playing to a port that counts the notes sounding. After every step:
 * <ul>
 * <li>the learner a rebuild from the store gives equals the live one, every weight and Q-value (a field by field
 * comparison of the two object graphs), and after a restart the new device's learner equals the one before;</li>
 * <li>the store holds exactly what was acknowledged: per profile, the ratings (overall, undone or not) and the
 * implicit signals, in order; an undo succeeds exactly when this session has a rating left to undo;</li>
 * <li>no note is left on: with the track stopped, every note-on has had its note-off.</li>
 * </ul>
 * 1,000 sequences of up to 10 steps in CI ({@code -Dhitl.property.sessions=N} for more or fewer), each drawn from
 * its own seed; a failure names the seed, the learner and the steps up to the one that failed, and
 * {@code -Dhitl.property.seed=S -Dhitl.property.sessions=1} replays it. (Written with a seeded generator rather
 * than jqwik: from 1.10 on, jqwik's author asks AI agents, who write this code, not to use it.)
 */
class SessionPropertyTest {
    private static final List<String> LEARNERS = List.of("paper", "paper-code", "abstract-softmax", "abstract-ucb",
            "feature-q", "taste-model", "taste-compound", "contour-decay", "prior");
    private static final List<String> PROFILES = List.of(Profile.DEFAULT, "other");

    // ---- the steps ----

    sealed interface Step {
    }

    record Rate(int overall, boolean next) implements Step {
    }

    record Undo() implements Step {
    }

    record Next() implements Step {
    }

    record Keep() implements Step {
    }

    record Export() implements Step {
    }

    /** One parameter: base, scale or tempo (the first two start an episode and rebuild; tempo does neither). */
    record Params(String field, String value) implements Step {
    }

    /** The exploration knob: a value, or null for the preset's own. */
    record Exploration(Double epsilon) implements Step {
    }

    record SwitchProfile(String name) implements Step {
    }

    record SwitchLearner(String name) implements Step {
    }

    record Restart() implements Step {
    }

    private static final List<String> BASES = List.of("C4", "E4", "G3", "Bb3");
    private static final List<String> SCALES = List.of("major", "dorian", "minor-pentatonic");
    private static final List<String> TEMPI = List.of("90", "120", "150");
    private static final Double[] EPSILONS = {0.0, 0.3, 1.0};
    /** How often each kind of step is drawn (rate 6, undo 2, next 2, keep 1, export 1, params 2, the rest 1). */
    private static final int[] WEIGHTS = {6, 2, 2, 1, 1, 2, 1, 1, 1, 1};

    /** One random session: 1 to 10 steps, drawn with the weights above. */
    static List<Step> session(SplittableRandom r) {
        return session(r, WEIGHTS, 10);
    }

    /**
     * Mostly ratings and undos (rate 6, undo 5, next 2, params 1, exploration 1, the learner 1, a restart 1): runs of
     * undos that go back through the copies kept before each rating (issue 16 item 9), past a restart and a switch.
     */
    private static final int[] UNDO_WEIGHTS = {6, 5, 2, 0, 0, 1, 1, 0, 1, 1};

    /** One random session of 1 to {@code most} steps, drawn with {@code weights} (in the order of the kinds above). */
    static List<Step> session(SplittableRandom r, int[] weights, int most) {
        int n = 1 + r.nextInt(most);
        int total = java.util.Arrays.stream(weights).sum();
        List<Step> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int u = r.nextInt(total);
            int kind = 0;
            while (u >= weights[kind]) {
                u -= weights[kind++];
            }
            out.add(switch (kind) {
                case 0 -> new Rate(1 + r.nextInt(10), r.nextInt(4) != 3);
                case 1 -> new Undo();
                case 2 -> new Next();
                case 3 -> new Keep();
                case 4 -> new Export();
                case 5 -> switch (r.nextInt(3)) {
                    case 0 -> new Params("base", BASES.get(r.nextInt(BASES.size())));
                    case 1 -> new Params("scale", SCALES.get(r.nextInt(SCALES.size())));
                    default -> new Params("tempo", TEMPI.get(r.nextInt(TEMPI.size())));
                };
                case 6 -> new Exploration(r.nextInt(4) == 0 ? null : EPSILONS[r.nextInt(EPSILONS.length)]);
                case 7 -> new SwitchProfile(PROFILES.get(r.nextInt(PROFILES.size())));
                case 8 -> new SwitchLearner(LEARNERS.get(r.nextInt(LEARNERS.size())));
                default -> new Restart();
            });
        }
        return out;
    }

    @Test
    void aSessionIsWhatTheStoreRebuilds() throws Exception {
        int sessions = Integer.getInteger("hitl.property.sessions", 1000);
        long first = Long.getLong("hitl.property.seed", 1L);
        java.util.Set<String> learnersSeen = new java.util.TreeSet<>();
        int steps = 0;
        for (long seed = first; seed < first + sessions; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            String learner = LEARNERS.get(r.nextInt(LEARNERS.size()));
            List<Step> session = session(r);
            learnersSeen.add(learner);
            steps += session.size();
            run(seed, learner, session);
        }
        // the generator really covers the space: every learner starts some session (at 1,000 sessions)
        if (sessions >= 200) {
            assertThat(learnersSeen).containsExactlyInAnyOrderElementsOf(LEARNERS);
        }
        System.out.printf("session property: %d sessions, %d steps, every one rebuilt, stored and silent%n", sessions, steps);
    }

    /**
     * Undo-dense sessions (up to 24 steps, half of them ratings and undos): each undo restores the learner from the copy
     * kept before the undone rating, and it still equals a rebuild from the store after every step. 60 sessions in CI
     * ({@code -Dhitl.property.undoSessions=N}). Mutation caught: a copy before the rating that shares its model with
     * the live learner (a shallow copy).
     */
    @Test
    void undoHeavySessionsAreWhatTheStoreRebuilds() throws Exception {
        int sessions = Integer.getInteger("hitl.property.undoSessions", 60);
        long first = Long.getLong("hitl.property.seed", 1L);
        int undos = 0;
        for (long seed = first; seed < first + sessions; seed++) {
            SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
            String learner = LEARNERS.get(r.nextInt(LEARNERS.size()));
            List<Step> session = session(r, UNDO_WEIGHTS, 24);
            undos += (int) session.stream().filter(st -> st instanceof Undo).count();
            run(seed, learner, session);
        }
        System.out.printf("undo-heavy session property: %d sessions, %d undos, every step rebuilt%n", sessions, undos);
    }

    private static void run(long seed, String learner, List<Step> steps) throws Exception {
        Path dir = Files.createTempDirectory("hitl-midi-property-");
        List<Step> done = new ArrayList<>();
        try (Session s = new Session(dir, learner)) {
            for (Step step : steps) {
                done.add(step);
                s.apply(step);
                s.check(step);
            }
        } catch (AssertionError | Exception e) {
            throw new AssertionError("seed " + seed + ", learner " + learner + ", failed at the last of " + done
                    + " (replay: -Dhitl.property.seed=" + seed + " -Dhitl.property.sessions=1)", e);
        } finally {
            DataDirs.deleteTree(dir);
        }
    }

    // ---- the device and the model of what it acknowledged ----

    /** A rating as the store should hold it. */
    private record Rated(int overall, boolean undone) {
    }

    /** What was acknowledged, per profile. */
    private static final class Acked {
        final List<Rated> ratings = new ArrayList<>();
        final List<String> signals = new ArrayList<>();
    }

    private static final class Session implements AutoCloseable {
        private final Path dir;
        private final SqliteStore store;
        private final Map<String, Acked> acked = new LinkedHashMap<>();
        /** Indexes (into the profile's ratings) that this session can undo, last on top. */
        private final Deque<Integer> undoable = new ArrayDeque<>();
        private final Presets presets;
        private String profile = Profile.DEFAULT;
        private RecordingPort port;
        private Player player;
        private Device device;
        private int exports;
        private long seed = 1;

        Session(Path dir, String learner) throws Exception {
            this.dir = dir;
            Path data = Files.createDirectories(dir.resolve("data"));
            store = SqliteStore.openIn(data);
            store.createProfile(Profile.DEFAULT, learner, org.hitlmidi.music.TrackParams.defaults());
            presets = new Presets(Optional.of(data));
            Files.createDirectories(dir.resolve("out"));
            acked.put(Profile.DEFAULT, new Acked());
            open();
        }

        private void open() {
            port = new RecordingPort(new SinkPort());
            player = new Player(port);
            Consumer<String> log = line -> { };
            device = Device.open(store, presets, port, player, (e, b) -> { }, log, new SplittableRandom(seed++),
                    profile, () -> { }, dir.resolve("data"), PortOptions.defaults(dir.resolve("data")), Optional.empty());
        }

        private void shut() {
            device.close();
            player.close();
            port.close();
        }

        void apply(Step step) throws Exception {
            Acked a = acked.get(profile);
            if (step instanceof Rate r) {
                device.rate(Rating.of(r.overall()), "test", Optional.empty(), r.next());
                a.ratings.add(new Rated(r.overall(), false));
                undoable.push(a.ratings.size() - 1);
            } else if (step instanceof Undo) {
                boolean expected = !undoable.isEmpty();
                boolean done;
                try {
                    device.undo();
                    done = true;
                } catch (ControlException e) {
                    done = false;
                }
                assertThat(done).as("undo succeeds exactly when this session has a rating to undo").isEqualTo(expected);
                if (done) {
                    int i = undoable.pop();
                    a.ratings.set(i, new Rated(a.ratings.get(i).overall(), true));
                }
            } else if (step instanceof Next) {
                device.next();
                a.signals.add("skip");
            } else if (step instanceof Keep) {
                device.keep("");
                a.signals.add("keep");
            } else if (step instanceof Export) {
                device.export(dir.resolve("out").resolve("t" + exports++ + ".mid"), Optional.empty());
                a.signals.add("export");
            } else if (step instanceof Params p) {
                ObjectNode set = Protocol.nodes().objectNode();
                if (p.field().equals("tempo")) {
                    set.put("tempo", Integer.parseInt(p.value()));
                } else {
                    set.put(p.field(), p.value());
                }
                device.params(set);
            } else if (step instanceof Exploration x) {
                ObjectNode set = Protocol.nodes().objectNode();
                if (x.epsilon() == null) {
                    set.putNull("exploration");
                } else {
                    set.put("exploration", x.epsilon());
                }
                device.params(set);
            } else if (step instanceof SwitchProfile sp) {
                device.profile(Optional.of(sp.name()), true);
                if (!sp.name().equals(profile)) {
                    profile = sp.name();
                    acked.putIfAbsent(profile, new Acked());
                    undoable.clear();
                }
            } else if (step instanceof SwitchLearner sl) {
                device.learner(Optional.of(sl.name()));
            } else if (step instanceof Restart) {
                Learner before = device.learnerForTest();
                shut();
                assertThat(port.sounding()).as("notes left on by the device that stopped").isZero();
                undoable.clear();
                open();
                assertSame(device.learnerForTest(), before, "the restarted device's learner");
            }
        }

        void check(Step step) throws Exception {
            assertSame(device.rebuiltLearnerForTest(), device.learnerForTest(), "after " + step
                    + ", the learner rebuilt from the store");
            for (var e : acked.entrySet()) {
                long id = store.profile(e.getKey()).orElseThrow().id();
                assertThat(store.ratings(id, true)).extracting(x -> new Rated(x.rating().overall(), x.undone()))
                        .as("after %s, the ratings of profile %s", step, e.getKey())
                        .containsExactlyElementsOf(e.getValue().ratings);
                assertThat(store.signals(id)).extracting(x -> x.signal().id())
                        .as("after %s, the signals of profile %s", step, e.getKey())
                        .containsExactlyElementsOf(e.getValue().signals);
            }
            device.stopPlaying();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (port.sounding() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(port.sounding()).as("after %s and a stop, notes still sounding", step).isZero();
        }

        private static void assertSame(Learner actual, Learner expected, String what) {
            assertThat(actual).as(what).usingRecursiveComparison(COMPARISON).isEqualTo(expected);
            assertThat(heard(actual)).as(what + ": the heard tracks it sees").isEqualTo(heard(expected));
        }

        /**
         * The heard tracks a reward-model learner sees: the first heardCount of its log. The log is shared with the
         * device's checkpoints (issue 16), so after an undo it may hold entries beyond the learner's count, which the
         * learner never reads and its next rating drops; the recursive comparison leaves the log out for that.
         */
        private static List<String> heard(Learner l) {
            if (!(l instanceof org.hitlmidi.learn.RewardModelLearner)) {
                return List.of();
            }
            try {
                java.lang.reflect.Field count = l.getClass().getDeclaredField("heardCount");
                java.lang.reflect.Field log = l.getClass().getDeclaredField("log");
                count.setAccessible(true);
                log.setAccessible(true);
                Object heardLog = log.get(l);
                java.lang.reflect.Field rated = heardLog.getClass().getDeclaredField("rated");
                rated.setAccessible(true);
                List<?> all = (List<?>) rated.get(heardLog);
                int n = count.getInt(l);
                List<String> out = new ArrayList<>();
                for (Object r : all.subList(0, n)) {
                    java.lang.reflect.Method key = r.getClass().getDeclaredMethod("key");
                    key.setAccessible(true);
                    out.add(String.valueOf(key.invoke(r)));
                }
                return out;
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("RewardModelLearner's heard log", e);
            }
        }

        @Override
        public void close() {
            shut();
            store.close();
        }
    }

    /**
     * Every field, to the last double, but the tabular learner's scratch arrays (filled anew on each call, so as
     * not to allocate) and the paper-code learner's proposal made and not yet rated (asked again after a restart);
     * a Bayesian linear model by what it learned (precision matrix, b, observations), not by its Cholesky factor
     * and mean, a cache computed when first asked for.
     */
    static final RecursiveComparisonConfiguration COMPARISON = RecursiveComparisonConfiguration.builder()
            .withStrictTypeChecking(true)
            // eliteIndex: the default learner's cache of its best heard tracks, built at a proposal (so a live learner
            // has one and a rebuilt one not yet); EliteIndexTest proves it answers as a scan of the heard tracks does
            .withIgnoredFieldsMatchingRegexes("slots", "values", "counts", "pending", "log", "eliteIndex.*")
            .withComparatorForType(SessionPropertyTest::compareModels, org.hitlmidi.learn.BayesLinear.class)
            .build();

    private static int compareModels(org.hitlmidi.learn.BayesLinear a, org.hitlmidi.learn.BayesLinear b) {
        for (String f : List.of("d", "noiseVar", "precision", "b", "observations")) {
            try {
                java.lang.reflect.Field field = org.hitlmidi.learn.BayesLinear.class.getDeclaredField(f);
                field.setAccessible(true);
                if (!java.util.Objects.deepEquals(field.get(a), field.get(b))) {
                    return 1;
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("BayesLinear." + f, e);
            }
        }
        return 0;
    }

    /** A port that plays nowhere: the {@link RecordingPort} around it counts what is sent. */
    private static final class SinkPort implements MidiPort {
        private volatile PortState state = PortState.CONNECTED;

        @Override
        public String backend() {
            return "test";
        }

        @Override
        public String name() {
            return "sink";
        }

        @Override
        public boolean send(int status, int data1, int data2, long atNanos) {
            return state == PortState.CONNECTED;
        }

        @Override
        public void setReceiver(MidiReceiver receiver) {
        }

        @Override
        public void setStateListener(Consumer<PortState> listener) {
        }

        @Override
        public PortState state() {
            return state;
        }

        @Override
        public void close() {
            state = PortState.CLOSED;
        }
    }
}
