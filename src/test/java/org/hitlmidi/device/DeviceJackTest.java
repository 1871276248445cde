package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.midi.JackProbeClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole loop on a real JACK server (dummy driver): a rating through the socket, the next track on our port. */
class DeviceJackTest {
    static JackDummyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        org.hitlmidi.Required.jackd();
        server = JackDummyServer.start(48000, 256);
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

    /** Note-ons and note-offs the reader got, as "channel:key" in arrival order. */
    private record Heard(List<Integer> melody, List<Integer> drums, Map<String, Integer> sounding) {
        static Heard of(JackProbeClient r) {
            List<Integer> melody = new ArrayList<>();
            List<Integer> drums = new ArrayList<>();
            Map<String, Integer> sounding = new HashMap<>();
            for (int i = 0; i < r.count(); i++) {
                int st = r.status(i);
                int type = st & 0xF0;
                int ch = st & 0x0F;
                String key = (ch + 1) + ":" + r.data1(i);
                if (type == 0x90 && r.data2(i) > 0) {
                    if (ch == 9) {
                        drums.add(r.data1(i));
                    } else if (ch == 0) { // the melody's channel; bass and chords play on 2 and 3
                        melody.add(r.data1(i));
                    }
                    sounding.merge(key, 1, Integer::sum);
                } else if (type == 0x80 || type == 0x90) {
                    sounding.merge(key, -1, Integer::sum);
                } else if (type == 0xB0 && r.data1(i) == 123) {
                    // All Notes Off ends every note of its channel (MIDI 1.0 spec), as a synth hears it
                    sounding.replaceAll((k, v) -> k.startsWith((ch + 1) + ":") ? Math.min(v, 0) : v);
                }
            }
            // below zero: a note-on lost in an xrun whose note-off arrived; only above zero is a note left sounding
            sounding.values().removeIf(v -> v <= 0);
            return new Heard(melody, drums, sounding);
        }
    }

    /** JACK's own count of cycles a client missed: events of a missed cycle are lost, by JACK, not by us. */
    private static long xruns() throws Exception {
        return server.latePeriods();
    }

    private DeviceRunner start(String data, Path sock) throws Exception {
        return DeviceRunner.start(new DeviceRunner.Options(dir.resolve(data), sock, false, "default", "jack",
                Optional.of(server.name()), OptionalLong.of(21), false, null), PortOutputs::open);
    }

    private static String raw(JackProbeClient reader) {
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < reader.count(); i++) {
            raw.append(String.format("%d:%02x %d %d%n", reader.frame(i), reader.status(i), reader.data1(i),
                    reader.data2(i)));
        }
        return raw.toString();
    }

    @Test
    void aRatingThroughTheSocketPlaysTheNextTrackOnTheJackPort() throws Exception {
        Path sock = dir.resolve("c.sock");
        try (DeviceRunner d = start("data", sock); ControlClient c = ControlClient.connect(sock);
             ControlClient sub = ControlClient.connect(sock); JackProbeClient reader = JackProbeClient.open("reader", 8192)) {
            JsonNode port = c.call("status").get("port");
            assertThat(port.get("backend").asText()).isEqualTo("jack");
            assertThat(port.get("name").asText()).isEqualTo("hitl-midi:out");
            assertThat(port.get("state").asText()).isEqualTo("connected");
            // tracks loop by default; this test measures single passes
            c.call("params", JsonNodeFactory.instance.objectNode().set("set", JsonNodeFactory.instance.objectNode().put("loop", false)));
            reader.connect("hitl-midi:out", reader.inName());
            c.call("params", f().set("set", f().put("tempo", 300)));
            BlockingQueue<ObjectNode> ended = new LinkedBlockingQueue<>();
            sub.subscribe(List.of("track_ended"), ended::add);

            long x0 = xruns();
            JsonNode next = c.call("rate", f().put("overall", 7)).get("track");
            List<Integer> pitches = new ArrayList<>();
            next.get("melody").forEach(n -> pitches.add(n.get(0).asInt()));
            List<Integer> keys = new ArrayList<>();
            next.get("percussion").forEach(n -> keys.add(n.get(1).asInt()));
            // a starved machine makes JACK skip whole cycles (xruns, in jackd's log); such a play proves nothing,
            // so the same track is played again, up to 5 times, until one play ran without an xrun
            for (int attempt = 1; ; attempt++) {
                ObjectNode end = ended.poll(20, TimeUnit.SECONDS);
                assertThat(end).as("the track played to its end").isNotNull();
                assertThat(end.get("trackId").asLong()).isEqualTo(next.get("trackId").asLong());
                // the last note-offs leave in the periods after the end is noted: wait until nothing new for 200 ms
                org.hitlmidi.Await.quiet(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(10), reader::count);
                long x1 = xruns();
                if (x1 == x0) {
                    Heard h = Heard.of(reader);
                    String why = "port " + c.call("status").get("port") + "\n" + raw(reader);
                    assertThat(h.melody()).as("melody note-ons on channel 1; %s", why).isEqualTo(pitches);
                    assertThat(h.drums()).as("drum note-ons on channel 10; %s", why).isEqualTo(keys);
                    assertThat(h.sounding()).as("every note-on got its note-off; %s", why).isEmpty();
                    System.out.println("jack: the rated-for track arrived whole on play " + attempt);
                    break;
                }
                if (attempt == 5) {
                    // every play lost cycles: what did arrive must still be this track's notes, in order
                    List<Integer> got = Heard.of(reader).melody();
                    // a skipped cycle (5.3 ms) holds at most one note-on of a 300 bpm melody: at most one lost per xrun
                    assertThat(pitches.size() - got.size()).as("melody notes lost in the last play, with %d xruns in it",
                            x1 - x0).isLessThanOrEqualTo((int) Math.min(x1 - x0, pitches.size()));
                    assertThat(isSubsequence(got, pitches)).as("%s in order within %s", got, pitches).isTrue();
                    System.out.println("jack: every play had xruns; " + got.size() + " of " + pitches.size() + " notes, "
                            + (x1 - x0) + " xruns in the last play");
                    break;
                }
                reader.reset();
                x0 = x1;
                c.call("replay");
            }
        }
    }

    private static boolean isSubsequence(List<Integer> part, List<Integer> whole) {
        int j = 0;
        for (int x : part) {
            while (j < whole.size() && whole.get(j) != x) {
                j++;
            }
            if (j == whole.size()) {
                return false;
            }
            j++;
        }
        return true;
    }

    @Test
    void stopLeavesNoNoteHangingOnTheJackPort() throws Exception {
        for (int attempt = 1; ; attempt++) {
            Path sock = dir.resolve("s" + attempt + ".sock");
            try (DeviceRunner d = start("data" + attempt, sock); ControlClient c = ControlClient.connect(sock);
                 JackProbeClient reader = JackProbeClient.open("stopreader", 8192)) {
                reader.connect("hitl-midi:out", reader.inName());
                long x0 = xruns();
                c.call("params", f().set("set", f().put("loop", true).put("tempo", 300)));
                c.call("play");
                org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), () -> Heard.of(reader).melody().size() >= 3);
                assertThat(Heard.of(reader).melody()).as("the looped track sounds").hasSizeGreaterThanOrEqualTo(3);
                c.call("stop");
                assertThat(d.awaitStopped(10, TimeUnit.SECONDS)).isTrue();
                // the stop's note-offs leave in the next periods: wait until the reader has heard nothing new for 200 ms
                org.hitlmidi.Await.quiet(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(10), reader::count);
                Map<String, Integer> hanging = Heard.of(reader).sounding();
                if (hanging.isEmpty()) {
                    return;
                }
                // a note-off lost in a cycle JACK skipped is JACK's loss; without an xrun it is ours
                assertThat(xruns()).as("notes left sounding after stop with no xrun: %s%n%s", hanging, raw(reader))
                        .isGreaterThan(x0);
            }
            assertThat(attempt).as("a stop with every note-off delivered: none in 3").isLessThan(3);
        }
    }
}
