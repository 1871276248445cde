package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.midi.JackMidiPort;
import org.hitlmidi.midi.Midi;
import org.hitlmidi.midi.Player;
import org.hitlmidi.midi.RawJackSender;
import org.hitlmidi.midi.RecordingPort;
import org.hitlmidi.midi.RtMidiController;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live controls end to end on a JACK dummy server (issue 15): python-rtmidi plays the built-in nanoKONTROL2
 * layout into hitl-midi:in, and a DAW's automation lane and program change arrive there too; the device's
 * parameters (`status`) follow, with pickup, the second layer's scene buttons and a scene recalled by program
 * change. (The storm of CCs on the live controls is LiveControlsStormJackTest.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LiveControlsJackTest {
    // the nanoKONTROL2 factory layout (presets/controllers/nanokontrol2.json), channel 1
    private static final int FADER_BASS = 1;
    private static final int FADER_TEMPO = 7;
    private static final int KNOB_DENSITY = 20;
    private static final int KNOB_SWING = 22;
    private static final int S1 = 32;
    private static final int S3 = 34;
    private static final int M2 = 49;
    private static final int CYCLE = 46;
    private static final int TRACK_NEXT = 59;

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

    private DeviceRunner start() throws Exception {
        return DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                "default", "jack", Optional.of(server.name()), OptionalLong.of(5), false, null,
                Optional.of("nanokontrol2"), Optional.empty()), PortOutputs::open);
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    /** Polls `status` until its params pass {@code ok} (20 s), and returns them. */
    private static JsonNode awaitParams(ControlClient c, String what, Predicate<JsonNode> ok) throws Exception {
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(20), () -> ok.test(c.call("status").get("params")));
        JsonNode p = c.call("status").get("params");
        assertThat(ok.test(p)).as(what + "; params now " + p).isTrue();
        return p;
    }

    /** Messages that JACK's late periods lost and were sent again (printed; the test fails on a loss without). */
    private int resent;

    /**
     * A button press that must arrive (its CC 127 comes back as a `cc` event). A starved JACK server skips late
     * clients' periods and their MIDI with them (it counts them): such a loss is sent again, up to 3 times; a loss
     * with no late period fails.
     */
    private void press(RtMidiController ctl, java.util.concurrent.BlockingQueue<ObjectNode> ccs, int cc)
            throws Exception {
        sure(ccs, 1, cc, 127, () -> ctl.press(1, cc));
    }

    /** A knob turned; its last value must arrive (sent again as {@link #press} is). */
    private void turn(RtMidiController ctl, java.util.concurrent.BlockingQueue<ObjectNode> ccs, int channel, int cc,
                      int from, int to, int step) throws Exception {
        boolean[] first = {true};
        sure(ccs, channel, cc, to, () -> {
            if (first[0]) {
                ctl.turn(channel, cc, from, to, step, 3);
                first[0] = false;
            } else {
                ctl.cc(channel, cc, to);
            }
        });
    }

    private interface Send {
        void run() throws Exception;
    }

    private void sure(java.util.concurrent.BlockingQueue<ObjectNode> ccs, int channel, int cc, int value, Send send)
            throws Exception {
        for (int attempt = 0; ; attempt++) {
            int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("testctl");
            ccs.clear();
            send.run();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                ObjectNode e = ccs.poll(100, TimeUnit.MILLISECONDS);
                seen = e != null && e.path("channel").asInt() == channel && e.path("controller").asInt() == cc
                        && e.path("value").asInt() == value;
            }
            if (seen) {
                return;
            }
            int lateNow = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("testctl") - late;
            assertThat(lateNow).as("CC %d lost with no late JACK period", cc).isPositive();
            assertThat(attempt).as("CC %d lost 3 times", cc).isLessThan(3);
            resent++;
            System.out.printf("CC %d lost in %d late JACK periods: sent again%n", cc, lateNow);
            Thread.sleep(ControllerListenerBounce.MS);
        }
    }

    /** Past the listener's button debounce, so that a press sent again counts. */
    private static final class ControllerListenerBounce {
        static final long MS = org.hitlmidi.midi.ControllerListener.BUTTON_DEBOUNCE_NANOS / 1_000_000 + 20;
    }

    @Test
    void theNanoKontrol2AndADawDriveTheLiveControlsWithPickupLayersAndScenes() throws Exception {
        List<String> styles = new ArrayList<>(org.hitlmidi.preset.Presets.builtInNames("styles"));
        styles.sort(null);
        try (DeviceRunner d = start(); ControlClient c = ControlClient.connect(d.socket());
             RtMidiController ctl = RtMidiController.open(server, "hitl-midi:in");
             ControlClient sub = ControlClient.connect(d.socket())) {
            java.util.concurrent.BlockingQueue<ObjectNode> ccs = new java.util.concurrent.LinkedBlockingQueue<>();
            sub.subscribe(List.of("cc"), ccs::add);
            c.call("play");
            double tempo = c.call("status").get("params").get("tempo").asDouble();
            int heldTempo = (int) Math.round(tempo - 60); // the fader's value of the tempo in force
            assertThat(heldTempo).isBetween(10, 90);

            // 1. the tempo fader far above the tempo in force: moving it (not across) changes nothing ...
            turn(ctl, ccs, 1, FADER_TEMPO, 127, heldTempo + 20, 5);
            // ... which a later move of another knob (released: swing is the style's, it counts at once) proves:
            // its change comes after the fader's moves were looked at
            turn(ctl, ccs, 1, KNOB_SWING, 0, 127, 16);
            JsonNode p = awaitParams(c, "swing from knob 7", x -> x.path("swing").asDouble(-1) == 1.0);
            assertThat(p.get("tempo").asDouble()).as("the fader never reached the tempo: no jump").isEqualTo(tempo);
            // 2. ... and across the tempo in force it picks it up: the tempo follows it
            turn(ctl, ccs, 1, FADER_TEMPO, heldTempo + 20, heldTempo - 10, 5);
            awaitParams(c, "tempo from fader 8", x -> x.path("tempo").asDouble() == 60 + heldTempo - 10);

            // 3. density (knob 5), a material change: a new track
            long track = c.call("status").path("track").path("trackId").asLong();
            turn(ctl, ccs, 1, KNOB_DENSITY, 0, 127, 16);
            awaitParams(c, "density 3 from knob 5", x -> x.path("density").asInt(-1) == 3);
            assertThat(c.call("status").path("track").path("trackId").asLong()).isNotEqualTo(track);
            // 4. the bass: muted by M2, its level from fader 2 (held at 1.0: picked up at the top, then down)
            press(ctl, ccs, M2);
            awaitParams(c, "bass muted by M2", x -> x.path("mute").toString().contains("bass"));
            turn(ctl, ccs, 1, FADER_BASS, 110, 127, 4);
            turn(ctl, ccs, 1, FADER_BASS, 127, 64, 9);
            awaitParams(c, "bass level from fader 2", x -> x.path("level_bass").asDouble() == 64 / 127.0);
            // 5. S3: the third style
            press(ctl, ccs, S3);
            awaitParams(c, "style 3 from S3", x -> x.path("style").asText().equals(styles.get(2)));
            // 6. the DAW's lane (channel 16, CC 21: swing) sets it absolutely, far from where knob 7 is: 0, the
            // bottom, is "auto" (the style's swing, null), 1 is straight (0.0)
            sure(ccs, 16, 21, 1, () -> ctl.cc(16, 21, 1));
            awaitParams(c, "swing 0 from the DAW's lane", x -> x.path("swing").asDouble(-1) == 0.0);
            sure(ccs, 16, 21, 0, () -> ctl.cc(16, 21, 0));
            awaitParams(c, "swing back to auto from the DAW's lane", x -> x.has("swing") && x.get("swing").isNull());

            // 7. TRACK> arms saving, CYCLE goes to layer 2, S1 there is scene 1: saved
            JsonNode saved = c.call("status").get("params");
            press(ctl, ccs, TRACK_NEXT);
            press(ctl, ccs, CYCLE);
            press(ctl, ccs, S1);
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(20), () -> c.call("scene").path("scenes").size() > 0);
            JsonNode scenes = c.call("scene").path("scenes");
            assertThat(scenes).hasSize(1);
            assertThat(scenes.get(0).path("number").asInt()).isEqualTo(1);
            assertThat(scenes.get(0).path("params")).isEqualTo(saved);
            assertThat(c.call("status").path("params").path("style").asText()).as("S1 in layer 2 is no style pad")
                    .isEqualTo(styles.get(2));
            // 8. everything changes (from the socket), then the DAW's program change 0 recalls scene 1
            c.call("params", f().set("set", f().put("style", "next").put("tempo", 171).put("swing", 0.5)
                    .put("level_bass", 0.2).put("density", 0).set("mute", f().arrayNode())));
            assertThat(c.call("status").get("params")).isNotEqualTo(saved);
            JsonNode back = null;
            for (int attempt = 0; back == null; attempt++) {
                int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("testctl");
                ctl.program(3, 0);
                org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), () -> c.call("status").get("params").equals(saved));
                JsonNode now = c.call("status").get("params");
                if (now.equals(saved)) {
                    back = now;
                } else {
                    int lateNow = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("testctl") - late;
                    assertThat(lateNow).as("the program change was lost with no late JACK period; params " + now)
                            .isPositive();
                    assertThat(attempt).as("the program change lost 3 times").isLessThan(3);
                    resent++;
                    System.out.printf("program change lost in %d late JACK periods: sent again%n", lateNow);
                }
            }
            assertThat(back).isEqualTo(saved);
            assertThat(d.device().controllersForTest().listener().layer()).isEqualTo(2);
            System.out.printf("live controls over JACK: every step as the mapping says; %d messages sent again after "
                    + "late JACK periods%n", resent);
        }
    }
}
