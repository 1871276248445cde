package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link MidiFiles} turns a file's notes into a track, on files built byte by byte here at 96 ticks a beat (issue
 * 17, PIT's music set; docs/mutation-review.md): tracks merged by time, a note-on of velocity 0 as a note-off, a
 * pitch sounding on two channels at once, a note never released, notes ending out of order, the melody on the
 * lowest channel that has notes, a drum hit on the last beat a track may hold, the file size limit, the voice's
 * ranges. The durations expected are worked out from the ticks (96 ticks = 1 beat).
 */
class MidiFilesEdgesTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static byte[] chunk(String id, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int n = body.length;
        out.writeBytes(bytes(n >>> 24, n >>> 16, n >>> 8, n));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A format-1 file at 96 ticks a beat with one MTrk per body (each body: delta-timed events). */
    private static byte[] smf(byte[]... tracks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes('M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, tracks.length, 0, 96));
        for (byte[] t : tracks) {
            out.writeBytes(chunk("MTrk", t));
        }
        return out.toByteArray();
    }

    private static List<Double> durations(Track t) {
        return t.melody().stream().map(Note::duration).toList();
    }

    private static List<Integer> pitches(Track t) {
        return t.melody().stream().map(Note::pitch).toList();
    }

    /** A note held in one track ends with the last event of the whole file, which another track holds. */
    @Test
    void aNoteNeverReleasedEndsWithTheFilesLastEventInAnyTrack() throws SmfException {
        byte[] a = bytes(0, 0x90, 60, 100, 96, 0xB0, 7, 100, 96, 0xB0, 7, 90); // C held; controllers at beats 1 and 2
        byte[] b = bytes(0, 0x91, 64, 100, 48, 0x81, 64, 0); // channel 2: E for half a beat
        assertThat(durations(MidiFiles.fromBytes(smf(a, b)))).containsExactly(2.0);
        assertThat(durations(MidiFiles.fromBytes(smf(b, a)))).containsExactly(2.0);
    }

    @Test
    void aNoteOnOfVelocityZeroEndsTheNoteAsANoteOffDoes() throws SmfException {
        byte[] zero = bytes(0, 0x90, 60, 100, 48, 0x90, 60, 0, 0x81, 0x10, 0xB0, 7, 100); // off after half a beat; CC at 2
        assertThat(durations(MidiFiles.fromBytes(smf(zero)))).containsExactly(0.5);
        byte[] off = bytes(0, 0x90, 60, 100, 24, 0x80, 60, 64, 0x81, 0x28, 0xB0, 7, 100);
        assertThat(durations(MidiFiles.fromBytes(smf(off)))).containsExactly(0.25);
        byte[] stray = bytes(0, 0x80, 62, 0, 0, 0x90, 60, 100, 96, 0x80, 60, 0); // a note-off of a note never on
        assertThat(pitches(MidiFiles.fromBytes(smf(stray)))).containsExactly(60);
        assertThat(durations(MidiFiles.fromBytes(smf(stray)))).containsExactly(1.0);
    }

    /** The same pitch on channels 1 and 2 at once: two notes, each ended by its own channel's note-off. */
    @Test
    void aPitchOnTwoChannelsIsTwoNotes() throws SmfException {
        byte[] ch1 = bytes(0, 0x90, 60, 100, 96, 0x80, 60, 0, 96, 0xB0, 7, 100);
        byte[] ch2 = bytes(48, 0x91, 60, 100, 24, 0x81, 60, 0);
        Track t = MidiFiles.fromBytes(smf(ch1, ch2));
        assertThat(pitches(t)).containsExactly(60);
        assertThat(durations(t)).containsExactly(1.0);
    }

    /** G (67) from beat 0 to 3, C (60) from 1 to 2: in order of their starts, each lasting until the next starts. */
    @Test
    void notesAreOrderedByTheirStartsNotTheirEnds() throws SmfException {
        byte[] t = bytes(0, 0x90, 67, 100, 96, 0x90, 60, 90, 96, 0x80, 60, 0, 96, 0x80, 67, 0);
        Track track = MidiFiles.fromBytes(smf(t));
        assertThat(pitches(track)).containsExactly(67, 60);
        assertThat(durations(track)).containsExactly(1.0, 1.0);
        assertThat(track.melody().get(1).velocity()).isEqualTo(90);
    }

    @Test
    void aChordKeepsItsHighestNoteAndTheMelodyIsTheLowestChannelWithNotes() throws SmfException {
        // released highest first, so that only the order by pitch (not the order they ended in) puts G last
        byte[] chord = bytes(0, 0x93, 60, 100, 0, 0x93, 64, 100, 0, 0x93, 67, 100, 96, 0x83, 67, 0, 0, 0x83, 64, 0,
                0, 0x83, 60, 0);
        byte[] higher = bytes(0, 0x95, 40, 100, 0x81, 0x40, 0x85, 40, 0); // channel 6: not the melody
        Track t = MidiFiles.fromBytes(smf(higher, chord));
        assertThat(pitches(t)).containsExactly(67);
        assertThat(durations(t)).containsExactly(1.0);
    }

    /** 4096 beats = 393,216 ticks = 0x60000, written as the variable-length number 98 80 00. */
    @Test
    void aDrumHitOnBeat4096IsKeptAndOneTickLaterIsNot() throws SmfException {
        byte[] melody = bytes(0, 0x90, 60, 100, 96, 0x80, 60, 0);
        byte[] drums = bytes(0, 0x99, 36, 100, 0x98, 0x80, 0x00, 0x99, 38, 100, 1, 0x99, 42, 100);
        Track t = MidiFiles.fromBytes(smf(melody, drums));
        assertThat(t.percussion()).extracting(DrumHit::key).containsExactly(36, 38);
        assertThat(t.percussion().get(1).beat()).isEqualTo(4096.0);
    }

    /** The size limit is 8 MiB: a file of exactly that size (padded with an unknown chunk) is read, one byte more is not. */
    @Test
    void aFileOfExactlyTheLimitIsReadAndOneByteMoreIsRefused(@TempDir Path dir) throws Exception {
        byte[] note = chunk("MTrk", bytes(0, 0x90, 60, 100, 96, 0x80, 60, 0));
        byte[] head = bytes('M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 1, 0, 96);
        int limit = 8 << 20;
        byte[] exact = padded(head, note, limit);
        assertThat(exact).hasSize(limit);
        assertThat(pitches(MidiFiles.fromBytes(exact))).containsExactly(60);
        byte[] over = padded(head, note, limit + 1);
        assertThatThrownBy(() -> MidiFiles.fromBytes(over)).hasMessageContaining((limit + 1) + " bytes is larger");
        Path f = dir.resolve("exact.mid");
        Files.write(f, exact);
        assertThat(pitches(MidiFiles.read(f))).containsExactly(60);
        Files.write(f, over);
        assertThatThrownBy(() -> MidiFiles.read(f)).hasMessageContaining((limit + 1) + " bytes is larger");
    }

    private static byte[] padded(byte[] head, byte[] track, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(head);
        out.writeBytes(chunk("XPAD", new byte[size - head.length - 8 - track.length]));
        out.writeBytes(track);
        return out.toByteArray();
    }

    @Test
    void aVoiceIsAMelodyChannelAndAProgramInTheirRanges() {
        assertThat(new MidiFiles.Voice(16, 127, "top").channel()).isEqualTo(16);
        assertThat(new MidiFiles.Voice(1, 0, "bottom").program()).isZero();
        assertThatThrownBy(() -> new MidiFiles.Voice(0, 0, "x")).hasMessageContaining("channel 0");
        assertThatThrownBy(() -> new MidiFiles.Voice(17, 0, "x")).hasMessageContaining("channel 17");
        assertThatThrownBy(() -> new MidiFiles.Voice(10, 0, "x")).hasMessageContaining("channel 10");
        assertThatThrownBy(() -> new MidiFiles.Voice(1, -1, "x")).hasMessageContaining("program -1");
        assertThatThrownBy(() -> new MidiFiles.Voice(1, 128, "x")).hasMessageContaining("program 128");
    }

    /** Written into folders that do not exist yet, atomically (no temporary file left), and read back. */
    @Test
    void aTrackIsWrittenWhereAskedAndReadBack(@TempDir Path dir) throws Exception {
        Track t = new Track(List.of(new Note(60, 1), new Note(64, 0.5)), List.of(new DrumHit(0, 36, 100)), 100);
        Path f = dir.resolve("sub/dir/t.mid");
        MidiFiles.write(t, MidiFiles.Voice.DEFAULT, f);
        Track back = MidiFiles.read(f);
        assertThat(pitches(back)).containsExactly(60, 64);
        assertThat(durations(back)).containsExactly(1.0, 0.5);
        assertThat(back.tempo()).isEqualTo(100.0);
        try (var files = Files.list(f.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("t.mid");
        }
    }
}
