package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.Feedback;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.hitlmidi.store.SyntheticHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device on a long history (issue 16, item 9): an undo reads only the ratings since the learner's checkpoint, not the
 * history, and gives the learner a replay of the whole store gives; panic never waits for the device's lock. Timing is
 * measured by {@code hitl-midi bench history} (300,000 ratings), not asserted here: these assert the work done.
 */
class LongHistoryTest {
    private static final int HISTORY = 3000;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private DeviceRunner start() throws Exception {
        DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("run/c.sock"), true,
                "default", "synth", Optional.empty(), OptionalLong.of(4), false, null), PortOutputs::open);
        open.add(r);
        return r;
    }

    private ControlClient client() throws Exception {
        ControlClient c = ControlClient.connect(dir.resolve("run/c.sock"));
        open.add(c);
        return c;
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    /** Mutation caught: undo rebuilding the learner from the whole history (as it did: {@code rebuildLearner()}). */
    @Test
    void anUndoReadsOnlyTheRatingsSinceTheCheckpointAndGivesTheFullReplaysLearner() throws Exception {
        Profile p = SyntheticHistory.write(dir.resolve("data"), "default", Learners.DEFAULT, HISTORY, 40, 5);
        DeviceRunner r = start();
        Device d = r.device();
        assertThat(d.checkpointsForTest().lastReplayed()).as("the start reads the history once").isEqualTo(HISTORY);
        ControlClient c = client();
        for (int i = 0; i < 3; i++) {
            c.call("rate", f().put("overall", 3 + i));
        }
        c.call("keep", f()); // a signal after the last rating: replayed too
        ObjectNode u = c.call("undo");
        long read = d.checkpointsForTest().lastReplayed();
        assertThat(read).as("records the undo read (the history is " + HISTORY + ")").isBetween(1L, 4L);
        c.call("undo");
        assertThat(d.checkpointsForTest().lastReplayed()).isBetween(1L, 4L);
        ObjectNode s = c.call("status");
        assertThat(s.path("ratings").asLong()).isEqualTo(HISTORY + 1);

        Learner live = d.learnerForTest();
        Learner full = fullReplay(p);
        assertThat(live.updates()).isEqualTo(HISTORY + 1).isEqualTo(full.updates());
        assertThat(live.explain(Integer.MAX_VALUE)).isEqualTo(full.explain(Integer.MAX_VALUE));
        assertThat(s.path("updates").asLong()).isEqualTo(HISTORY + 1);
        assertThat(u.path("ratingId").asLong()).isPositive();
    }

    /** The default learner built afresh and given the whole store, in order: what the live one must equal. */
    private Learner fullReplay(Profile p) {
        Learner full = Learners.build(Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, Learners.DEFAULT),
                new Edits(EditRules.PAPER.withKit(p.params().kit())), p.params());
        try (SqliteStore store = SqliteStore.openIn(dir.resolve("data"))) {
            Feedback.replay(store.feedback(p.id()), full);
        }
        full.params(p.params());
        return full;
    }

    /**
     * An undo of one of the session's last ratings restores the learner as it was just before that rating and reads
     * only what came after it: the undone ratings and a signal, not the 40 ratings since the start's checkpoint; the
     * learner still equals a replay of the whole store. Mutation caught: no copy kept before each rating (each undo
     * then read the 40 to 41 records since the checkpoint at the start).
     */
    @Test
    void anUndoReadsOnlyWhatCameAfterTheUndoneRating() throws Exception {
        Profile p = SyntheticHistory.write(dir.resolve("data"), "default", Learners.DEFAULT, HISTORY, 40, 5);
        DeviceRunner r = start();
        Device d = r.device();
        ControlClient c = client();
        for (int i = 0; i < 40; i++) {
            c.call("rate", f().put("overall", 1 + i % 10));
        }
        c.call("keep", f()); // a signal after the last rating: replayed too
        for (int k = 1; k <= 3; k++) {
            c.call("undo");
            assertThat(d.checkpointsForTest().lastReplayed()).as("records undo " + k + " read (40 ratings since the "
                    + "start's checkpoint)").isBetween(1L, k + 1L);
        }
        c.call("rate", f().put("overall", 8));
        Learner live = d.learnerForTest();
        Learner full = fullReplay(p);
        assertThat(live.updates()).isEqualTo(HISTORY + 38).isEqualTo(full.updates());
        assertThat(live.explain(Integer.MAX_VALUE)).isEqualTo(full.explain(Integer.MAX_VALUE));
        assertThat(d.rebuiltLearnerForTest()).usingRecursiveComparison(SessionPropertyTest.COMPARISON).isEqualTo(live);
    }

    /**
     * Rate and undo in turn (as `bench history` does) never reach a checkpoint's 256 new ratings, so every undo read
     * every undone rating since the last one again: at 300,000 ratings the undo grew by a record a round. Now an
     * undo that read {@link Checkpoints#AGAIN} records or more keeps where it ended as a checkpoint, and the learner
     * still equals a full replay. Mutation caught: that checkpoint not kept (the reads grow to 70).
     */
    @Test
    void rateAndUndoInTurnReadABoundedTail() throws Exception {
        DeviceRunner r = start();
        Device d = r.device();
        ControlClient c = client();
        long most = 0;
        for (int i = 0; i < 70; i++) {
            c.call("rate", f().put("overall", 1 + i % 10));
            c.call("undo");
            most = Math.max(most, d.checkpointsForTest().lastReplayed());
        }
        assertThat(most).as("the most records an undo read in 70 rounds").isLessThanOrEqualTo(Checkpoints.AGAIN + 2);
        c.call("rate", f().put("overall", 9));
        Learner live = d.learnerForTest();
        Profile p;
        try (SqliteStore store = SqliteStore.openIn(dir.resolve("data"))) {
            p = store.profile("default").orElseThrow();
        }
        Learner full = fullReplay(p);
        assertThat(live.updates()).isEqualTo(1).isEqualTo(full.updates());
        assertThat(live.explain(Integer.MAX_VALUE)).isEqualTo(full.explain(Integer.MAX_VALUE));
    }

    /**
     * `profile export` and `profile import` stream: 20,000 ratings (a 60 MB export) go out and back in through JVMs of
     * their own with a 48 MB heap, and every rating arrives. Mutation caught: the import reading the whole file first
     * ({@code Files.readString} and a JSON tree, as it did: OutOfMemoryError), and the export building the whole tree
     * (as it did).
     */
    @Test
    void exportAndImportStreamAtASmallHeap() throws Exception {
        int n = 20_000;
        SyntheticHistory.write(dir.resolve("data"), "default", Learners.DEFAULT, n, 40, 8);
        Path file = dir.resolve("export.json");
        cli(dir.resolve("data"), "profile", "export", "default", "-o", file.toString());
        assertThat(java.nio.file.Files.size(file)).as("export bytes").isGreaterThan(48L << 20);
        cli(dir.resolve("imported"), "profile", "import", file.toString());
        try (SqliteStore a = SqliteStore.openIn(dir.resolve("data")); SqliteStore b = SqliteStore.openIn(dir.resolve("imported"))) {
            long pa = a.profile("default").orElseThrow().id();
            long pb = b.profile("default").orElseThrow().id();
            assertThat(b.ratingCount(pb, true)).isEqualTo(n);
            // the last rating arrived whole: its track, its action and its place
            var last = new org.hitlmidi.store.RatingRecord[2];
            a.replay(pa, 0, Long.MAX_VALUE, f -> last[0] = (org.hitlmidi.store.RatingRecord) f);
            b.replay(pb, 0, Long.MAX_VALUE, f -> last[1] = (org.hitlmidi.store.RatingRecord) f);
            assertThat(last[1].transition()).isEqualTo(last[0].transition());
            assertThat(last[1].rating()).isEqualTo(last[0].rating());
        }
    }

    private static void cli(Path data, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "org.hitlmidi.cli.Main",
                "--data-dir", data.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ": " + out).isZero();
    }

    /**
     * A thread that holds the device's lock, as a long undo or a learner being rebuilt holds it, from
     * {@link #holding} (returns once it holds it) until closed.
     */
    private static final class Busy implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);
        private final Thread thread;

        private Busy(Object lock, CountDownLatch held) {
            thread = new Thread(() -> {
                synchronized (lock) {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            thread.start();
        }

        static Busy holding(Object lock) throws InterruptedException {
            CountDownLatch held = new CountDownLatch(1);
            Busy b = new Busy(lock, held);
            assertThat(held.await(30, TimeUnit.SECONDS)).as("the lock held").isTrue();
            return b;
        }

        @Override
        public void close() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }

    /** Mutation caught: {@code Device.panic} synchronized (as it was: it waited behind an undo's replay). */
    @Test
    void panicDoesNotWaitForTheDevicesLock() throws Exception {
        DeviceRunner r = start();
        Device d = r.device();
        try (Busy busy = Busy.holding(d)) {
            CompletableFuture<ObjectNode> panic = CompletableFuture.supplyAsync(d::panic);
            assertThat(panic.get(20, TimeUnit.SECONDS)).as("panic answered while the device was busy").isNotNull();
        }
    }

    /**
     * Mutation caught: {@code Device.status} synchronized (as it was: at 300,000 ratings it waited behind an undo's
     * replay, p99 254 ms). While the lock is held it answers the last full status, marked busy, counting the rating
     * stored just before.
     */
    @Test
    void statusDoesNotWaitForTheDevicesLock() throws Exception {
        DeviceRunner r = start();
        Device d = r.device();
        ControlClient c = client();
        ObjectNode first = c.call("status");
        assertThat(first.path("busy").asBoolean(true)).isFalse();
        c.call("rate", f().put("overall", 7));
        try (Busy busy = Busy.holding(d)) {
            ObjectNode s = CompletableFuture.supplyAsync(d::status).get(20, TimeUnit.SECONDS);
            assertThat(s.path("busy").asBoolean()).as("answered while the device was busy, and says so").isTrue();
            assertThat(s.path("ratings").asLong()).isEqualTo(first.path("ratings").asLong() + 1);
            assertThat(s.path("profile").asText()).isEqualTo("default");
            assertThat(s.path("port").path("state").asText()).isEqualTo("connected");
        }
        assertThat(c.call("status").path("busy").asBoolean(true)).isFalse();
    }
}
