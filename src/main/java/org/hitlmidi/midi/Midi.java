package org.hitlmidi.midi;

/** MIDI 1.0 status bytes and controller numbers we use, so no magic numbers elsewhere. */
public final class Midi {
    public static final int NOTE_OFF = 0x80;
    public static final int NOTE_ON = 0x90;
    public static final int CONTROL_CHANGE = 0xB0;
    public static final int PROGRAM_CHANGE = 0xC0;
    public static final int PITCH_BEND = 0xE0;
    public static final int SONG_POSITION = 0xF2;
    public static final int CLOCK = 0xF8;
    public static final int START = 0xFA;
    public static final int CONTINUE = 0xFB;
    public static final int STOP = 0xFC;
    public static final int ACTIVE_SENSING = 0xFE;
    public static final int CC_BANK_MSB = 0;
    public static final int CC_BANK_LSB = 32;
    public static final int CC_ALL_SOUND_OFF = 120;
    public static final int CC_RESET_ALL_CONTROLLERS = 121;
    public static final int CC_ALL_NOTES_OFF = 123;
    /** Clock ticks per quarter note. */
    public static final int PPQN = 24;

    private Midi() {
    }

    /** Bytes a message with this status byte takes (1..3), or 0 for sysex and undefined status bytes. */
    public static int length(int status) {
        int s = status & 0xFF;
        if (s < 0x80) {
            return 0;
        }
        if (s < 0xF0) {
            int cmd = s & 0xF0;
            return cmd == PROGRAM_CHANGE || cmd == 0xD0 ? 2 : 3;
        }
        return switch (s) {
            case 0xF1, 0xF3 -> 2;
            case SONG_POSITION -> 3;
            case 0xF6, CLOCK, START, CONTINUE, STOP, ACTIVE_SENSING, 0xFF -> 1;
            default -> 0;
        };
    }

    /** Sends all-notes-off and all-sound-off on all 16 channels, at {@code atNanos}. */
    public static void panic(MidiPort port, long atNanos) {
        for (int ch = 0; ch < 16; ch++) {
            port.send(CONTROL_CHANGE | ch, CC_ALL_NOTES_OFF, 0, atNanos);
            port.send(CONTROL_CHANGE | ch, CC_ALL_SOUND_OFF, 0, atNanos);
        }
    }
}
