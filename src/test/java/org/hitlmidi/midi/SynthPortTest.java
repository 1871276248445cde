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
            Thread.sleep(1500); // pacing on purpose: into the long last note, which sounds a while
            player.stop();
            assertThat(ended.await(2, TimeUnit.SECONDS)).isTrue();
            assertThat(player.isPlaying()).isFalse();
            Thread.sleep(2500); // pacing on purpose: the renderer writes the release dying away, then silence
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
            java.util.function.LongSupplier size = () -> {
                try {
                    return java.nio.file.Files.size(wav);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            assertThat(org.hitlmidi.Await.quiet(java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(60), size))
                    .as("synth.wav stops growing within 60 s of silence (%d bytes)", size.getAsLong()).isTrue();
            long lastSize = size.getAsLong();
            long keptSilence = (long) SynthPort.RATE * 4 * 11; // the 10 s of silence kept, and a second of slack
            assertThat(lastSize).isLessThan(WavWriter.HEADER + keptSilence);
            assertThat(port.state()).isEqualTo(PortState.CONNECTED);
        }
    }

    /**
     * Break 8 of issue 16: Gervill rendering silence cost 2.4 % of a core while nothing played. The renderer rests
     * from the start until a message comes, then Gervill carries on at the frame it stopped at: a note stamped 200 ms
     * ahead, sent 2 s after the port opened, starts 200 ms into the file (not 2.2 s: the clock moved on by the
     * rest), and after its 10 s of kept silence the renderer rests again.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void anIdleSynthRestsAndAMessageWakesItOnTime() throws Exception {
        Path wav = dir.resolve("synth.wav");
        try (SynthPort port = SynthPort.open(wav, true, Optional.empty())) {
            awaitResting(port, 10);
            long opened = System.nanoTime();
            // a measuring window on purpose: the port rests for 2 s, the clock moves on while Gervill's frames stand still
            Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(opened + TimeUnit.SECONDS.toNanos(2) - System.nanoTime())));
            assertThat(port.resting()).isTrue();
            assertThat(port.wakes()).isZero();
            long t = System.nanoTime();
            port.send(0xC0, 19, 0, t); // a church organ: it sounds at once and stops with the key
            port.send(0x90, 60, 127, t + 200_000_000L);
            port.send(0x80, 60, 0, t + 700_000_000L);
            assertThat(port.wakes()).as("the first message woke the renderer, the others found it awake").isEqualTo(1);
            awaitResting(port, 30); // the note, then 10 s of silence, then rest
            assertThat(port.wakes()).isEqualTo(1);
        }
        byte[] b = java.nio.file.Files.readAllBytes(wav);
        int onset = -1;
        for (int i = WavWriter.HEADER; i + 1 < b.length; i += 2) {
            int v = (short) ((b[i] & 0xFF) | (b[i + 1] << 8));
            if (Math.abs(v) > 300) {
                onset = i;
                break;
            }
        }
        assertThat(onset).as("the note sounds").isPositive();
        double seconds = (onset - WavWriter.HEADER) / 4.0 / SynthPort.RATE;
        assertThat(seconds).as("the note's onset in the file").isBetween(0.15, 0.35);
    }

    private static void awaitResting(SynthPort port, int seconds) throws InterruptedException {
        org.hitlmidi.Await.until(java.time.Duration.ofSeconds(seconds), "the synth's renderer to rest when nothing sounds",
                port::resting);
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
