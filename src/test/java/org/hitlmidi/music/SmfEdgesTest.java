package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link SmfReader} at each limit of the Standard MIDI File format, on files built byte by byte here (issue 17, PIT's
 * music set; docs/mutation-review.md): the shortest header, a header length that fits exactly or by one byte too
 * many, formats 2 and 3, a track that ends the file exactly, chunks past the declared count, lengths with their top
 * byte set, ticks at the reader's bound, system messages, data bytes at 0x7F.
 */
class SmfEdgesTest {

    private static byte[] header(int length, int format, int tracks, int division) {
        return new byte[] {'M', 'T', 'h', 'd', (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
                (byte) length, 0, (byte) format, (byte) (tracks >>> 8), (byte) tracks, (byte) (division >>> 8),
                (byte) division};
    }

    private static byte[] chunk(String id, byte... body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int n = body.length;
        out.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] file(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** Delta 0, note-on of middle C at velocity 100 on channel 1. */
    private static final byte[] NOTE_ON = bytes(0, 0x90, 60, 100);

    @Test
    void theShortestFileIsAHeaderOfFourteenBytesWithNoTrack() throws SmfException {
        SmfReader.Contents c = SmfReader.read(header(6, 0, 0, 96));
        assertThat(c.tracks()).isZero();
        assertThat(c.ppq()).isEqualTo(96);
        assertThat(c.events()).isEmpty();
        byte[] thirteen = java.util.Arrays.copyOf(header(6, 0, 0, 96), 13);
        assertThatThrownBy(() -> SmfReader.read(thirteen)).hasMessageContaining("no MThd header");
    }

    @Test
    void aHeaderLengthMustFitTheFile() throws SmfException {
        assertThatThrownBy(() -> SmfReader.read(header(5, 0, 0, 96))).hasMessageContaining("header length 5");
        // 14 bytes hold a 6-byte header after its 8-byte chunk head; 7 claims one byte more than there is
        assertThatThrownBy(() -> SmfReader.read(header(7, 0, 0, 96))).hasMessageContaining("header length 7");
        // a longer header is skipped: 8 bytes, the last two unknown
        byte[] longer = file(header(8, 0, 1, 96), bytes(0xAB, 0xCD), chunk("MTrk", NOTE_ON));
        assertThat(SmfReader.read(longer).events()).containsExactly(new SmfReader.Event(0, 0x90, 60, 100));
    }

    @Test
    void formatsZeroToTwoAreRead() throws SmfException {
        assertThat(SmfReader.read(header(6, 2, 0, 96)).format()).isEqualTo(2);
        assertThatThrownBy(() -> SmfReader.read(header(6, 3, 0, 96))).hasMessageContaining("format 3");
    }

    @Test
    void aTrackThatEndsTheFileExactlyIsRead() throws SmfException {
        SmfReader.Contents empty = SmfReader.read(file(header(6, 0, 1, 96), chunk("MTrk")));
        assertThat(empty.tracks()).isEqualTo(1);
        SmfReader.Contents one = SmfReader.read(file(header(6, 0, 1, 480), chunk("MTrk", NOTE_ON)));
        assertThat(one.events()).containsExactly(new SmfReader.Event(0, 0x90, 60, 100));
    }

    @Test
    void onlyTheDeclaredTracksAreRead() throws SmfException {
        byte[] f = file(header(6, 1, 1, 96), chunk("MTrk", NOTE_ON), chunk("MTrk", bytes(0, 0x91, 64, 90)));
        SmfReader.Contents c = SmfReader.read(f);
        assertThat(c.tracks()).isEqualTo(1);
        assertThat(c.events()).containsExactly(new SmfReader.Event(0, 0x90, 60, 100));
    }

    @Test
    void aChunkLongerThanWhatRemainsIsRefusedWhateverItsTopByte() {
        byte[] f = file(header(6, 0, 1, 96), bytes('M', 'T', 'r', 'k', 0, 0, 0, 10), NOTE_ON);
        assertThatThrownBy(() -> SmfReader.read(f)).isInstanceOf(SmfException.class)
                .hasMessageContaining("chunk 1 claims 10 bytes but only 4 remain");
        // 0x01000000 bytes: the length's top byte counts 2^24
        byte[] big = file(header(6, 0, 1, 96), bytes('M', 'T', 'r', 'k', 1, 0, 0, 0), NOTE_ON);
        assertThatThrownBy(() -> SmfReader.read(big)).isInstanceOf(SmfException.class)
                .hasMessageContaining("claims 16777216 bytes");
        // and its other bytes 2^16 and 2^8
        byte[] mid = file(header(6, 0, 1, 96), bytes('M', 'T', 'r', 'k', 0, 1, 0, 0), NOTE_ON);
        assertThatThrownBy(() -> SmfReader.read(mid)).hasMessageContaining("claims 65536 bytes");
        byte[] low = file(header(6, 0, 1, 96), bytes('M', 'T', 'r', 'k', 0, 0, 1, 0), NOTE_ON);
        assertThatThrownBy(() -> SmfReader.read(low)).hasMessageContaining("claims 256 bytes");
        // the second chunk is named in the message
        byte[] second = file(header(6, 1, 2, 96), chunk("MTrk", NOTE_ON), bytes('M', 'T', 'r', 'k', 0, 0, 0, 9));
        assertThatThrownBy(() -> SmfReader.read(second)).hasMessageContaining("chunk 2 claims 9 bytes but only 0 remain");
    }

    /** The reader's bound is 2^31 ticks: eight deltas of 2^28 - 1 (the longest four-byte number) and one of 8 reach it. */
    @Test
    void ticksUpToTheBoundAreReadAndOneMoreIsRefused() throws SmfException {
        assertThat(SmfReader.read(ticks(8)).events()).containsExactly(new SmfReader.Event(1L << 31, 0x90, 60, 100));
        assertThatThrownBy(() -> SmfReader.read(ticks(9))).hasMessageContaining("past " + (1L << 31) + " ticks");
    }

    private static byte[] ticks(int last) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) {
            body.writeBytes(bytes(0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x01, 0x00)); // delta 2^28 - 1, an empty text event
        }
        body.writeBytes(bytes(last, 0x90, 60, 100));
        return file(header(6, 0, 1, 96), chunk("MTrk", body.toByteArray()));
    }

    @Test
    void metaAndSysExThatFillTheTrackExactlyAreReadAndOneByteMoreIsRefused() throws SmfException {
        // a text event of 2 bytes, then the note: the meta's length is exactly what is left before the note
        byte[] meta = file(header(6, 0, 1, 96), chunk("MTrk", bytes(0, 0xFF, 0x01, 2, 'h', 'i', 0, 0x90, 60, 100)));
        assertThat(SmfReader.read(meta).events()).containsExactly(new SmfReader.Event(0, 0x90, 60, 100));
        byte[] metaOver = file(header(6, 0, 1, 96), chunk("MTrk", bytes(0, 0xFF, 0x01, 3, 'h', 'i')));
        assertThatThrownBy(() -> SmfReader.read(metaOver)).hasMessageContaining("track 1: meta event of 3 bytes overruns");
        byte[] secondOver = file(header(6, 1, 2, 96), chunk("MTrk", NOTE_ON), chunk("MTrk", bytes(0, 0xFF, 0x01, 3, 'h')));
        assertThatThrownBy(() -> SmfReader.read(secondOver)).hasMessageContaining("track 2: meta event of 3 bytes");
        byte[] sysEx = file(header(6, 0, 1, 96), chunk("MTrk", bytes(0, 0xF0, 2, 0x7E, 0xF7)));
        assertThat(SmfReader.read(sysEx).events()).isEmpty();
        byte[] sysExOver = file(header(6, 0, 1, 96), chunk("MTrk", bytes(0, 0xF0, 3, 0x7E, 0xF7)));
        assertThatThrownBy(() -> SmfReader.read(sysExOver)).hasMessageContaining("SysEx of 3 bytes overruns");
    }

    @Test
    void systemMessagesFromF1AreRefusedAndDataBytesGoUpTo7F() throws SmfException {
        byte[] f1 = file(header(6, 0, 1, 96), chunk("MTrk", bytes(0, 0xF1, 0)));
        assertThatThrownBy(() -> SmfReader.read(f1)).hasMessageContaining("system message 0xf1");
        byte[] top = file(header(6, 0, 1, 96), chunk("MTrk", bytes(0, 0x90, 0x7F, 0x7F)));
        assertThat(SmfReader.read(top).events()).containsExactly(new SmfReader.Event(0, 0x90, 127, 127));
        byte[] over = file(header(6, 0, 1, 96), chunk("MTrk", bytes(0, 0x90, 0x80, 0x7F)));
        assertThatThrownBy(() -> SmfReader.read(over)).hasMessageContaining("data byte 0x80 has its top bit set");
    }

    /** At most 1,024 tracks: a file declaring (and holding) 1,024 empty ones is read, one declaring 1,025 is not. */
    @Test
    void aFileOfTheMostTracksIsRead() throws SmfException {
        byte[][] parts = new byte[1025][];
        parts[0] = header(6, 1, 1024, 96);
        for (int i = 1; i <= 1024; i++) {
            parts[i] = chunk("MTrk");
        }
        assertThat(SmfReader.read(file(parts)).tracks()).isEqualTo(1024);
        parts[0] = header(6, 1, 1025, 96);
        assertThatThrownBy(() -> SmfReader.read(file(parts))).hasMessageContaining("declares 1025 tracks");
    }
}
