package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.TabularQLearner;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.music.TrackJson;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real device in this JVM: the real SQLite store, the built-in synth as port (rendering to a WAV), a real socket. */
class DeviceTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    private Path data() {
        return dir.resolve("data");
    }

    private Path socket() {
        return dir.resolve("run").resolve("control.sock");
    }

    private DeviceRunner start(long seed) throws Exception {
        DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(data(), socket(), true, "default", "synth",
                Optional.empty(), OptionalLong.of(seed), false, null), PortOutputs::open);
        open.add(r);
        return r;
    }

    /** New profiles get the default learner; tests of Q-values make the default profile a paper one first. */
    private void paperProfile() {
        try (SqliteStore s = SqliteStore.openIn(data())) {
            s.createProfile("default", org.hitlmidi.learn.Learners.PAPER, org.hitlmidi.music.TrackParams.defaults());
        }
    }

    private ControlClient client() throws Exception {
        ControlClient c = ControlClient.connect(socket());
        open.add(c);
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    private static ObjectNode rate(ControlClient c, int overall) throws Exception {
        return c.call("rate", f().put("overall", overall));
    }

    @Test
    void aRatingIsInTheSqliteFileWhenTheReplyArrives() throws Exception {
        start(1);
        ControlClient c = client();
        JsonNode heard = c.call("status").get("track");
        ObjectNode r = c.call("rate", f().put("overall", 8).put("musicality", 6).put("source", "panel")
                .put("trackId", heard.get("trackId").asLong()));
        long id = r.get("ratingId").asLong();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data().resolve(DataDirs.DB_FILE));
             PreparedStatement ps = db.prepareStatement(
                     "SELECT overall, musicality, source, track, action, undone FROM ratings WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("rating " + id + " on disk").isTrue();
                assertThat(rs.getInt(1)).isEqualTo(8);
                assertThat(rs.getInt(2)).isEqualTo(6);
                assertThat(rs.getString(3)).isEqualTo("panel");
                assertThat(TrackJson.fromText(rs.getString(4))).isEqualTo(TrackJson.fromJson(heard));
                assertThat(rs.getString(5)).isEqualTo(heard.get("action").asText());
                assertThat(rs.getInt(6)).isZero();
            }
        }
        assertThat(r.get("trackId").asLong()).isEqualTo(heard.get("trackId").asLong());
        assertThat(r.get("updates").asLong()).isEqualTo(1);
        JsonNode next = r.get("track");
        assertThat(next.get("trackId").asLong()).isGreaterThan(heard.get("trackId").asLong());
        assertThat(c.call("status").get("ratings").asLong()).isEqualTo(1);
    }

    @Test
    void aStaleTrackIdIsRefusedAndNothingIsStored() throws Exception {
        start(2);
        ControlClient c = client();
        long first = c.call("status").get("track").get("trackId").asLong();
        c.call("next");
        assertThatThrownBy(() -> c.call("rate", f().put("overall", 5).put("trackId", first)))
                .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STALE));
        try (SqliteStore s = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
            assertThat(s.ratings(s.profile("default").orElseThrow().id(), true)).isEmpty();
        }
    }

    @Test
    void undoMarksTheRatingRebuildsTheLearnerAndMakesTheRatedTrackCurrent() throws Exception {
        paperProfile(); // the Q-values below are the paper learner's
        DeviceRunner d = start(3);
        ControlClient c = client();
        rate(c, 4); // the episode's fresh track: heard unedited, its rating credits no edit
        JsonNode second = c.call("status").get("track");
        ObjectNode r2 = rate(c, 9);
        assertThat(r2.get("updates").asLong()).isEqualTo(1);
        ObjectNode u = c.call("undo");
        assertThat(u.get("ratingId").asLong()).isEqualTo(r2.get("ratingId").asLong());
        assertThat(u.get("updates").asLong()).isZero();
        assertThat(u.get("track").get("trackId").asLong()).isEqualTo(second.get("trackId").asLong());
        assertThat(TrackJson.fromJson(u.get("track"))).isEqualTo(TrackJson.fromJson(second));
        ObjectNode s = c.call("status");
        assertThat(s.get("ratings").asLong()).isEqualTo(1);
        assertThat(s.get("track").get("trackId").asLong()).isEqualTo(second.get("trackId").asLong());
        try (SqliteStore st = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
            List<RatingRecord> all = st.ratings(st.profile("default").orElseThrow().id(), true);
            assertThat(all).extracting(RatingRecord::undone).containsExactly(false, true);
        }
        // the rebuilt learner equals one that only ever heard the first rating
        Transition t = d.device().currentForTest().transition();
        TabularQLearner<?> l = (TabularQLearner<?>) d.device().learnerForTest();
        assertThat(l.q(t.before(), t.action())).isZero(); // 9 was forgotten: that edit was never rated
        c.call("undo");
        assertThatThrownBy(() -> c.call("undo")).isInstanceOfSatisfying(ControlException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(c.call("status").get("updates").asLong()).isZero();
    }

    /** Every stored Q-value of a tabular learner, by (encoded state, edit slot). */
    private static Map<List<Object>, Double> qValues(TabularQLearner<?> l) {
        Map<List<Object>, Double> out = new HashMap<>();
        l.table().forEach((state, slot, value) -> out.put(List.of(state, slot), value));
        return out;
    }

    /** An independent replay of the default profile's ratings, as stored, in id order, into a new paper learner. */
    private TabularQLearner<?> replayOfTheStore(int firstRatings) {
        TabularQLearner<?> l = (TabularQLearner<?>) Learners.build(Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, Learners.PAPER),
                new Edits(EditRules.PAPER.withKit(TrackParams.defaults().kit())), TrackParams.defaults());
        try (SqliteStore st = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
            List<RatingRecord> rs = st.ratings(st.profile("default").orElseThrow().id(), false);
            assertThat(rs).hasSizeGreaterThanOrEqualTo(firstRatings);
            rs.stream().sorted(Comparator.comparingLong(RatingRecord::id)).limit(firstRatings)
                    .forEach(r -> l.learn(r.transition(), r.rating()));
        }
        return l;
    }

    /**
     * "Credited to exactly the edit that made the track you heard": ratings with {@code next=true}, no undo (an undo
     * rebuilds the learner from the store, which would hide a live learner that went wrong). After each rating the Q of
     * the heard edit moved, the Q of the edit that made the next track did not, and the live learner equals an
     * independent replay of the store. Caught mutation (issue 17): {@code Device.rate} learning after advancing, i.e.
     * {@code learner.learn(current.transition(), rating)} after {@code advance(...)} (the next edit credited).
     */
    @Test
    void eachRatingIsCreditedToTheHeardEditAndTheLiveLearnerEqualsAReplayOfTheStore() throws Exception {
        paperProfile(); // the Q-values below are the paper learner's
        DeviceRunner d = start(5);
        ControlClient c = client();
        int[] ratings = {3, 9, 8, 2, 10, 1, 7, 4};
        for (int k = 0; k < ratings.length; k++) {
            Session.Current heard = d.device().currentForTest();
            ObjectNode r = c.call("rate", f().put("overall", ratings[k]).put("trackId", heard.trackId()).put("next", true));
            assertThat(r.get("trackId").asLong()).isEqualTo(heard.trackId());
            Session.Current next = d.device().currentForTest();
            assertThat(next.trackId()).as("next=true plays the next track").isGreaterThan(heard.trackId());
            TabularQLearner<?> live = (TabularQLearner<?>) d.device().learnerForTest();
            TabularQLearner<?> before = replayOfTheStore(k); // the learner as it was before this rating
            Transition h = heard.transition();
            Transition n = next.transition();
            if (h.action().type() == org.hitlmidi.music.ActionType.COMPOSE) { // the episode's fresh track: no edit
                assertThat(live.updates()).as("rating %d: a fresh track credits no edit", k + 1).isEqualTo(before.updates());
            } else {
                assertThat(live.q(h.before(), h.action())).as("rating %d: Q of the heard edit", k + 1)
                        .isNotEqualTo(before.q(h.before(), h.action()));
            }
            before.setQ(h.before(), h.action(), Double.NaN); // is the next edit the same state-action? then skip it
            if (!Double.isNaN(before.q(n.before(), n.action()))) {
                assertThat(live.q(n.before(), n.action())).as("rating %d: Q of the next proposal's edit", k + 1)
                        .isEqualTo(before.q(n.before(), n.action()));
            }
            assertThat(qValues(live)).as("rating %d: live learner = replay of the store", k + 1)
                    .isEqualTo(qValues(replayOfTheStore(k + 1)));
        }
        // 8 ratings, one episode of 8: its first track was heard unedited
        assertThat(c.call("status").get("updates").asLong()).isEqualTo(ratings.length - 1);
    }

    /**
     * A restart replays the ratings in the order they came: the learner rebuilt from the file equals the live one,
     * which learned them one by one (no undo before the restart: an undo rebuilds, and one rebuild would be compared
     * with another). Caught mutation (issue 17): ratings replayed newest first ({@code Feedback.replay} over the
     * reversed list).
     */
    @Test
    void aRestartRebuildsTheSameLearnerAndResumesTheProfile() throws Exception {
        paperProfile(); // the Q-values below are the paper learner's
        DeviceRunner d = start(4);
        ControlClient c = client();
        int[] ratings = {3, 7, 8, 2, 9, 6, 7, 7, 10, 1, 5, 8};
        for (int v : ratings) {
            rate(c, v);
        }
        ObjectNode before = c.call("status");
        List<Transition> heard = new ArrayList<>();
        try (SqliteStore st = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
            st.ratings(st.profile("default").orElseThrow().id(), false).forEach(r -> heard.add(r.transition()));
        }
        TabularQLearner<?> l1 = (TabularQLearner<?>) d.device().learnerForTest();
        double[] q1 = heard.stream().mapToDouble(t -> l1.q(t.before(), t.action())).toArray();
        assertThat(java.util.Arrays.stream(q1).anyMatch(q -> q != 0)).as("the ratings left a mark").isTrue();
        Map<List<Object>, Double> liveQ = qValues(l1);
        c.call("stop");
        assertThat(d.awaitStopped(10, TimeUnit.SECONDS)).isTrue();
        assertThat(socket()).doesNotExist();

        DeviceRunner d2 = start(99);
        ObjectNode after = client().call("status");
        assertThat(after.get("ratings").asLong()).isEqualTo(ratings.length);
        assertThat(after.get("updates").asLong()).isEqualTo(before.get("updates").asLong());
        assertThat(after.get("entries").asLong()).isEqualTo(before.get("entries").asLong());
        TabularQLearner<?> l2 = (TabularQLearner<?>) d2.device().learnerForTest();
        double[] q2 = heard.stream().mapToDouble(t -> l2.q(t.before(), t.action())).toArray();
        assertThat(q2).containsExactly(q1);
        assertThat(qValues(l2)).isEqualTo(liveQ);
        // the chain goes on from the last rated track
        assertThat(d2.device().currentForTest().transition().before().melody())
                .isEqualTo(heard.get(heard.size() - 1).after().melody());
    }

    @Test
    void malformedLinesGetErrorsAndTheSameConnectionAndDeviceKeepWorking() throws Exception {
        start(5);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket()));
            LineReader in = new LineReader(ch);
            byte[] huge = new byte[2 << 20];
            java.util.Arrays.fill(huge, (byte) ' ');
            huge[0] = '{';
            Object[][] cases = {
                {"not json".getBytes(StandardCharsets.UTF_8), "bad_request"},
                {"{\"cmd\":\"rate\",\"overall\":\"8\"}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {"{\"cmd\":\"rate\",\"overall\":8.5}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {"{\"cmd\":\"rate\",\"overall\":0}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {"{\"cmd\":\"rate\",\"overall\":7,\"musicalty\":7}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {"{\"cmd\":\"rate\",\"overall\":7,\"next\":\"yes\"}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {"{\"cmd\":\"dance\",\"id\":4}".getBytes(StandardCharsets.UTF_8), "unknown_command"},
                {"{\"cmd\":\"params\",\"set\":{\"tempo\":900}}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {"{\"cmd\":\"params\",\"set\":{\"scale\":\"lydiann\"}}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {"{\"cmd\":\"params\",\"set\":{\"kit\":\"nokit\"}}".getBytes(StandardCharsets.UTF_8), "not_found"},
                {"{\"cmd\":\"export\",\"path\":\"rel.mid\"}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {"{\"cmd\":\"export\",\"path\":\"/tmp/x.txt\"}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {"{\"cmd\":\"profile\",\"name\":\"nobody\"}".getBytes(StandardCharsets.UTF_8), "not_found"},
                {"{\"cmd\":\"profile\",\"name\":\"../x\"}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {"{\"cmd\":\"learner\",\"name\":\"nolearner\"}".getBytes(StandardCharsets.UTF_8), "not_found"},
                {"{\"cmd\":\"subscribe\",\"events\":[\"tick\"]}".getBytes(StandardCharsets.UTF_8), "bad_value"},
                {new byte[] {'{', '"', 'c', 'm', 'd', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, "bad_request"},
                {huge, "bad_request"},
            };
            for (Object[] k : cases) {
                byte[] line = (byte[]) k[0];
                write(ch, line);
                write(ch, new byte[] {'\n'});
                ObjectNode r = in.next();
                String what = new String(line, 0, Math.min(line.length, 60), StandardCharsets.UTF_8);
                assertThat(r.path("ok").asBoolean()).as(what).isFalse();
                assertThat(r.path("error").path("code").asText()).as(what).isEqualTo(k[1]);
                assertThat(r.path("error").path("message").asText()).as(what).isNotBlank().hasSizeLessThan(400);
                write(ch, "{\"id\":\"s\",\"cmd\":\"status\"}\n".getBytes(StandardCharsets.UTF_8));
                ObjectNode s = in.next();
                assertThat(s.path("ok").asBoolean()).as("status after " + what).isTrue();
                assertThat(s.path("ratings").asLong()).as("nothing stored by " + what).isZero();
            }
            assertThat(client().call("status").path("profile").asText()).isEqualTo("default");
            assertThat(Files.list(dir.resolve("data")).noneMatch(p -> p.toString().endsWith(".txt"))).isTrue();
        }
    }

    @Test
    void theSocketIsPrivateAndASecondDeviceIsRefusedByTheLock() throws Exception {
        start(6);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())))
                .isEqualTo("rwx------");
        Path other = dir.resolve("other.sock");
        assertThatThrownBy(() -> DeviceRunner.start(new DeviceRunner.Options(data(), other, false, "default", "synth",
                Optional.empty(), OptionalLong.of(1), false, null), PortOutputs::open))
                .isInstanceOf(DeviceLock.DeviceLockedException.class)
                .hasMessageContaining("already running").hasMessageContaining("pid " + ProcessHandle.current().pid());
        assertThat(other).doesNotExist();
        assertThat(client().call("status").path("ok").asBoolean()).isTrue();
    }

    @Test
    void subscribersHearTheLoopInOrder() throws Exception {
        start(7);
        ControlClient c = client();
        BlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
        ControlClient sub = client();
        sub.subscribe(List.of("rating_stored", "q_updated", "track_started", "undone", "params_changed"), events::add);
        ObjectNode r = c.call("rate", f().put("overall", 6).put("novelty", 3));
        assertThat(next(events).path("event").asText()).isEqualTo("rating_stored");
        assertThat(next(events).path("event").asText()).isEqualTo("q_updated");
        ObjectNode started = next(events);
        assertThat(started.path("event").asText()).isEqualTo("track_started");
        assertThat(started.path("track").path("trackId").asLong()).isEqualTo(r.path("track").path("trackId").asLong());
        c.call("params", f().set("set", f().put("tempo", 120)));
        ObjectNode changed = next(events);
        assertThat(changed.path("event").asText()).isEqualTo("params_changed");
        assertThat(changed.path("params").path("tempo").asDouble()).isEqualTo(120);
        assertThat(c.call("status").path("track").path("tempo").asDouble()).isEqualTo(120);
    }

    private static ObjectNode next(BlockingQueue<ObjectNode> q) throws InterruptedException {
        ObjectNode e = q.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return e;
    }

    @Test
    void paramsChangesAreAtomicAndANewScaleStartsANewEpisode() throws Exception {
        DeviceRunner d = start(8);
        ControlClient c = client();
        rate(c, 5); // an episode is counted by its ratings: one without any is not numbered apart
        ObjectNode s0 = c.call("status");
        assertThatThrownBy(() -> c.call("params", f().set("set", f().put("scale", "dorian").put("length", 99))))
                .hasMessageContaining("length 99");
        assertThat(c.call("status").path("params").path("scale").asText()).isEqualTo("major");
        ObjectNode p = c.call("params", f().set("set", f().put("scale", "dorian").put("length", 5).put("base", "D3")
                .put("bars", 2).put("exploration", 0.0).put("loop", true)));
        assertThat(p.path("params").path("scale").asText()).isEqualTo("dorian");
        assertThat(p.path("params").path("exploration").asDouble()).isZero();
        ObjectNode s1 = c.call("status");
        assertThat(s1.path("track").path("episode").asInt()).isEqualTo(s0.path("track").path("episode").asInt() + 1);
        // the default learner composes: two whole bars of 4/4, every melody note in D dorian
        double beats = 0;
        for (JsonNode n : s1.path("track").path("melody")) {
            beats += n.get(1).asDouble();
            assertThat(org.hitlmidi.music.Scale.DORIAN.contains(50, n.get(0).asInt())).as("note %s in D dorian", n).isTrue();
        }
        assertThat(beats).isEqualTo(8.0);
        assertThat(s1.path("playing").asBoolean()).isTrue();
        assertThat(c.call("params", f().set("set", f().putNull("exploration"))).path("params").path("exploration")
                .isNull()).isTrue();
        try (SqliteStore st = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
            assertThat(st.profile("default").orElseThrow().params().length()).isEqualTo(5);
            assertThat(st.profile("default").orElseThrow().params().bars()).isEqualTo(2);
        }
    }

    @Test
    void keepExportProfilesAndLearners() throws Exception {
        start(9);
        ControlClient c = client();
        JsonNode t = c.call("status").get("track");
        long kept = c.call("keep", f().put("note", "nice")).get("keptId").asLong();
        rate(c, 5);
        Path current = Files.createDirectories(dir.resolve("out")).resolve("current.mid");
        Path keptFile = dir.resolve("kept.mid");
        assertThat(c.call("export", f().put("path", current.toString())).get("path").asText()).isEqualTo(current.toString());
        c.call("export", f().put("path", keptFile.toString()).put("keptId", kept));
        assertThat(MidiFiles.read(keptFile).melody()).isEqualTo(TrackJson.fromJson(t).melody());
        assertThat(MidiFiles.read(current).melody())
                .isEqualTo(TrackJson.fromJson(c.call("status").get("track")).melody());
        assertThatThrownBy(() -> c.call("export", f().put("path", keptFile.toString()).put("keptId", kept + 100)))
                .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        ObjectNode p = c.call("profile", f().put("name", "alice").put("create", true));
        assertThat(p.get("profile").asText()).isEqualTo("alice");
        assertThat(p.get("ratings").asLong()).isZero();
        rate(c, 9);
        ObjectNode back = c.call("profile", f().put("name", "default"));
        assertThat(back.get("ratings").asLong()).isEqualTo(1);
        ObjectNode l = c.call("learner", f().put("name", "paper-decay"));
        long edits; // a Q-table credits the rated track's edit; a composed track (taste-model's move) has none
        try (SqliteStore st = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
            edits = st.ratings(st.profile("default").orElseThrow().id(), false).stream()
                    .filter(r -> r.transition().action().type() != org.hitlmidi.music.ActionType.COMPOSE).count();
        }
        assertThat(l.get("updates").asLong()).isEqualTo(edits);
        assertThat(c.call("status").get("learner").asText()).isEqualTo("paper-decay");
        assertThat(c.call("panic").get("ok").asBoolean()).isTrue();
        assertThat(c.call("ports").get("current").get("backend").asText()).isEqualTo("synth");
    }

    @Test
    void clientsRatingAtOnceAreSerializedAndEveryRatingIsStoredOnce() throws Exception {
        start(10);
        int clients = 4;
        int each = 25;
        List<Thread> threads = new ArrayList<>();
        java.util.Set<Long> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Queue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int k = 0; k < clients; k++) {
            ControlClient c = client();
            int v = k + 3;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        ids.add(rate(c, v).get("ratingId").asLong());
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(errors).isEmpty();
        assertThat(ids).hasSize(clients * each);
        ObjectNode s = client().call("status");
        assertThat(s.get("ratings").asLong()).isEqualTo(clients * each);
        assertThat(s.get("updates").asLong()).isEqualTo(clients * each);
        try (SqliteStore st = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
            List<RatingRecord> rs = st.ratings(st.profile("default").orElseThrow().id(), false);
            assertThat(rs).hasSize(clients * each);
            // one chain: each rated track is the one the rating before it led to
            for (int i = 1; i < rs.size(); i++) {
                assertThat(rs.get(i).transition().before().melody())
                        .isEqualTo(rs.get(i - 1).transition().after().melody());
            }
        }
    }

    private static void write(SocketChannel ch, byte[] b) throws java.io.IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Reads reply lines off a raw channel. */
    private static final class LineReader {
        private final SocketChannel ch;
        private final StringBuilder pending = new StringBuilder();

        LineReader(SocketChannel ch) {
            this.ch = ch;
        }

        ObjectNode next() throws java.io.IOException {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (pending.indexOf("\n") < 0) {
                buf.clear();
                if (ch.read(buf) < 0) {
                    throw new java.io.IOException("closed by the device");
                }
                pending.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
            }
            int nl = pending.indexOf("\n");
            String line = pending.substring(0, nl);
            pending.delete(0, nl + 1);
            return Protocol.parseReply(line);
        }
    }
}
