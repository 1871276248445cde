package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JackMidiPortTest {
    static JackDummyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(JackDummyServer.installed(), "jackd is not installed (installer/test-deps installs it)");
        server = JackDummyServer.start(48000, 256);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    PortOptions options() {
        return PortOptions.defaults(java.nio.file.Path.of("unused")).withJackServer(server.name());
    }

    static Track track() {
        List<Note> melody = new ArrayList<>();
        int[] pitches = {60, 62, 64, 65, 67, 69, 71, 72, 72, 71, 69, 67};
        double[] durs = {0.25, 0.5, 0.25, 0.75, 0.25, 0.5, 1, 0.25, 0.25, 0.5, 0.25, 1};
        for (int i = 0; i < pitches.length; i++) {
            melody.add(new Note(pitches[i], durs[i], 60 + i));
        }
        return new Track(melody, List.of(new DrumHit(0, 36, 90), new DrumHit(1, 38, 90), new DrumHit(2.5, 42, 70)), 150);
    }

    @Test
    void notesLeaveInOrderAtTheirFrame() throws Exception {
        Track t = track();
        TrackEvents ideal = TrackEvents.of(t, MidiFiles.Voice.DEFAULT, -1, true);
        try (JackMidiPort port = JackMidiPort.open(options());
             JackProbeClient reader = JackProbeClient.open("reader", 4096);
             Player player = new Player(port)) {
            assertThat(port.name()).isEqualTo("hitl-midi:out");
            assertThat(port.state()).isEqualTo(PortState.CONNECTED);
            port.connectOut(reader.inName());
            Thread.sleep(100);
            // a start 50 ms ahead: the first notes too are queued before their period on a busy machine
            player.play(1, t, MidiFiles.Voice.DEFAULT, -1, false, port.nowNanos() + 50_000_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (player.isPlaying() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(100);
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < reader.count(); i++) {
                got.append(String.format("%d:%02x %d %d%n", reader.frame(i), reader.status(i), reader.data1(i), reader.data2(i)));
            }
            assertThat(reader.count()).as("events received (%s)%n%s", port.diagnostics(), got).isEqualTo(ideal.size());
            long[] lag = new long[ideal.size()];
            for (int i = 0; i < ideal.size(); i++) {
                assertThat(reader.status(i)).as("event %d", i).isEqualTo(ideal.status[i]);
                assertThat(reader.data1(i)).as("event %d", i).isEqualTo(ideal.data1[i]);
                assertThat(reader.data2(i)).as("event %d", i).isEqualTo(ideal.data2[i]);
                lag[i] = reader.frame(i) - Math.round(ideal.offsets[i] * server.rate() / 1e9);
            }
            long[] sorted = lag.clone();
            java.util.Arrays.sort(sorted);
            long latency = sorted[sorted.length / 2];
            int onTime = 0;
            StringBuilder dev = new StringBuilder();
            for (long l : lag) {
                dev.append(l - latency).append(' ');
                onTime += Math.abs(l - latency) <= 1 ? 1 : 0;
            }
            // most events on their frame (within rounding); not all, so a starved CI machine that wakes the player
            // late now and then passes. `bench timing` reports the tail.
            assertThat(onTime).as("events within 1 frame of the ideal schedule: %s (%s)", dev, port.diagnostics())
                    .isGreaterThanOrEqualTo(ideal.size() * 8 / 10);
        }
    }
}
