package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.DeviceClient;
import org.hitlmidi.control.DeviceRequest;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.DeviceNotRunningException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.TabularQLearner;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real device process ({@code java -jar target/hitl-midi.jar device}) at random moments of a rating
 * session driven over its socket: every acknowledged rating (and undo) is in the file, the file passes
 * {@code PRAGMA integrity_check}, and the restarted device has the same ratings and the learner a replay builds.
 * 5 kills in normal CI, 50 with -Dhitl.long=true.
 */
class CrashSafetyIT {
    private static final long SEED = 0x7_2026L;

    @TempDir
    Path dir;

    /** What the client was told about one rating. */
    private record Acked(int overall, boolean undone, int round) {
    }

    private Path data() {
        return dir.resolve("data");
    }

    private Path socket() {
        return dir.resolve("s").resolve("c.sock");
    }

    private Process startDevice(int round) throws IOException {
        Path jar = ExternalTools.repo().resolve("target").resolve("hitl-midi.jar");
        assertThat(jar).as("the shaded jar (failsafe runs after package)").exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                "device", "--data-dir", data().toString(), "--socket", socket().toString(), "--backend", "synth",
                "--seed", String.valueOf(round))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("device-out.log").toFile()))
                .start();
    }

    private ControlClient awaitDevice(Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("the device exited with " + p.exitValue() + ":\n"
                        + Files.readString(dir.resolve("device-out.log")));
            }
            try {
                return ControlClient.connect(socket(), Duration.ofSeconds(60));
            } catch (DeviceNotRunningException e) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the device did not answer within 120 s");
    }

    /**
     * The device's status once it has loaded: its socket answers while it still loads the store and replays the
     * learner, with {@code "loading": true} and no counts yet (8c01caa, docs/protocol.md); the typed client asks again
     * until it has loaded, as the CLI and the panel do.
     */
    private static ObjectNode loadedStatus(ControlClient c) throws Exception {
        ObjectNode status = new DeviceClient(c).callJson(new DeviceRequest.Status());
        assertThat(status.path("loading").asBoolean(false)).as("the device loaded within 120 s: %s", status).isFalse();
        return status;
    }

    @Test
    void killNineAtRandomMomentsLosesNoAcknowledgedRating() throws Exception {
        int kills = Boolean.getBoolean("hitl.long") ? 50 : 5;
        SplittableRandom rnd = new SplittableRandom(SEED);
        Map<Long, Acked> acked = new LinkedHashMap<>();
        long ackedRatings = 0;
        long ackedUndos = 0;
        long inFlightStored = 0;
        long inFlightLost = 0;
        long restartNanos = 0;
        // the Q-value comparison below is the paper learner's (new profiles get the default learner)
        try (SqliteStore s = SqliteStore.openIn(data())) {
            s.createProfile(Profile.DEFAULT, Learners.PAPER, org.hitlmidi.music.TrackParams.defaults());
        }
        for (int round = 0; round < kills; round++) {
            long t0 = System.nanoTime();
            Process p = startDevice(round);
            ControlClient c = awaitDevice(p);
            restartNanos += System.nanoTime() - t0;
            long live = acked.values().stream().filter(a -> !a.undone()).count();
            ObjectNode status = loadedStatus(c);
            assertThat(status.path("ratings").asLong()).as("ratings after restart %d", round).isEqualTo(live);
            long credited; // the paper learner credits each rated edit; a fresh track heard unedited (COMPOSE) has none
            try (SqliteStore st = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
                credited = st.ratings(st.profile(Profile.DEFAULT).orElseThrow().id(), false).stream()
                        .filter(r -> r.transition().action().type() != org.hitlmidi.music.ActionType.COMPOSE).count();
            }
            assertThat(status.path("updates").asLong()).as("learner rebuilt after restart %d", round).isEqualTo(credited);
            assertThat(inetSockets(p.pid())).as("TCP/UDP sockets of the device").isEmpty();

            long delayMs = rnd.nextLong(0, 1500);
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    return;
                }
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no note-off, no close
            });
            killer.start();
            String pending = null;
            try {
                while (true) {
                    double op = rnd.nextDouble();
                    if (op < 0.8) {
                        int overall = rnd.nextInt(1, 11);
                        ObjectNode f = Protocol.nodes().objectNode().put("overall", overall);
                        if (rnd.nextBoolean()) {
                            f.put("musicality", rnd.nextInt(1, 11)).put("coherence", rnd.nextInt(1, 11));
                        }
                        pending = "rate";
                        ObjectNode r = c.call("rate", f);
                        acked.put(r.path("ratingId").asLong(), new Acked(overall, false, round));
                        ackedRatings++;
                    } else if (op < 0.9) {
                        pending = "undo";
                        try {
                            long id = c.call("undo").path("ratingId").asLong();
                            Acked a = acked.get(id);
                            assertThat(a).as("undone rating %d was acknowledged", id).isNotNull();
                            acked.put(id, new Acked(a.overall(), true, a.round()));
                            ackedUndos++;
                        } catch (ControlException e) {
                            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.NOT_FOUND);
                        }
                    } else if (op < 0.95) {
                        pending = "keep";
                        c.call("keep", Protocol.nodes().objectNode().put("note", "round " + round));
                    } else {
                        pending = "next";
                        c.call("next");
                    }
                    pending = null;
                }
            } catch (IOException gone) {
                // the kill landed: the connection is gone, with `pending` unanswered
            } finally {
                c.close();
            }
            killer.join();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("killed by SIGKILL, not exited on its own").isEqualTo(137);

            try (SqliteStore s = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
                assertThat(s.integrityCheck()).as("integrity_check after kill %d", round).isEqualTo("ok");
                Map<Long, RatingRecord> stored = new LinkedHashMap<>();
                s.ratings(s.profile(Profile.DEFAULT).orElseThrow().id(), true).forEach(r -> stored.put(r.id(), r));
                int undoneByTheLostUndo = 0;
                for (Map.Entry<Long, Acked> e : acked.entrySet()) {
                    RatingRecord r = stored.get(e.getKey());
                    assertThat(r).as("acknowledged rating %d after kill %d", e.getKey(), round).isNotNull();
                    assertThat(r.rating().overall()).isEqualTo(e.getValue().overall());
                    if (r.undone() != e.getValue().undone()) {
                        // only the undo that was on its way when the kill came may have landed unacknowledged
                        assertThat(pending).as("rating %d undone state", e.getKey()).isEqualTo("undo");
                        assertThat(r.undone()).isTrue();
                        assertThat(e.getValue().round()).isEqualTo(round);
                        undoneByTheLostUndo++;
                        e.setValue(new Acked(e.getValue().overall(), true, round));
                    }
                }
                assertThat(undoneByTheLostUndo).isLessThanOrEqualTo(1);
                List<Long> extra = stored.keySet().stream().filter(id -> !acked.containsKey(id)).toList();
                // a rating written but not yet answered is kept: it was on disk before its reply
                assertThat(extra.size()).as("unacknowledged ratings in the file").isLessThanOrEqualTo(
                        "rate".equals(pending) ? 1 : 0);
                for (long id : extra) {
                    RatingRecord r = stored.get(id);
                    acked.put(id, new Acked(r.rating().overall(), r.undone(), round));
                    inFlightStored++;
                }
                if ("rate".equals(pending) && extra.isEmpty()) {
                    inFlightLost++;
                }
            }
        }

        // the last restart, in this JVM: the learner the device rebuilt equals a replay of the file
        try (DeviceRunner d = DeviceRunner.start(new DeviceRunner.Options(data(), dir.resolve("last.sock"), false,
                Profile.DEFAULT, "synth", java.util.Optional.empty(), OptionalLong.of(99), false, null), PortOutputs::open)) {
            List<RatingRecord> live;
            Profile prof;
            try (SqliteStore s = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
                prof = s.profile(Profile.DEFAULT).orElseThrow();
                live = s.ratings(prof.id(), false);
            }
            assertThat(live).hasSize((int) acked.values().stream().filter(a -> !a.undone()).count());
            Learner replay = Learners.build(new Presets(Optional.of(data())).load(org.hitlmidi.learn.LearnerConfig.KIND, prof.learner()),
                    new Edits(EditRules.PAPER.withKit(prof.params().kit())));
            live.forEach(r -> replay.learn(r.transition(), r.rating()));
            TabularQLearner<?> want = (TabularQLearner<?>) replay;
            TabularQLearner<?> got = (TabularQLearner<?>) d.device().learnerForTest();
            assertThat(got.updates()).isEqualTo(want.updates());
            assertThat(got.entries()).isEqualTo(want.entries());
            int nonZero = 0;
            for (RatingRecord r : live) {
                Transition t = r.transition();
                assertThat(got.q(t.before(), t.action())).as("Q of rating %d", r.id())
                        .isEqualTo(want.q(t.before(), t.action()));
                nonZero += want.q(t.before(), t.action()) != 0 ? 1 : 0;
            }
            assertThat(nonZero).as("the ratings left a mark to compare").isPositive();
            org.hitlmidi.learn.Episodes episodes = new org.hitlmidi.learn.Episodes();
            live.forEach(r -> episodes.count(r.transition()));
            if (!live.isEmpty() && !replay.episodeOver(prof.params(), episodes.ratingsInEpisode())) {
                assertThat(d.device().currentForTest().transition().before().melody())
                        .as("the session goes on from the last rated track")
                        .isEqualTo(live.get(live.size() - 1).transition().after().melody());
            } else if (!live.isEmpty()) { // the paper's episode of `length` ratings is over: a fresh track, unedited
                assertThat(d.device().currentForTest().transition().action().type())
                        .isEqualTo(org.hitlmidi.music.ActionType.COMPOSE);
            }
            System.out.printf("crash safety: %d kill -9, %d ratings and %d undos acknowledged, every one in the file (%d ratings there) "
                            + "after every kill; %d in-flight ratings stored unacknowledged, %d in-flight not stored; "
                            + "integrity_check ok %d/%d; %d live ratings replayed to the same %d Q-values; "
                            + "mean restart-to-answer %.1f s%n",
                    kills, ackedRatings, ackedUndos, acked.size(), inFlightStored, inFlightLost, kills, kills,
                    live.size(), live.size(), restartNanos / 1e9 / kills);
        }
    }

    /** The TCP, UDP and raw sockets among a process's open files (via /proc: Linux). */
    static List<String> inetSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6", "raw", "raw6")) {
            Path f = Path.of("/proc", String.valueOf(pid), "net", table);
            if (!Files.exists(f)) {
                continue;
            }
            List<String> lines = Files.readAllLines(f);
            for (String line : lines.subList(1, lines.size())) {
                String[] col = line.trim().split("\\s+");
                if (col.length > 9 && inodes.contains(col[9])) {
                    found.add(table + " " + col[1] + " state " + col[3]);
                }
            }
        }
        return found;
    }
}
