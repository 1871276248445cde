package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.midi.JackProbeClient;
import org.hitlmidi.midi.RtMidiController;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A musician's controller, end to end, with real parts: a JACK dummy server, the device on it with the built-in
 * nanoKONTROL2 mapping, and the controller played by python-rtmidi (another MIDI stack) into hitl-midi:in.
 * Knob + PLAY button, knob at rest, TRACK< (undo): each becomes what the mapping says, stored in the device's
 * SQLite file with source "cc", learned from, and the next track comes out of hitl-midi:out.
 */
class ControllerJackTest {
    // the nanoKONTROL2 factory layout (presets/controllers/nanokontrol2.json), channel 1
    private static final int OVERALL = 16;
    private static final int MUSICALITY = 17;
    private static final int PLAY_RATES = 41;
    private static final int TRACK_BACK_UNDOES = 58;

    static JackDummyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        org.hitlmidi.Required.jackd();
        org.hitlmidi.Required.python();
        server = JackDummyServer.start(48000, 256);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private DeviceRunner start(Optional<String> controller) throws Exception {
        return start(controller, Optional.empty());
    }

    private DeviceRunner start(Optional<String> controller, Optional<String> clock) throws Exception {
        return DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                "default", "jack", Optional.of(server.name()), OptionalLong.of(5), false, null, controller, clock),
                PortOutputs::open);
    }

    private static ObjectNode await(BlockingQueue<ObjectNode> q, String event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ObjectNode e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.path("event").asText().equals(event)) {
                return e;
            }
            if (e != null) {
                seen.add(e.path("event").asText());
            }
        }
        throw new AssertionError("no '" + event + "' event in 20 s; saw " + seen);
    }

    private static boolean heardNoteOn(JackProbeClient reader, int key) {
        for (int i = 0; i < reader.count(); i++) {
            if ((reader.status(i) & 0xF0) == 0x90 && reader.data2(i) > 0 && reader.data1(i) == key) {
                return true;
            }
        }
        return false;
    }

    @Test
    void knobsAndButtonsOfAMappedControllerBecomeStoredLearnedRatings() throws Exception {
        BlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
        long firstTrack;
        long secondTrack;
        try (DeviceRunner d = start(Optional.of("nanokontrol2")); ControlClient c = ControlClient.connect(d.socket());
             ControlClient sub = ControlClient.connect(d.socket());
             JackProbeClient reader = JackProbeClient.open("reader", 8192)) {
            assertThat(c.call("status").path("controller").path("name").asText()).isEqualTo("nanokontrol2");
            reader.connect("hitl-midi:out", reader.inName());
            // tracks loop by default; this test measures single passes
            c.call("params", JsonNodeFactory.instance.objectNode().set("set", JsonNodeFactory.instance.objectNode().put("loop", false)));
            sub.subscribe(List.of("rating_stored", "q_updated", "track_started", "undone"), events::add);
            firstTrack = c.call("play").path("trackId").asLong();
            await(events, "track_started");

            try (RtMidiController ctl = RtMidiController.open(server, "hitl-midi:in")) {
                // 1. overall knob up to 100 (rating 8), musicality to 40 (4), then PLAY: one rating, by the button
                ctl.turn(1, OVERALL, 0, 100, 10, 5);
                ctl.turn(1, MUSICALITY, 0, 40, 10, 5);
                ctl.press(1, PLAY_RATES);
                ObjectNode stored = await(events, "rating_stored");
                assertThat(stored.path("source").asText()).isEqualTo("cc");
                assertThat(stored.path("trackId").asLong()).isEqualTo(firstTrack);
                assertThat(stored.path("rating").path("overall").asInt()).isEqualTo(8);
                assertThat(stored.path("rating").path("musicality").asInt()).isEqualTo(4);
                assertThat(await(events, "q_updated").path("updates").asLong()).isEqualTo(1);
                JsonNode next = await(events, "track_started").path("track");
                secondTrack = next.path("trackId").asLong();
                assertThat(secondTrack).isGreaterThan(firstTrack);
                int firstKey = next.path("melody").get(0).get(0).asInt();
                org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), () -> heardNoteOn(reader, firstKey));
                assertThat(heardNoteOn(reader, firstKey)).as("the next track's first note on hitl-midi:out").isTrue();

                // 2. PLAY again without touching a knob: the knobs are the last track's, so no rating
                Thread.sleep(300);
                ctl.press(1, PLAY_RATES);
                Thread.sleep(1200);
                assertThat(c.call("status").path("ratings").asLong()).as("a stale knob rated nothing").isEqualTo(1);

                // 3. the overall knob down to 30 (rating 3) and left there: the rest rule (800 ms) commits it
                ctl.turn(1, OVERALL, 100, 30, 10, 5);
                stored = await(events, "rating_stored");
                assertThat(stored.path("rating").path("overall").asInt()).isEqualTo(3);
                assertThat(stored.path("trackId").asLong()).isEqualTo(secondTrack);
                assertThat(stored.path("rating").has("musicality")).as("musicality was not turned for this track")
                        .isFalse();

                // 4. TRACK< undoes the last rating
                Thread.sleep(300);
                ctl.press(1, TRACK_BACK_UNDOES);
                assertThat(await(events, "undone").path("trackId").asLong()).isEqualTo(secondTrack);
            }
        }

        // what the device's SQLite file holds, read after it stopped
        try (SqliteStore store = SqliteStore.openIn(dir.resolve("data"))) {
            Profile p = store.profile("default").orElseThrow();
            List<RatingRecord> rs = store.ratings(p.id(), true);
            assertThat(rs).extracting(r -> r.rating().overall()).containsExactly(8, 3);
            assertThat(rs).extracting(RatingRecord::source).containsOnly("cc");
            assertThat(rs).extracting(RatingRecord::undone).containsExactly(false, true);
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void theChosenMappingAndClockAreKeptForTheNextStartAndCanBeSwitched() throws Exception {
        try (DeviceRunner d = start(Optional.of("x-touch-mini"), Optional.of("follow"));
             ControlClient c = ControlClient.connect(d.socket())) {
            assertThat(c.call("status").path("controller").path("name").asText()).isEqualTo("x-touch-mini");
        }
        try (DeviceRunner d = start(Optional.empty()); ControlClient c = ControlClient.connect(d.socket())) {
            assertThat(c.call("status").path("controller").path("name").asText()).as("remembered").isEqualTo("x-touch-mini");
            assertThat(c.call("status").path("clock").path("mode").asText()).as("remembered").isEqualTo("follow");
            c.call("clock", Protocol.nodes().objectNode().put("mode", "off"));
            ObjectNode r = c.call("controller", Protocol.nodes().objectNode().put("name", "nanokontrol2"));
            assertThat(r.path("mapping").path("name").asText()).isEqualTo("nanokontrol2");
            assertThat(r.path("available").toString()).contains("beatstep", "launch-control-xl", "mpk-mini-mk3");
            assertThatThrownBy(() -> c.call("controller", Protocol.nodes().objectNode().put("name", "no-such-box")))
                    .isInstanceOf(ControlException.class).hasMessageContaining("no controllers preset named 'no-such-box'");
            assertThat(c.call("controller").path("mapping").path("name").asText()).as("a bad name changes nothing")
                    .isEqualTo("nanokontrol2");

            // the switched mapping is live: nanoKONTROL2's knob 1 + PLAY rate now
            try (RtMidiController ctl = RtMidiController.open(server, "hitl-midi:in")) {
                ctl.turn(1, OVERALL, 0, 127, 16, 5);
                ctl.press(1, PLAY_RATES);
                org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), () -> c.call("status").path("ratings").asLong() >= 1);
                assertThat(c.call("status").path("ratings").asLong()).isEqualTo(1);
            }
        }
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("data")
                .resolve(DeviceSettings.FILE).toFile()).path(Controllers.SETTING).asText()).isEqualTo("nanokontrol2");
        try (DeviceRunner d = start(Optional.empty()); ControlClient c = ControlClient.connect(d.socket())) {
            assertThat(c.call("status").path("clock").path("mode").asText()).isEqualTo("off");
        }
        assertThatThrownBy(() -> start(Optional.of("no-such-box"))).hasMessageContaining("no controllers preset");
    }
}
