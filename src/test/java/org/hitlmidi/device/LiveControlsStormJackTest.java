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
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.midi.Midi;
import org.hitlmidi.midi.RawJackSender;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storm of 20,000 CCs on the live controls (issue 15) from a jnajack client into a device on its own JACK dummy
 * server: the device answers `status` throughout, stores every rating made meanwhile, passes every CC that came in
 * to a listening panel, and ends in the state the last CCs asked for. No timing is asserted: counts and state.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LiveControlsStormJackTest {
    @TempDir
    Path dir;

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    /** Polls `status` until its params pass {@code ok} (20 s), and returns them. */
    private static JsonNode awaitParams(ControlClient c, String what, java.util.function.Predicate<JsonNode> ok)
            throws Exception {
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
    void aStormOfTwentyThousandCcsOnTheLiveControlsStallsNothingAndLosesNoRating() throws Exception {
        org.hitlmidi.Required.jackd();
        int storm = 20_000;
        // nanoKONTROL2: the eight faders (levels, intensity, humanize, key, tempo) and knobs 5-7 (density,
        // register, swing): feel and material changes both
        int[] ccs = {0, 1, 2, 3, 4, 5, 6, 7, 20, 21, 22};
        TappedJack tapped = new TappedJack();
        Path socket = dir.resolve("c.sock");
        try (JackDummyServer server = JackDummyServer.start(48000, 256);
             DeviceRunner device = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), socket, false,
                     Profile.DEFAULT, "jack", Optional.empty(), OptionalLong.of(11), false, null,
                     Optional.of("nanokontrol2"), Optional.empty()), tapped.on(server));
             RawJackSender sender = RawJackSender.open("livestorm", 96);
             ControlClient panel = ControlClient.connect(socket);
             ControlClient driver = ControlClient.connect(socket)) {
            tapped.jack().connectIn(sender.outName());
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
            while (in != tapped.tap().received() && System.nanoTime() < deadline) {
                in = tapped.tap().received();
                Thread.sleep(300);
            }
            while (heard.get() < in && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("livestorm") - lateBefore;
            assertThat(sender.sent()).isEqualTo(storm);
            assertThat(heard.get()).as("cc events at the panel").isEqualTo(in);
            if (late == 0) {
                assertThat(in).as("CCs into the port (%s)", tapped.jack().diagnostics()).isEqualTo(storm);
            } else {
                assertThat(in).as("CCs into the port with %d late periods", late).isBetween((long) storm / 2, (long) storm);
            }
            // the state the last CCs ask for: each control moved once more, slowly, from where the storm left it
            ObjectNode before = (ObjectNode) driver.call("status").get("params");
            sender.send(new byte[] {(byte) Midi.CONTROL_CHANGE, 7, 40});  // tempo 100
            sender.send(new byte[] {(byte) Midi.CONTROL_CHANGE, 22, 127}); // swing 1
            sender.send(new byte[] {(byte) Midi.CONTROL_CHANGE, 3, 0});    // drums level 0
            sender.send(new byte[] {(byte) Midi.CONTROL_CHANGE, 20, 30});  // density 0 (0..25 is auto)
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
                    ratingIds.size(), tapped.jack().diagnostics());
        }
    }
}
