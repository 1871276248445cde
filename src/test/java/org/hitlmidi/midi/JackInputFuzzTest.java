package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile live input on a real JACK server (dummy driver): another client writes raw bytes into our input port,
 * and exactly the messages put in them come out of the port, in order, while the port goes on working.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JackInputFuzzTest {
    /** Events a period from the hostile sender: at 48 kHz and 1024 frames, 750 events a second. */
    static final int PER_PERIOD = 16;
    static JackDummyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        org.hitlmidi.Required.jackd();
        server = JackDummyServer.start(48000, 1024);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void hostileEventsYieldExactlyTheMessagesInThem() throws Exception {
        ConcurrentLinkedQueue<int[]> got = new ConcurrentLinkedQueue<>();
        SplittableRandom r = new SplittableRandom(0x1A_CC_0007L);
        HostileMidi.Counts c = new HostileMidi.Counts();
        List<HostileMidi.Event> sent = new ArrayList<>();
        int events = 3000;
        long bytes = 0;
        int expectedMessages = 0;
        int lostEvents;
        int repeated;
        int torn;
        int latePeriods;
        String diagnostics;
        try (JackMidiPort port = JackMidiPort.open(PortOptions.defaults(java.nio.file.Path.of("unused"))
                .withJackServer(server.name()).withClientName("fuzz-in"));
             RawJackSender sender = RawJackSender.open("hostile", PER_PERIOD);
             JackProbeClient reader = JackProbeClient.open("fuzz-reader", 1024)) {
            port.setReceiver((st, d1, d2, at) -> got.add(new int[] {st, d1, d2}));
            port.connectIn(sender.outName());
            port.connectOut(reader.inName());
            JackMidiPortTest.awaitConnected(port, sender.outName());
            JackMidiPortTest.awaitConnected(port, reader.inName());
            for (int i = 0; i < events; i++) {
                HostileMidi.Event e = HostileMidi.event(r, 6, c);
                byte[] tagged = new byte[e.bytes().length + 3];
                tagged[0] = (byte) Midi.SONG_POSITION; // the event's number, so that a skipped cycle cannot blur it
                tagged[1] = (byte) (i & 0x7F);
                tagged[2] = (byte) (i >> 7);
                System.arraycopy(e.bytes(), 0, tagged, 3, e.bytes().length);
                sender.send(tagged);
                sent.add(e);
                bytes += tagged.length;
                expectedMessages += e.expected().size();
            }
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(60), () -> sender.queued() == 0);
            org.hitlmidi.Await.quiet(java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(60), got::size); // until nothing more arrives
            assertThat(sender.tooBig()).isZero();
            assertThat(sender.sent()).isEqualTo(events);
            // On a starved machine JACK (asynchronous mode) skips a late client's cycle now and then (an xrun, which
            // the server logs): the reader then misses that cycle's input, reads a skipped sender's stale buffer
            // twice, or reads it while the next cycle rewrites it (torn). Only then may an event differ from what
            // was sent; with no late period every event must arrive once, exactly as built.
            int late = server.lateClientPeriods("fuzz-in") + server.lateClientPeriods("hostile");
            List<int[]> out = new ArrayList<>(got);
            assertThat(out).as("nothing before the first tag").isNotEmpty();
            assertThat(out.get(0)[0]).isEqualTo(Midi.SONG_POSITION);
            java.util.BitSet arrived = new java.util.BitSet();
            torn = 0;
            int groups = 0;
            int i = 0;
            while (i < out.size()) {
                int[] tag = out.get(i++);
                int n = tag[1] | tag[2] << 7;
                assertThat(n).as("an event number sent").isLessThan(events);
                List<int[]> msgs = new ArrayList<>();
                while (i < out.size() && out.get(i)[0] != Midi.SONG_POSITION) {
                    msgs.add(out.get(i++));
                }
                boolean same = msgs.size() == sent.get(n).expected().size();
                for (int k = 0; same && k < msgs.size(); k++) {
                    same = java.util.Arrays.equals(msgs.get(k), sent.get(n).expected().get(k));
                }
                if (!same) {
                    torn++;
                    assertThat(late).as("event %d differs (%s) with no late period reported", n,
                            java.util.HexFormat.ofDelimiter(" ").formatHex(sent.get(n).bytes())).isPositive();
                }
                arrived.set(n);
                groups++;
            }
            lostEvents = events - arrived.cardinality();
            repeated = groups - arrived.cardinality();
            diagnostics = port.diagnostics();
            if (late == 0) {
                assertThat(lostEvents + repeated).as("events lost or repeated with no late period (%s)", diagnostics)
                        .isZero();
            }
            // a late period costs at most one period of events on each side (the sender's and ours)
            assertThat(lostEvents + repeated + torn).as("events hit by %d late periods (%s)", late, diagnostics)
                    .isLessThanOrEqualTo(late * PER_PERIOD * 2);
            assertThat(arrived.cardinality()).as("events that arrived").isPositive();
            latePeriods = late;
            // and the port still sends: notes through to another client (a starved cycle may lose one)
            for (int k = 0; k < 10; k++) {
                port.send(Midi.NOTE_ON, 60 + k, 100, 0);
                port.send(Midi.NOTE_OFF, 60 + k, 0, 0);
                Thread.sleep(50); // pacing on purpose: one note a few periods apart (a starved cycle loses one, not all)
            }
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), () -> reader.count() >= 20);
            // liveness, not a count: a starved cycle loses what it carried (the server logs it)
            assertThat(reader.count()).as("notes out after the hostile input").isPositive();
            assertThat(reader.status(0) & 0xF0).isIn(Midi.NOTE_ON, Midi.NOTE_OFF);
        }
        System.out.printf("jack input fuzz: %d hostile events (%d bytes) through a real JACK server, %d a period of 1024 frames: %d messages, %d "
                + "real-time bytes inside or between, %d SysEx with end, %d without, %d cut messages, %d stray data "
                + "runs, %d undefined bytes, %d running status; %d messages expected; every event that arrived gave exactly its "
                + "messages; in %d late periods the server reported, %d events were missed, %d read twice, %d torn (%s)%n", events, bytes, PER_PERIOD, c.messages,
                c.realtime, c.sysexWithEnd, c.sysexWithoutEnd, c.cut, c.stray, c.undefined, c.runningStatus,
                expectedMessages, latePeriods, lostEvents, repeated, torn, diagnostics);
    }
}
