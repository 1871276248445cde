package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.ControllerMapping;
import org.hitlmidi.midi.RatingGesture;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operations that fail change nothing: the device is as it was, and the store too. */
class SessionAtomicityTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    private Path data() {
        return dir.resolve("data");
    }

    private Path socket() {
        return dir.resolve("c.sock");
    }

    private ControlClient start() throws Exception {
        open.add(DeviceRunner.start(new DeviceRunner.Options(data(), socket(), false, "default", "synth",
                Optional.empty(), OptionalLong.of(3), false, null), PortOutputs::open));
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

    /** Issue 12 defect 3: status named the new profile while the old one's learner went on learning. */
    @Test
    void aProfileSwitchThatFailsLeavesTheDeviceOnItsProfile() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(data())) {
            s.createProfile("default", "paper", TrackParams.defaults());
            s.createProfile("broken", "no-such-learner", TrackParams.defaults()); // its preset was removed since
        }
        ControlClient c = start();
        c.call("rate", f().put("overall", 6));
        JsonNode before = c.call("status");
        assertThatThrownBy(() -> c.call("profile", f().put("name", "broken")))
                .isInstanceOf(ControlException.class).hasMessageContaining("no-such-learner");
        JsonNode after = c.call("status");
        assertThat(after.path("profile").asText()).isEqualTo("default");
        assertThat(after.path("learner").asText()).isEqualTo("paper");
        assertThat(after.path("track")).isEqualTo(before.path("track"));
        assertThat(after.path("undoable").asInt()).isEqualTo(1); // the session goes on: undo still reaches back
        c.call("rate", f().put("overall", 7));
        try (SqliteStore s = SqliteStore.openIn(data())) {
            assertThat(s.ratings(s.profile("default").orElseThrow().id(), true)).hasSize(2);
            assertThat(s.ratings(s.profile("broken").orElseThrow().id(), true)).isEmpty();
        }
        assertThat(c.call("status").path("ratings").asLong()).isEqualTo(2);
        c.call("undo");
        c.call("undo");
        assertThat(c.call("status").path("ratings").asLong()).isZero();
    }

    private ControlClient startWithController() throws Exception {
        DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(data(), socket(), false, "default", "synth",
                Optional.empty(), OptionalLong.of(3), false, null, Optional.of("nanokontrol2"), Optional.empty()),
                PortOutputs::open);
        open.add(r);
        runner = r;
        ControlClient c = ControlClient.connect(socket());
        open.add(c);
        return c;
    }

    private DeviceRunner runner;

    /** A controller message as the port hands it over (nanoKONTROL2: overall CC 16, rate 41, channel 1). */
    private void cc(int controller, int value) {
        runner.device().controllersForTest().listener().receive(0xB0, controller, value, System.nanoTime());
    }

    /** Waits for the device to have stored {@code n} ratings of the profile (undone ones too). */
    private List<org.hitlmidi.store.RatingRecord> awaitRatings(int n) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (SqliteStore s = SqliteStore.openIn(data())) {
                var rs = s.ratings(s.profile("default").orElseThrow().id(), true);
                if (rs.size() >= n || System.nanoTime() > deadline) {
                    return rs;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** Issue 12 defect 6: after undo, the knobs set for the next track rated the restored one. */
    @Test
    void afterUndoTheKnobsSetForTheNextTrackDoNotRateTheRestoredOne() throws Exception {
        ControlClient c = startWithController();
        long first = c.call("status").path("track").path("trackId").asLong();
        cc(16, ControllerMapping.ccOf(8));
        cc(41, 127);
        cc(41, 0);
        assertThat(awaitRatings(1)).hasSize(1);
        cc(16, ControllerMapping.ccOf(3)); // for the track now playing
        ObjectNode u = c.call("undo");
        assertThat(u.path("track").path("trackId").asLong()).isEqualTo(first);
        cc(41, 127); // the rate button alone: the overall knob was set for another track
        cc(41, 0);
        cc(16, ControllerMapping.ccOf(9)); // then a rating of this very track
        cc(41, 127);
        cc(41, 0);
        var rs = awaitRatings(2);
        assertThat(rs).hasSize(2);
        assertThat(rs.get(1).rating().overall()).isEqualTo(9);
        assertThat(rs.get(1).transition()).isEqualTo(rs.get(0).transition());
    }

    /** Issue 12 defect 6: a controller rating names the track it rates, so one that arrives late is refused. */
    @Test
    void aControllerRatingOfATrackNoLongerCurrentIsRefused() throws Exception {
        ControlClient c = startWithController();
        long first = c.call("status").path("track").path("trackId").asLong();
        c.call("rate", f().put("overall", 5)); // another client moved the session on
        runner.device().controllersForTest().rating(new RatingGesture(9, java.util.OptionalInt.empty(),
                java.util.OptionalInt.empty(), java.util.OptionalInt.empty(), true, System.nanoTime(), first));
        assertThat(c.call("status").path("ratings").asLong()).isEqualTo(1);
        assertThat(awaitRatings(1)).extracting(r -> r.rating().overall()).containsExactly(5);
    }

    /** Issue 12 defect 5: each exploration change rebuilt the learner from the whole history (100-290 ms). */
    @Test
    void anExplorationChangeSwitchesThePolicyInPlace() throws Exception {
        start();
        Device d = open.stream().filter(x -> x instanceof DeviceRunner).map(x -> ((DeviceRunner) x).device())
                .findFirst().orElseThrow();
        d.rate(org.hitlmidi.learn.Rating.of(6), "test", Optional.empty(), true);
        org.hitlmidi.learn.Learner live = d.learnerForTest();
        d.params(f().put("exploration", 1.0));
        assertThat(d.learnerForTest()).isSameAs(live);
        for (int i = 0; i < 5; i++) {
            assertThat(d.next().path("track").path("explored").asBoolean()).as("epsilon 1").isTrue();
        }
        d.params(f().put("exploration", 0.0));
        assertThat(d.learnerForTest()).isSameAs(live);
        assertThat(d.status().path("params").path("exploration").asDouble()).isZero();
        d.params(f().putNull("exploration"));
        assertThat(d.learnerForTest()).isSameAs(live);
        assertThat(d.status().path("params").path("exploration").isNull()).isTrue();
    }

    private Device device() {
        return open.stream().filter(x -> x instanceof DeviceRunner).map(x -> ((DeviceRunner) x).device())
                .reduce((a, b) -> b).orElseThrow();
    }

    /**
     * Issue 12 defect 2: a rebuild (a restart, an undo) replayed the whole history under the parameters now set,
     * so after a base or scale change the rebuilt learner differed from the live one.
     */
    @Test
    void aRestartRebuildsTheLearnerThatWasLiveAcrossParameterChanges() throws Exception {
        for (String learner : List.of("taste-model", "contour-decay")) {
            closeAll();
            open.clear();
            org.hitlmidi.store.DataDirs.deleteTree(data());
            try (SqliteStore s = SqliteStore.openIn(data())) {
                s.createProfile("default", learner, TrackParams.defaults());
            }
            start();
            Device d = device();
            for (int i = 0; i < 4; i++) {
                d.rate(org.hitlmidi.learn.Rating.of(3 + i), "test", Optional.empty(), true);
            }
            d.next(); // a signal too
            d.params(f().put("base", "E4").put("scale", "dorian"));
            for (int i = 0; i < 4; i++) {
                d.rate(org.hitlmidi.learn.Rating.of(8 - i), "test", Optional.empty(), true);
            }
            d.keep("");
            var live = d.learnerForTest().explain(10_000);
            closeAll();
            open.clear();
            start();
            var rebuilt = device().learnerForTest().explain(10_000);
            assertThat(rebuilt.ratings()).as(learner).isEqualTo(live.ratings()).isEqualTo(8);
            assertThat(rebuilt.beliefs()).as(learner).isEqualTo(live.beliefs());
        }
    }
}
