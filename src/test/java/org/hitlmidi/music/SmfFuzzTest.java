package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Hostile Standard MIDI Files: each gets a clear SmfException (or reads as a valid track), never a hang or a crash. */
class SmfFuzzTest {
    private static final byte[] GOOD = MidiFiles.toBytes(
            TrackGenerator.random(TrackParams.defaults(), new SplittableRandom(1)), MidiFiles.Voice.DEFAULT);

    /** A format-1 file with the given track chunk bodies. */
    private static byte[] file(int declaredTracks, byte[]... tracks) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, (byte) (declaredTracks >> 8), (byte) declaredTracks,
            0x01, (byte) 0xE0});
        for (byte[] t : tracks) {
            o.writeBytes(new byte[] {'M', 'T', 'r', 'k', (byte) (t.length >> 24), (byte) (t.length >> 16),
                (byte) (t.length >> 8), (byte) t.length});
            o.writeBytes(t);
        }
        return o.toByteArray();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static final byte[] NOTE = bytes(0x00, 0x90, 60, 100, 0x83, 0x60, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00);

    @Test
    void aMinimalHandMadeFileReads() throws Exception {
        Track t = MidiFiles.fromBytes(file(1, NOTE));
        assertThat(t.melody()).containsExactly(new Note(60, 1.0, 100));
        assertThat(t.tempo()).isEqualTo(120);
    }

    /**
     * Every cut of a good file is refused with a message: the count is asserted, not only printed. Caught mutation
     * (issue 17): a chunk whose length runs past the end read as far as it goes ({@code SmfReader}: {@code length =
     * b.length - pos} instead of the throw) reads 34 of the 297 cuts.
     */
    @Test
    void everyTruncationIsRefusedWithAMessage() {
        int refused = 0;
        for (int n = 0; n < GOOD.length; n++) {
            byte[] cut = Arrays.copyOf(GOOD, n);
            try {
                MidiFiles.fromBytes(cut);
            } catch (SmfException e) {
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            }
        }
        System.out.printf("smf fuzz: %d truncations of a %d-byte file: %d refused with a message, %d read%n",
                GOOD.length, GOOD.length, refused, GOOD.length - refused);
        assertThat(refused).as("truncations refused").isEqualTo(GOOD.length);
    }

    @Test
    void overLongVariableLengthNumbers() {
        byte[] t = bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 100);
        assertThatThrownBy(() -> MidiFiles.fromBytes(file(1, t))).hasMessageContaining("longer than 4 bytes");
    }

    @Test
    void hugeDeltaTimes() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(bytes(0x00, 0x90, 60, 100));
        for (int i = 0; i < 20; i++) {
            o.writeBytes(bytes(0xFF, 0xFF, 0xFF, 0x7F, 0x80, 60, 0)); // 0x0FFFFFFF ticks each
        }
        assertThatThrownBy(() -> MidiFiles.fromBytes(file(1, o.toByteArray()))).hasMessageContaining("delta times add up");
    }

    @Test
    void metaAndSysexLengthsThatLie() {
        byte[] meta = bytes(0x00, 0xFF, 0x01, 0x8F, 0xFF, 0xFF, 0x7F, 'x');
        assertThatThrownBy(() -> MidiFiles.fromBytes(file(1, meta))).hasMessageContaining("meta event of");
        byte[] sysex = bytes(0x00, 0xF0, 0x8F, 0xFF, 0x7F, 0x01);
        assertThatThrownBy(() -> MidiFiles.fromBytes(file(1, sysex))).hasMessageContaining("SysEx of");
        byte[] chunk = Arrays.copyOf(file(1, NOTE), 14 + 8 + NOTE.length);
        chunk[18] = (byte) 0xFF; // track length 0xFF......: "negative" as a signed int
        assertThatThrownBy(() -> MidiFiles.fromBytes(chunk)).hasMessageContaining("remain");
    }

    @Test
    void runningStatusDoesNotSurviveSysex() {
        byte[] t = bytes(0x00, 0x90, 60, 100, 0x00, 0xF0, 0x01, 0xF7, 0x10, 62, 100);
        assertThatThrownBy(() -> MidiFiles.fromBytes(file(1, t))).hasMessageContaining("no running status");
        byte[] ok = bytes(0x00, 0x90, 60, 100, 0x60, 62, 100, 0x60, 60, 0, 0x00, 62, 0);
        Assertions.assertDoesNotThrow(() -> assertThat(MidiFiles.fromBytes(file(1, ok)).melody()).hasSize(2));
    }

    @Test
    void thousandsOfTracks() throws Exception {
        byte[][] many = new byte[5000][];
        Arrays.fill(many, NOTE);
        assertThatThrownBy(() -> MidiFiles.fromBytes(file(5000, many))).hasMessageContaining("at most 1024");
        byte[][] allowed = Arrays.copyOf(many, 1000);
        assertThat(MidiFiles.fromBytes(file(1000, allowed)).melody()).hasSize(1); // all on the same beat: one note
        assertThatThrownBy(() -> MidiFiles.fromBytes(file(3, NOTE))).hasMessageContaining("declares 3 tracks");
    }

    @Test
    void systemRealTimeBytesInsideATrackAreRefused() {
        byte[] t = bytes(0x00, 0xF8, 0x90, 60, 100);
        assertThatThrownBy(() -> MidiFiles.fromBytes(file(1, t))).hasMessageContaining("not allowed in a file");
    }

    @Test
    void randomMutationsNeverEscapeAsAnythingButSmfException() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            SplittableRandom rng = new SplittableRandom(2026);
            int read = 0;
            for (int i = 0; i < 20_000; i++) {
                byte[] m = GOOD.clone();
                int flips = 1 + rng.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    m[rng.nextInt(m.length)] = (byte) rng.nextInt(256);
                }
                try {
                    Track t = MidiFiles.fromBytes(m);
                    assertThat(t.melody()).isNotEmpty();
                    read++;
                } catch (SmfException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
            }
            assertThat(read).isPositive(); // some mutations only touch note values and still read
            System.out.printf("smf fuzz: 20000 random mutations (1-8 bytes each): %d read, %d refused with an "
                    + "SmfException, no other exception, no hang%n", read, 20_000 - read);
        });
    }

    @Test
    void oversizedInputIsRefusedBeforeParsing() {
        assertThatThrownBy(() -> MidiFiles.fromBytes(new byte[(int) MidiFiles.MAX_FILE_BYTES + 1]))
                .hasMessageContaining("larger than");
    }
}
