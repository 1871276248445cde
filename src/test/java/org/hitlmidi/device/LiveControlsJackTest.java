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
 * change. Then a storm of 20,000 CCs on the live controls from a jnajack client: the device answers throughout,
 * stores every rating, and ends in the state the last CCs asked for.
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode p = c.call("status").get("params");
        while (!ok.test(p) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            p = c.call("status").get("params");
        }
        assertThat(ok.test(p)).as(what + "; params now " + p).isTrue();
        return p;
    }

    @Test
    void theNanoKontrol2AndADawDriveTheLiveControlsWithPickupLayersAndScenes() throws Exception {
        List<String> styles = new ArrayList<>(org.hitlmidi.preset.Presets.builtInNames("styles"));
        styles.sort(null);
        try (DeviceRunner d = start(); ControlClient c = ControlClient.connect(d.socket());
             RtMidiController ctl = RtMidiController.open(server, "hitl-midi:in")) {
            c.call("play");
            double tempo = c.call("status").get("params").get("tempo").asDouble();
            int heldTempo = (int) Math.round(tempo - 60); // the fader's value of the tempo in force
            assertThat(heldTempo).isBetween(10, 90);

            // 1. the tempo fader far above the tempo in force: moving it (not across) changes nothing ...
            ctl.turn(1, FADER_TEMPO, 127, heldTempo + 20, 5, 3);
            // ... which a later move of another knob (released: swing is the style's, it counts at once) proves:
            // its change comes after the fader's moves were looked at
            ctl.turn(1, KNOB_SWING, 0, 127, 16, 3);
            JsonNode p = awaitParams(c, "swing from knob 7", x -> x.path("swing").asDouble(-1) == 1.0);
            assertThat(p.get("tempo").asDouble()).as("the fader never reached the tempo: no jump").isEqualTo(tempo);
            // 2. ... and across the tempo in force it picks it up: the tempo follows it
            ctl.turn(1, FADER_TEMPO, heldTempo + 20, heldTempo - 10, 5, 3);
            awaitParams(c, "tempo from fader 8", x -> x.path("tempo").asDouble() == 60 + heldTempo - 10);

            // 3. density (knob 5), a material change: a new track
            long track = c.call("status").path("track").path("trackId").asLong();
            ctl.turn(1, KNOB_DENSITY, 0, 127, 16, 3);
            awaitParams(c, "density 3 from knob 5", x -> x.path("density").asInt(-1) == 3);
            assertThat(c.call("status").path("track").path("trackId").asLong()).isNotEqualTo(track);
            // 4. the bass: muted by M2, its level from fader 2 (held at 1.0: picked up at the top, then down)
            ctl.press(1, M2);
            awaitParams(c, "bass muted by M2", x -> x.path("mute").toString().contains("bass"));
            ctl.turn(1, FADER_BASS, 110, 127, 4, 3);
            ctl.turn(1, FADER_BASS, 127, 64, 9, 3);
            awaitParams(c, "bass level from fader 2", x -> x.path("level_bass").asDouble() == 64 / 127.0);
            // 5. S3: the third style
            ctl.press(1, S3);
            awaitParams(c, "style 3 from S3", x -> x.path("style").asText().equals(styles.get(2)));
            // 6. the DAW's lane (channel 16, CC 21: swing) sets it absolutely, far from where knob 7 is
            ctl.cc(16, 21, 0);
            awaitParams(c, "swing 0 from the DAW's lane", x -> x.path("swing").asDouble(-1) == 0.0);

            // 7. TRACK> arms saving, CYCLE goes to layer 2, S1 there is scene 1: saved
            JsonNode saved = c.call("status").get("params");
            ctl.press(1, TRACK_NEXT);
            ctl.press(1, CYCLE);
            ctl.press(1, S1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (c.call("scene").path("scenes").size() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
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
            ctl.program(3, 0);
            JsonNode back = awaitParams(c, "scene 1 from program change 0", x -> x.equals(saved));
            assertThat(back).isEqualTo(saved);
            assertThat(d.device().controllersForTest().listener().layer()).isEqualTo(2);
        }
    }

    @Test
    void aStormOfTwentyThousandCcsOnTheLiveControlsStallsNothingAndLosesNoRating() throws Exception {
        int storm = 20_000;
        // nanoKONTROL2: the eight faders (levels, intensity, humanize, key, tempo) and knobs 5-7 (density,
        // register, swing): feel and material changes both
        int[] ccs = {0, 1, 2, 3, 4, 5, 6, 7, 20, 21, 22};
        AtomicReference<JackMidiPort> jack = new AtomicReference<>();
        AtomicReference<RecordingPort> tap = new AtomicReference<>();
        Path socket = dir.resolve("c.sock");
        try (DeviceRunner device = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), socket, false,
                     Profile.DEFAULT, "jack", Optional.empty(), OptionalLong.of(11), false, null,
                     Optional.of("nanokontrol2"), Optional.empty()), (backend, portOptions) -> {
                         JackMidiPort p;
                         try {
                             p = JackMidiPort.open(portOptions.withJackServer(server.name()));
                         } catch (org.hitlmidi.midi.PortException e) {
                             throw new java.io.IOException(e);
                         }
                         jack.set(p);
                         RecordingPort r = new RecordingPort(p);
                         tap.set(r);
                         return new DeviceRunner.Output(r, new Player(r), "the test's JACK server");
                     });
             RawJackSender sender = RawJackSender.open("livestorm", 96);
             ControlClient panel = ControlClient.connect(socket);
             ControlClient driver = ControlClient.connect(socket)) {
            jack.get().connectIn(sender.outName());
            AtomicLong heard = new AtomicLong();
            AtomicLong changes = new AtomicLong();
            panel.subscribe(List.of("cc", "params_changed"), e -> {
                if (e.path("event").asText().equals("cc")) {
                    heard.incrementAndGet();
                } else {
                    changes.incrementAndGet();
                }
            });
            driver.call("play");
            int lateBefore = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("livestorm");
            SplittableRandom r = new SplittableRandom(0x5707L);
            long statuses = 0;
            List<Long> ratingIds = new ArrayList<>();
            for (int sent = 0; sent < storm; ) {
                for (int k = 0; k < 500 && sent < storm; k++, sent++) {
                    sender.send(new byte[] {(byte) Midi.CONTROL_CHANGE, (byte) ccs[r.nextInt(ccs.length)],
                        (byte) r.nextInt(128)});
                }
                assertThat(driver.call("status").path("ok").asBoolean()).isTrue();
                statuses++;
                if (sent % 5000 == 0) { // a rating from the panel in the middle of it
                    ratingIds.add(driver.call("rate", f().put("overall", 1 + sent / 5000).put("next", false))
                            .path("ratingId").asLong());
                }
                Thread.sleep(50); // about 10,000 CCs a second
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sender.queued() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long in = -1;
            while (in != tap.get().received() && System.nanoTime() < deadline) {
                in = tap.get().received();
                Thread.sleep(300);
            }
            while (heard.get() < in && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("livestorm") - lateBefore;
            assertThat(sender.sent()).isEqualTo(storm);
            assertThat(heard.get()).as("cc events at the panel").isEqualTo(in);
            if (late == 0) {
                assertThat(in).as("CCs into the port (%s)", jack.get().diagnostics()).isEqualTo(storm);
            } else {
                assertThat(in).as("CCs into the port with %d late periods", late).isBetween((long) storm / 2, (long) storm);
            }
            // the state the last CCs ask for: each control moved once more, slowly, from where the storm left it
            ObjectNode before = (ObjectNode) driver.call("status").get("params");
            sender.send(new byte[] {(byte) Midi.CONTROL_CHANGE, 7, 40});  // tempo 100
            sender.send(new byte[] {(byte) Midi.CONTROL_CHANGE, 22, 127}); // swing 1
            sender.send(new byte[] {(byte) Midi.CONTROL_CHANGE, 3, 0});    // drums level 0
            sender.send(new byte[] {(byte) Midi.CONTROL_CHANGE, 20, 0});   // density 0
            JsonNode p = awaitParams(driver, "the last CCs after the storm (before: " + before + ")",
                    x -> x.path("tempo").asDouble() == 100 && x.path("swing").asDouble(-1) == 1.0
                            && x.path("level_drums").asDouble(-1) == 0.0 && x.path("density").asInt(-1) == 0);
            assertThat(p.path("tempo").asDouble()).isEqualTo(100.0);
            assertThat(driver.call("status").path("playing").asBoolean()).isTrue();
            try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) {
                var stored = s.ratings(s.profile("default").orElseThrow().id(), true);
                assertThat(stored).extracting(org.hitlmidi.store.RatingRecord::id).containsExactlyElementsOf(ratingIds);
            }
            System.out.printf("live-control storm: %d CCs on %d live controls, %d came in (%d late periods), %d heard "
                            + "by the panel, %d changes made of them, %d status calls answered meanwhile, %d ratings "
                            + "stored (%s)%n", storm, ccs.length, in, late, heard.get(), changes.get(), statuses,
                    ratingIds.size(), jack.get().diagnostics());
        }
    }
}
