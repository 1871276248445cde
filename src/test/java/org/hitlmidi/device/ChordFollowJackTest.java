package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.midi.JackProbeClient;
import org.hitlmidi.midi.Midi;
import org.hitlmidi.midi.RtMidiController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chord follow on a real JACK server: a python-rtmidi keyboard (another MIDI stack than ours) holds D minor, then
 * G7, into {@code hitl-midi:in} while the device loops a pop track in C major; the device takes the two chords and
 * its next loop, from the bar line the change lands on, plays them: read at another client, every bar's chord part
 * sounds only that bar's chord (Dm, G7, Dm, G7), its root among them.
 */
class ChordFollowJackTest {
    private static final int RATE = 48000;
    private static final Set<Integer> D_MINOR = Set.of(2, 5, 9);
    private static final Set<Integer> G7 = Set.of(7, 11, 2, 5);
    static JackDummyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        org.hitlmidi.Required.jackd();
        org.hitlmidi.Required.python();
        server = JackDummyServer.start(RATE, 256);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    private static JsonNode await(String what, ThrowingSupplier<JsonNode> get, java.util.function.Predicate<JsonNode> done)
            throws Exception {
        JsonNode[] last = new JsonNode[1];
        if (!org.hitlmidi.Await.within(java.time.Duration.ofSeconds(40), () -> done.test(last[0] = get.get()))) {
            throw new AssertionError("timed out waiting for " + what + "; last " + last[0]);
        }
        return last[0];
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** The frames where a group of program changes starts (a track's top, or a switch to it), in order. */
    private static List<Long> programGroups(JackProbeClient r) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < r.count(); i++) {
            if ((r.status(i) & 0xF0) == Midi.PROGRAM_CHANGE
                    && (out.isEmpty() || out.get(out.size() - 1) != r.frame(i))) {
                out.add(r.frame(i));
            }
        }
        return out;
    }

    private static void chord(RtMidiController keys, int on, int... pitches) throws Exception {
        for (int p : pitches) {
            keys.send(on > 0 ? Midi.NOTE_ON : Midi.NOTE_OFF, p, on);
        }
    }

    /** Resends made, when JACK lost a message of the keyboard's on a loaded server (counted, printed). */
    private int resent;

    /**
     * Presses the chord until the device says it hears it held (a message into a busy JACK server may be lost, as
     * LiveControlsJackTest finds: then the notes are let go and pressed again, and it is counted).
     */
    private void hold(RtMidiController keys, ControlClient c, String name, int... pitches) throws Exception {
        for (int attempt = 0; ; attempt++) {
            chord(keys, 80, pitches);
            try {
                await3("held " + name, () -> c.call("follow"), x -> x.path("follow").path("held").asText().equals(name));
                return;
            } catch (AssertionError e) {
                if (attempt == 4) {
                    throw e;
                }
                resent++;
                release(keys, c, pitches);
            }
        }
    }

    /** Lets the chord go until the device hears nothing held. */
    private void release(RtMidiController keys, ControlClient c, int... pitches) throws Exception {
        for (int attempt = 0; ; attempt++) {
            chord(keys, 0, pitches);
            try {
                await3("nothing held", () -> c.call("follow"), x -> !x.path("follow").has("held"));
                return;
            } catch (AssertionError e) {
                if (attempt == 4) {
                    throw e;
                }
                resent++;
            }
        }
    }

    /** {@link #await} for 3 s. */
    private static void await3(String what, ThrowingSupplier<JsonNode> get, java.util.function.Predicate<JsonNode> done)
            throws Exception {
        org.hitlmidi.Await.until(java.time.Duration.ofSeconds(3), what, () -> done.test(get.get()));
    }

    @Test
    void heldDMinorThenG7AreWhatTheNextLoopsChordsPlay() throws Exception {
        try (DeviceRunner d = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"),
                false, "default", "jack", Optional.of(server.name()), OptionalLong.of(3), false, null), PortOutputs::open);
             ControlClient c = ControlClient.connect(d.socket());
             JackProbeClient reader = JackProbeClient.open("creader", 1 << 16);
             RtMidiController keys = RtMidiController.open(server, "hitl-midi:in")) {
            reader.connect("hitl-midi:out", reader.inName());
            assertThat(c.call("follow", f().put("chords", true)).path("follow").path("chords").asBoolean()).isTrue();
            // a style of block chords, in C major, at 120 BPM: a new track, played
            JsonNode first = c.call("params", f().set("set", f().put("style", "pop").put("tempo", 120)
                    .put("base", "C4").put("scale", "major").put("loop", true)));
            assertThat(first.path("params").path("chordFollow").asBoolean()).isTrue();
            assertThat(first.path("params").path("chords").isNull()).as("the style's progression").isTrue();
            c.call("play");
            await("the track's top", () -> c.call("status"), x -> !programGroups(reader).isEmpty());

            hold(keys, c, "Dm", 50, 53, 57); // D minor: D3 F3 A3, held until it is taken
            await("D minor taken", () -> c.call("follow"),
                    x -> x.path("follow").path("progression").asText().equals("Dm"));
            release(keys, c, 50, 53, 57);
            hold(keys, c, "G7", 43, 59, 62, 65); // G7: G2 B3 D4 F4
            // heard held, not yet taken (a beat to go): the change to Dm-G7 comes after what was read by now
            long mark = reader.frame(reader.count() - 1);
            await("G7 taken", () -> c.call("follow"),
                    x -> x.path("follow").path("progression").asText().equals("Dm-G7"));
            release(keys, c, 43, 59, 62, 65);
            JsonNode status = await("the change made", () -> c.call("status"),
                    x -> x.path("params").path("chords").asText().equals("Dm-G7"));
            assertThat(status.path("params").path("base").asText()).as("the key stays").isEqualTo("C4");
            // the change lands on the bar line after it: within two bars of the mark; then no other switch comes (a
            // loop's later rounds send no program change), so the last switch read is the one to Dm-G7
            await("a bar and more after the change", () -> c.call("status"),
                    x -> reader.frame(reader.count() - 1) > mark + 2L * 4 * RATE / 2);
            List<Long> groups = programGroups(reader);
            long top = groups.get(groups.size() - 1); // the switch to the track over Dm-G7
            assertThat(top).as("a switch after the change").isGreaterThan(mark);
            int melody = status.path("params").path("channel").asInt(1);
            int chordsChannel = melody + 2 + (melody + 2 > 9 && melody < 10 ? 1 : 0) - 1; // 0-based, 10 skipped
            int bars = 4;
            long bar = 4L * RATE / 2; // 96,000 frames: a 4/4 bar at 120 BPM
            await("a whole loop over the held chords", () -> c.call("status"),
                    x -> reader.count() > 0 && reader.frame(reader.count() - 1) > top + bars * bar);
            List<Set<Integer>> heard = new ArrayList<>();
            for (int b = 0; b < bars; b++) {
                heard.add(new TreeSet<>());
            }
            for (int i = 0; i < reader.count(); i++) {
                long fr = reader.frame(i) - top + bar / 40; // a note humanized a little early is its bar's
                if ((reader.status(i) & 0xF0) == Midi.NOTE_ON && reader.data2(i) > 0
                        && (reader.status(i) & 0x0F) == chordsChannel && fr >= 0 && fr < bars * bar) {
                    heard.get((int) (fr / bar)).add(reader.data1(i) % 12);
                }
            }
            System.out.printf("chord follow: held Dm then G7; the next loop's chord part by bar %s; late periods %d; "
                    + "keyboard messages sent again %d%n", heard, server.lateClientPeriods("hitl-midi"), resent);
            for (int b = 0; b < bars; b++) {
                Set<Integer> want = b % 2 == 0 ? D_MINOR : G7;
                assertThat(heard.get(b)).as("bar %d's chord part: %s", b + 1, heard).isNotEmpty().isSubsetOf(want)
                        .contains(b % 2 == 0 ? 2 : 7);
            }
            assertThat(c.call("status").path("track").path("arrangement").path("progression").asText())
                    .isEqualTo("ii-V7");
        }
    }
}
