package org.hitlmidi.midi;

/**
 * One ALSA sequencer event as our backend sees it: the event type (SND_SEQ_EVENT_*), a channel and two values
 * (note and velocity, controller and value, ...). The ALSA backend converts short MIDI messages to these and back,
 * so the native side only copies fields.
 */
record SeqEvent(int type, int channel, int param, int value) {
    static final int NOTEON = 6;
    static final int NOTEOFF = 7;
    static final int KEYPRESS = 8;
    static final int CONTROLLER = 10;
    static final int PGMCHANGE = 11;
    static final int CHANPRESS = 12;
    static final int PITCHBEND = 13;
    static final int SONGPOS = 20;
    static final int START = 30;
    static final int CONTINUE = 31;
    static final int STOP = 32;
    static final int CLOCK = 36;

    /** The event for a short message, or null for one the sequencer has no event for. */
    static SeqEvent of(int status, int d1, int d2) {
        int s = status & 0xFF;
        int ch = s & 0x0F;
        switch (s & 0xF0) {
            case Midi.NOTE_ON:
                return new SeqEvent(NOTEON, ch, d1, d2);
            case Midi.NOTE_OFF:
                return new SeqEvent(NOTEOFF, ch, d1, d2);
            case 0xA0:
                return new SeqEvent(KEYPRESS, ch, d1, d2);
            case Midi.CONTROL_CHANGE:
                return new SeqEvent(CONTROLLER, ch, d1, d2);
            case Midi.PROGRAM_CHANGE:
                return new SeqEvent(PGMCHANGE, ch, 0, d1);
            case 0xD0:
                return new SeqEvent(CHANPRESS, ch, 0, d1);
            case Midi.PITCH_BEND:
                return new SeqEvent(PITCHBEND, ch, 0, ((d2 & 0x7F) << 7 | (d1 & 0x7F)) - 8192);
            default:
                break;
        }
        return switch (s) {
            case Midi.SONG_POSITION -> new SeqEvent(SONGPOS, 0, 0, (d2 & 0x7F) << 7 | (d1 & 0x7F));
            case Midi.START -> new SeqEvent(START, 0, 0, 0);
            case Midi.CONTINUE -> new SeqEvent(CONTINUE, 0, 0, 0);
            case Midi.STOP -> new SeqEvent(STOP, 0, 0, 0);
            case Midi.CLOCK -> new SeqEvent(CLOCK, 0, 0, 0);
            default -> null;
        };
    }

    /** The short message {status, data1, data2} of this event, or null for an event that is not one. */
    int[] toMessage() {
        int ch = channel & 0x0F;
        return switch (type) {
            case NOTEON -> new int[] {Midi.NOTE_ON | ch, param & 0x7F, value & 0x7F};
            case NOTEOFF -> new int[] {Midi.NOTE_OFF | ch, param & 0x7F, value & 0x7F};
            case KEYPRESS -> new int[] {0xA0 | ch, param & 0x7F, value & 0x7F};
            case CONTROLLER -> new int[] {Midi.CONTROL_CHANGE | ch, param & 0x7F, value & 0x7F};
            case PGMCHANGE -> new int[] {Midi.PROGRAM_CHANGE | ch, value & 0x7F, 0};
            case CHANPRESS -> new int[] {0xD0 | ch, value & 0x7F, 0};
            case PITCHBEND -> new int[] {Midi.PITCH_BEND | ch, (value + 8192) & 0x7F, ((value + 8192) >> 7) & 0x7F};
            case SONGPOS -> new int[] {Midi.SONG_POSITION, value & 0x7F, (value >> 7) & 0x7F};
            case START -> new int[] {Midi.START, 0, 0};
            case CONTINUE -> new int[] {Midi.CONTINUE, 0, 0};
            case STOP -> new int[] {Midi.STOP, 0, 0};
            case CLOCK -> new int[] {Midi.CLOCK, 0, 0};
            default -> null;
        };
    }
}
