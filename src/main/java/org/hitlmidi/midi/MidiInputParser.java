package org.hitlmidi.midi;

/**
 * Cuts the raw bytes of one incoming MIDI event into the short messages in it, as the MIDI 1.0 wire rules say, so
 * that what a controller, a DAW or a broken cable sends can never reach the device as a message it did not mean:
 * <ul>
 *   <li>real-time bytes (0xF8..0xFF) stand alone wherever they come, even inside another message or a SysEx, and
 *       leave it intact; the undefined ones (0xF9, 0xFD) are dropped;</li>
 *   <li>a SysEx (0xF0) is skipped up to its 0xF7, or up to the next status byte when it has no end, or to the end
 *       of the event: it never swallows what follows, and never carries into the next event;</li>
 *   <li>a message cut short by a status byte, or by the end of the event, is dropped, never completed with the
 *       bytes of another (a cut "CC 7" followed by a clock byte must not become CC 120, all sound off);</li>
 *   <li>data bytes with no status before them are dropped; running status holds within the event (channel
 *       messages only: system common and SysEx cancel it).</li>
 * </ul>
 * Allocation-free and lock-free: called on the real-time thread.
 */
public final class MidiInputParser {
    /** Hears each whole message, in the order its last byte came. */
    @FunctionalInterface
    public interface Sink {
        void message(int status, int data1, int data2);
    }

    private MidiInputParser() {
    }

    /**
     * Parses {@code bytes[0..length)} as one event (no state carries over from an earlier one).
     *
     * @return the number of messages given to {@code sink}
     */
    public static int parse(byte[] bytes, int length, Sink sink) {
        int messages = 0;
        int status = 0; // the status of the message being read (running status); 0: none
        int need = 0; // data bytes the message takes
        int have = 0;
        int d1 = 0;
        boolean sysex = false;
        for (int i = 0; i < length; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0xF8) {
                if (Midi.length(b) == 1) { // 0xF9 and 0xFD are undefined: length 0
                    sink.message(b, 0, 0);
                    messages++;
                }
                continue;
            }
            if (b >= 0x80) {
                sysex = b == 0xF0;
                have = 0;
                if (sysex || b == 0xF7) {
                    status = 0;
                    continue;
                }
                int len = Midi.length(b);
                if (len == 0) { // 0xF4, 0xF5: undefined; what follows is not theirs
                    status = 0;
                    continue;
                }
                if (len == 1) { // 0xF6, tune request
                    sink.message(b, 0, 0);
                    messages++;
                    status = 0;
                    continue;
                }
                status = b;
                need = len - 1;
                continue;
            }
            if (sysex || status == 0) {
                continue; // inside a SysEx, or a data byte that belongs to no message
            }
            if (have == 0) {
                d1 = b;
                have = 1;
            } else {
                have = 2;
            }
            if (have == need) {
                sink.message(status, d1, need == 2 ? b : 0);
                messages++;
                have = 0;
                if (status >= 0xF0) {
                    status = 0; // system common messages have no running status
                }
            }
        }
        return messages;
    }
}
