package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.junit.jupiter.api.Test;

/** The JACK server vanishes (kill -9) and comes back: the port goes LOST, then CONNECTED, and playback resumes. */
class JackReconnectTest {
    static boolean await(BooleanSupplier done, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return done.getAsBoolean();
    }

    static int noteOns(JackProbeClient r) {
        int n = 0;
        for (int i = 0; i < r.count(); i++) {
            n += (r.status(i) & 0xF0) == Midi.NOTE_ON && r.data2(i) > 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void theServerGoesAndComesBackAndPlaybackResumes() throws Exception {
        assumeTrue(JackDummyServer.installed(), "jackd is not installed (installer/test-deps installs it)");
        List<PortState> states = new CopyOnWriteArrayList<>();
        Track t = new Track(List.of(new Note(60, 0.25), new Note(62, 0.25), new Note(64, 0.5)), List.of(), 240);
        try (JackDummyServer server = JackDummyServer.start(48000, 256)) {
            PortOptions o = PortOptions.defaults(java.nio.file.Path.of("unused")).withJackServer(server.name());
            try (JackMidiPort port = JackMidiPort.open(o); Player player = new Player(port)) {
                port.setStateListener(states::add);
                JackProbeClient before = JackProbeClient.open("listener", 8192);
                port.connectOut(before.inName());
                player.play(9, t, MidiFiles.Voice.DEFAULT, true);
                assertThat(await(() -> noteOns(before) >= 3, 10)).as("notes before the crash").isTrue();

                server.kill();
                assertThat(await(() -> port.state() == PortState.LOST, 10)).as("LOST after kill -9").isTrue();
                assertThat(player.isPlaying()).as("the session keeps playing (into nothing)").isTrue();
                assertThat(port.send(Midi.NOTE_ON, 60, 100, port.nowNanos())).as("no server: refused").isFalse();
                before.close();

                server.restart();
                assertThat(await(() -> port.state() == PortState.CONNECTED, 15)).as("CONNECTED again").isTrue();
                try (JackProbeClient after = JackProbeClient.open("listener", 8192)) {
                    // the port remembered its connection to listener:in and restores it when the client is back
                    assertThat(await(() -> noteOns(after) >= 3, 15)).as("playback resumes: " + port.diagnostics())
                            .isTrue();
                }
                assertThat(states).containsSubsequence(PortState.LOST, PortState.CONNECTED);
            }
        }
    }
}
