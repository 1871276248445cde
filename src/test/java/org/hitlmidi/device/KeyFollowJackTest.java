package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.JackProbeClient;
import org.hitlmidi.midi.Midi;
import org.junit.jupiter.api.Test;

/**
 * Key follow on a real JACK server: a JACK client plays a few bars of D major into {@code hitl-midi:in} while the
 * device loops a track in C; the device moves to D major and its next loop (from the bar line it lands on) has only
 * D major's pitch classes, read at another client; one passing chromatic note after that switches nothing.
 */
class KeyFollowJackTest extends JackDeviceFixture {
    private static final Set<Integer> D_MAJOR = Set.of(2, 4, 6, 7, 9, 11, 1);
    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        org.hitlmidi.Await.until(java.time.Duration.ofSeconds(40), what, done::getAsBoolean);
    }

    /** Sends a message in the player's next period; returns its frame. */
    private static long send(JackProbeClient keys, int status, int d1, int d2) throws InterruptedException {
        keys.sendNextPeriod(status, d1, d2);
        await("the keyboard's period", () -> keys.sentFrame() >= 0);
        return keys.sentFrame();
    }

    /** Plays a note of {@code beats} at 120 BPM (a beat is 24,000 frames), paced by the server's frame counter. */
    private static void note(JackProbeClient keys, int pitch, double beats) throws InterruptedException {
        long on = send(keys, Midi.NOTE_ON, pitch, 90);
        long off = on + Math.round(beats * RATE / 2);
        long now = on;
        while (now < off) {
            Thread.sleep(Math.max(1, (off - now) * 1000 / RATE / 2));
            now = send(keys, Midi.ACTIVE_SENSING, 0, 0);
        }
        send(keys, Midi.NOTE_OFF, pitch, 0);
    }

    /** One bar of D major. */
    private static void barOfD(JackProbeClient keys) throws InterruptedException {
        // the tonic triad long, E and the leading tone C# short; no B, so the relative minor has nothing to lean on
        double[][] bar = {{62, 1}, {64, 0.5}, {66, 1}, {69, 1}, {73, 0.25}, {74, 0.25}};
        for (double[] n : bar) {
            note(keys, (int) n[0], n[1]);
        }
    }

    /** Program-change groups read so far: a track's top (or a switch to it) begins with one. */
    private static long programGroups(JackProbeClient r) {
        long n = 0;
        long last = -1;
        for (int i = 0; i < r.count(); i++) {
            if ((r.status(i) & 0xF0) == Midi.PROGRAM_CHANGE && r.frame(i) != last) {
                n++;
                last = r.frame(i);
            }
        }
        return n;
    }

    private static long groupFrame(JackProbeClient r, long index) {
        long n = 0;
        long last = -1;
        for (int i = 0; i < r.count(); i++) {
            if ((r.status(i) & 0xF0) == Midi.PROGRAM_CHANGE && r.frame(i) != last) {
                if (n++ == index) {
                    return r.frame(i);
                }
                last = r.frame(i);
            }
        }
        return -1;
    }

    @Test
    void barsOfDMajorPlayedInMoveTheNextLoopIntoDMajorAndAPassingNoteDoesNot() throws Exception {
        try (DeviceRunner d = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("k.sock"),
                false, "default", "jack", Optional.of(server.name()), OptionalLong.of(3), false, null), PortOutputs::open);
             ControlClient c = ControlClient.connect(d.socket());
             JackProbeClient reader = JackProbeClient.open("kreader", 1 << 16);
             JackProbeClient keys = JackProbeClient.open("keyboard", 16)) {
            reader.connect("hitl-midi:out", reader.inName());
            keys.connect(keys.outName(), "hitl-midi:in");
            assertThat(c.call("follow", f().put("key", true)).path("follow").path("key").asBoolean()).isTrue();
            // a style of diatonic progressions (no chromatic notes), in C major, at 120 BPM: a new track, played
            JsonNode first = c.call("params", f().set("set", f().put("style", "pop").put("tempo", 120)
                    .put("base", "C4").put("scale", "major").put("loop", true).put("keyFollow", true)));
            assertThat(first.path("params").path("keyFollow").asBoolean()).isTrue();
            await("the track's top", () -> programGroups(reader) >= 1);
            long before = programGroups(reader);
            for (int bar = 0; bar < 4 && !c.call("status").path("params").path("base").asText().startsWith("D"); bar++) {
                barOfD(keys);
            }
            JsonNode params = c.call("status").path("params");
            assertThat(params.path("base").asText()).as("%s", c.call("follow")).startsWith("D");
            assertThat(params.path("scale").asText()).isEqualTo("major");
            await("the new loop's top", () -> programGroups(reader) > before);
            long top = groupFrame(reader, before);
            double bars = c.call("status").path("track").path("arrangement").path("bars").asDouble(4);
            long loopEnd = top + Math.round(bars * 4 * RATE / 2.0);
            // one passing chromatic note, in the new loop: nothing changes
            note(keys, 68, 0.5);
            await("one whole loop in D", () -> reader.count() > 0 && reader.frame(reader.count() - 1) > loopEnd);
            Set<Integer> classes = new TreeSet<>();
            for (int i = 0; i < reader.count(); i++) {
                int st = reader.status(i);
                if ((st & 0xF0) == Midi.NOTE_ON && reader.data2(i) > 0 && (st & 0x0F) != 9
                        && reader.frame(i) >= top && reader.frame(i) < loopEnd) {
                    classes.add(reader.data1(i) % 12);
                }
            }
            System.out.printf("key follow: D major taken, the next loop's pitch classes %s; late periods %d%n",
                    classes, server.lateClientPeriods("hitl-midi"));
            assertThat(classes).as("pitch classes of the loop after the switch").isNotEmpty().isSubsetOf(D_MAJOR);
            assertThat(c.call("status").path("params").path("base").asText()).startsWith("D");
            assertThat(programGroups(reader)).as("no switch after the passing note").isEqualTo(before + 1);
        }
    }
}
