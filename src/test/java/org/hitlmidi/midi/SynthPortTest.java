package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthPortTest {
    @TempDir
    Path dir;

    static double rms(Path wav, double from, double length) throws Exception {
        return ExternalTools.soxRms(wav, from, length);
    }

    @Test
    void playsATrackIntoAWavAndStopLeavesSilence() throws Exception {
        Path wav = dir.resolve("synth.wav");
        Track t = new Track(List.of(new Note(60, 1), new Note(64, 1), new Note(67, 4)),
                List.of(new DrumHit(0, 36, 100), new DrumHit(1, 38, 100)), 120);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        try (SynthPort port = SynthPort.open(wav, true, Optional.empty()); Player player = new Player(port)) {
            assertThat(port.backend()).isEqualTo("synth");
            assertThat(port.wavFile()).contains(wav);
            player.addListener(new Player.Listener() {
                @Override
                public void trackStarted(long trackId, long atNanos) {
                    if (trackId == 7) {
                        started.countDown();
                    }
                }

                @Override
                public void trackEnded(long trackId, long atNanos, Player.EndReason reason) {
                    if (trackId == 7 && reason == Player.EndReason.STOPPED) {
                        ended.countDown();
                    }
                }
            });
            player.play(7, t, MidiFiles.Voice.DEFAULT, false);
            assertThat(started.await(2, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(1500); // into the long last note
            player.stop();
            assertThat(ended.await(2, TimeUnit.SECONDS)).isTrue();
            assertThat(player.isPlaying()).isFalse();
            Thread.sleep(2500); // the piano's release dies away, then silence must follow
        }
        assertThat(rms(wav, 0.1, 1.2)).as("notes sound").isGreaterThan(0.005);
        assertThat(rms(wav, 3.5, 0.4)).as("after stop no note hangs").isLessThan(0.0005);
    }

    /** Break 8 of issue 16: an idle synth wrote 176 KB/s of silence to synth.wav (15 GB a day). */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void anIdleSynthStopsWritingSilence() throws Exception {
        Path wav = dir.resolve("synth.wav");
        try (SynthPort port = SynthPort.open(wav, true, Optional.empty())) {
            long lastSize = -1;
            long sameSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() - sameSince < TimeUnit.SECONDS.toNanos(3)) { // wait until it stops growing
                assertThat(System.nanoTime()).as("synth.wav still grows after 60 s of silence: " + lastSize + " bytes")
                        .isLessThan(deadline);
                long size = java.nio.file.Files.size(wav);
                if (size != lastSize) {
                    lastSize = size;
                    sameSince = System.nanoTime();
                }
                Thread.sleep(100);
            }
            long keptSilence = (long) SynthPort.RATE * 4 * 11; // the 10 s of silence kept, and a second of slack
            assertThat(lastSize).isLessThan(WavWriter.HEADER + keptSilence);
            assertThat(port.state()).isEqualTo(PortState.CONNECTED);
        }
    }

    /** Break 8: a full disk left the synth port saying "connected" while nothing more was written. */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aFullDiskIsAPortFault() throws Exception {
        try (org.hitlmidi.Tmpfs fs = org.hitlmidi.Tmpfs.mount(dir.resolve("small"), "256k")) {
            Path wav = fs.dir().resolve("synth.wav");
            CountDownLatch lost = new CountDownLatch(1);
            try (SynthPort port = SynthPort.open(wav, true, Optional.empty())) {
                port.setStateListener(s -> {
                    if (s == PortState.LOST) {
                        lost.countDown();
                    }
                });
                port.send(0xC0, 19, 0, System.nanoTime()); // a church organ: it sounds as long as the key is held
                port.send(0x90, 60, 127, System.nanoTime());
                assertThat(lost.await(60, TimeUnit.SECONDS)).as("the port said it is at fault").isTrue();
                assertThat(port.state()).isEqualTo(PortState.LOST);
            }
        }
    }
}
