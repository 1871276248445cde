package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.hitlmidi.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synth's WAV fallback on real files, read back by javax.sound.sampled and by sox: bounded by its limit, rolled
 * over to NAME.1.wav without losing or reordering a frame, valid after every flush, and after a kill -9 of a real
 * rendering process.
 */
class WavWriterTest {
    static final int RATE = 44100;
    static final int FRAME = 4; // 16-bit stereo
    static final long SECOND = (long) RATE * FRAME;

    @TempDir
    Path dir;

    /** Frame {@code i} of a known signal: both channels carry the frame's number, so order and losses show. */
    static byte[] frames(long first, int count) {
        ByteBuffer b = ByteBuffer.allocate(count * FRAME).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < count; k++) {
            short v = (short) (first + k);
            b.putShort(v).putShort((short) ~v);
        }
        return b.array();
    }

    /** Writes {@code seconds} of the signal in chunks like the synth's (256 frames). */
    static long writeSeconds(WavWriter w, long firstFrame, double seconds) throws IOException {
        long total = Math.round(seconds * RATE);
        long f = firstFrame;
        while (f < firstFrame + total) {
            int n = (int) Math.min(256, firstFrame + total - f);
            w.write(frames(f, n), n * FRAME);
            f += n;
        }
        return f;
    }

    record Read(AudioFormat format, long frames, byte[] pcm) {
    }

    static Read read(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            byte[] pcm = in.readAllBytes();
            assertThat(pcm.length).as("what the header counts is there").isEqualTo(in.getFrameLength() * FRAME);
            return new Read(in.getFormat(), in.getFrameLength(), pcm);
        }
    }

    static double soxSeconds(Path wav) throws Exception {
        return Double.parseDouble(ExternalTools.check(List.of("soxi", "-D", wav.toString())).strip());
    }

    /** The file holds the known signal from frame {@code firstFrame} on, every frame in order. */
    static void assertFramesFrom(Read r, long firstFrame) {
        ByteBuffer b = ByteBuffer.wrap(r.pcm()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < r.pcm().length / FRAME; i++) {
            short want = (short) (firstFrame + i);
            if (b.getShort(i * FRAME) != want || b.getShort(i * FRAME + 2) != (short) ~want) {
                throw new AssertionError("frame " + i + " is not frame " + (firstFrame + i) + " of the signal");
            }
        }
    }

    @Test
    void pastItsLimitTheFileRollsOverAndKeepsThePreviousOneWhole() throws Exception {
        Path wav = dir.resolve("synth.wav");
        long limit = WavWriter.HEADER + 2 * SECOND + 3; // not on a frame: a file holds whole frames only
        long end;
        try (WavWriter w = new WavWriter(wav, RATE, 2, limit)) {
            end = writeSeconds(w, 0, 5.25);
        }
        assertThat(end).isEqualTo(Math.round(5.25 * RATE));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .as("two files at the most").containsExactly("synth.1.wav", "synth.wav");
        }
        Path previous = dir.resolve("synth.1.wav");
        assertThat(Files.size(previous)).isEqualTo(WavWriter.HEADER + 2 * SECOND).isLessThanOrEqualTo(limit);
        // 5.25 s in files of 2 s: 0-2 s was replaced by 2-4 s, and 4-5.25 s is the current file
        Read before = read(previous);
        assertThat(before.format().getSampleRate()).isEqualTo(RATE);
        assertThat(before.format().getChannels()).isEqualTo(2);
        assertThat(before.format().getSampleSizeInBits()).isEqualTo(16);
        assertThat(before.frames()).isEqualTo(2L * RATE);
        assertFramesFrom(before, 2L * RATE);
        Read now = read(wav);
        assertThat(now.frames()).isEqualTo(end - 4L * RATE);
        assertFramesFrom(now, 4L * RATE);
        assertThat(Files.size(wav)).isEqualTo(WavWriter.HEADER + now.frames() * FRAME);
        assertThat(soxSeconds(previous)).isEqualTo(2.0);
        assertThat(soxSeconds(wav)).isEqualTo(1.25);
    }

    @Test
    void whatWasFlushedIsReadableWhileTheWriterGoesOn() throws Exception {
        Path wav = dir.resolve("live.wav");
        try (WavWriter w = new WavWriter(wav, RATE, 2, WavWriter.DEFAULT_LIMIT)) {
            assertThat(read(wav).frames()).as("a valid empty file from the start").isZero();
            long f = writeSeconds(w, 0, 1.5);
            w.flush();
            writeSeconds(w, f, 0.25); // not flushed: on disk, not counted yet (what a kill -9 leaves)
            assertThat(Files.size(wav)).isEqualTo(WavWriter.HEADER + Math.round(1.75 * RATE) * FRAME);
            Read r = read(wav);
            assertThat(r.frames()).isEqualTo(Math.round(1.5 * RATE));
            assertFramesFrom(r, 0);
            assertThat(soxSeconds(wav)).isEqualTo(1.5);
        }
        assertThat(read(wav).frames()).as("close counts the rest").isEqualTo(Math.round(1.75 * RATE));
    }

    @Test
    void aFileOfAnEarlierRunIsKeptAsThePreviousOne() throws Exception {
        Path wav = dir.resolve("synth.wav");
        try (WavWriter w = new WavWriter(wav, RATE, 2, WavWriter.DEFAULT_LIMIT)) {
            writeSeconds(w, 0, 1);
        }
        try (WavWriter w = new WavWriter(wav, RATE, 2, WavWriter.DEFAULT_LIMIT)) {
            assertThat(read(wav).frames()).isZero();
        }
        Read kept = read(dir.resolve("synth.1.wav"));
        assertThat(kept.frames()).isEqualTo(RATE);
        assertFramesFrom(kept, 0);
        // an empty file (a run that rendered nothing) does not push out the one before
        assertThat(read(wav).frames()).as("the empty file left by the run before").isZero();
        try (WavWriter w = new WavWriter(wav, RATE, 2, WavWriter.DEFAULT_LIMIT)) {
            assertThat(read(wav).frames()).as("the new run's file").isZero();
        }
        assertThat(read(dir.resolve("synth.1.wav")).frames()).isEqualTo(RATE);
        assertFramesFrom(read(dir.resolve("synth.1.wav")), 0);
    }

    @Test
    void onlyAWavOfOursGetsItsTailCounted() throws Exception {
        Path wav = dir.resolve("synth.wav");
        try (WavWriter w = new WavWriter(wav, RATE, 2, WavWriter.DEFAULT_LIMIT)) {
            writeSeconds(w, 0, 1);
        }
        // what a writer killed after its last flush leaves: frames the header does not count, and half a frame
        try (var raw = new java.io.RandomAccessFile(wav.toFile(), "rw")) {
            raw.seek(raw.length());
            raw.write(frames(RATE, RATE / 2));
            raw.write(new byte[] {1, 2});
        }
        assertThat(read(wav).frames()).isEqualTo(RATE);
        WavWriter.countWholeFrames(wav);
        Read r = read(wav);
        assertThat(r.frames()).isEqualTo(RATE + RATE / 2);
        assertFramesFrom(r, 0);
        assertThat(soxSeconds(wav)).isEqualTo(1.5);

        Path other = dir.resolve("other.wav");
        byte[] notOurs = new byte[WavWriter.HEADER + 400];
        System.arraycopy("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, notOurs, 0, 4);
        Files.write(other, notOurs);
        WavWriter.countWholeFrames(other);
        assertThat(Files.readAllBytes(other)).as("not a WAV of ours: untouched").isEqualTo(notOurs);
    }

    @Test
    void limitsANameAndPartialFramesAreChecked() {
        assertThatThrownBy(() -> new WavWriter(dir.resolve("a.wav"), RATE, 2, SECOND))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a second of audio");
        assertThatThrownBy(() -> new WavWriter(dir.resolve("a.wav"), RATE, 2, WavWriter.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4294967295");
        assertThat(WavWriter.previous(dir.resolve("synth.wav"))).isEqualTo(dir.resolve("synth.1.wav"));
        assertThat(WavWriter.previous(dir.resolve("Take.WAV"))).isEqualTo(dir.resolve("Take.1.WAV"));
        assertThat(WavWriter.previous(dir.resolve("audio"))).isEqualTo(dir.resolve("audio.1"));
        assertThatThrownBy(() -> {
            try (WavWriter w = new WavWriter(dir.resolve("b.wav"), RATE, 2, WavWriter.DEFAULT_LIMIT)) {
                w.write(new byte[6], 6);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole frames");
    }

    /**
     * A real rendering process (the synth on a small limit, playing notes), killed with SIGKILL: both files are
     * valid; only the tail after the last flush is not counted, and the next start counts it.
     */
    @Test
    void afterAKillMinus9BothFilesAreValidAndTheNextStartCountsTheTail() throws Exception {
        Path wav = dir.resolve("synth.wav");
        long limit = WavWriter.HEADER + 3 * SECOND / 2;
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED",
                SynthRenderChild.class.getName(), wav.toString(), Long.toString(limit)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.txt").toFile())
                .start();
        try {
            // past a roll and a flush into the next file: the kill lands in a file with audio counted and not
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(60),
                    () -> Files.exists(dir.resolve("synth.1.wav")) && headerFrames(wav) > RATE / 4 || !p.isAlive());
            assertThat(p.isAlive()).as("the child runs: %s", Files.readString(dir.resolve("child.txt"))).isTrue();
        } finally {
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(p.exitValue()).as("killed, not exited").isEqualTo(137);
        Read previous = read(dir.resolve("synth.1.wav"));
        assertThat(previous.frames()).as("the previous file is whole").isEqualTo((limit - WavWriter.HEADER) / FRAME);
        assertThat(soxSeconds(dir.resolve("synth.1.wav"))).isEqualTo(1.5);
        long counted = read(wav).frames();
        long onDisk = (Files.size(wav) - WavWriter.HEADER) / FRAME;
        assertThat(counted).as("what the header counts was flushed").isPositive().isLessThanOrEqualTo(onDisk);
        // the synth flushes every second of audio (and writes 256 frames at a time)
        assertThat(onDisk - counted).as("frames on disk not counted").isLessThanOrEqualTo(RATE + 256);
        assertThat(soxSeconds(wav)).isEqualTo((double) counted / RATE, org.assertj.core.data.Offset.offset(1e-4));
        System.out.printf("WavWriterTest: after kill -9: synth.1.wav %d frames (whole), synth.wav %d frames counted of"
                + " %d on disk%n", previous.frames(), counted, onDisk);

        // the next start keeps it as the previous file, counting the tail the killed run had not flushed
        byte[] tail = Files.readAllBytes(wav);
        try (WavWriter next = new WavWriter(wav, RATE, 2, limit)) {
            assertThat(read(wav).frames()).isZero();
        }
        Read kept = read(dir.resolve("synth.1.wav"));
        assertThat(kept.frames()).isEqualTo(onDisk);
        assertThat(kept.pcm()).isEqualTo(java.util.Arrays.copyOfRange(tail, WavWriter.HEADER,
                WavWriter.HEADER + (int) onDisk * FRAME));
        assertThat(soxSeconds(dir.resolve("synth.1.wav"))).isEqualTo((double) onDisk / RATE,
                org.assertj.core.data.Offset.offset(1e-4));
        assertThat(ExternalTools.soxRms(dir.resolve("synth.1.wav"), 0, 1.5)).as("the notes were rendered")
                .isGreaterThan(0.001);
    }

    /** The data size the header of a WAV being written counts, in frames (0 while it is not there yet). */
    static long headerFrames(Path wav) throws IOException {
        if (!Files.exists(wav) || Files.size(wav) < WavWriter.HEADER) {
            return 0;
        }
        byte[] h = new byte[WavWriter.HEADER];
        try (var in = Files.newInputStream(wav)) {
            if (in.readNBytes(h, 0, h.length) < h.length) {
                return 0;
            }
        }
        return (ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getInt(40) & 0xFFFFFFFFL) / FRAME;
    }
}
