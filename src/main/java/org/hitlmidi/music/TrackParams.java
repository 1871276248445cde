package org.hitlmidi.music;

/**
 * What the user chooses before a session: base note, scale, length in notes, tempo, and where the
 * melody plays (MIDI channel 1..16 and General MIDI program 0..127). Drums always play on channel 10.
 */
public record TrackParams(int baseNote, Scale scale, int length, double tempo, int channel, int program,
                          DrumKit kit) {
    public static final int MIN_LENGTH = 1;
    public static final int MAX_LENGTH = 64;
    public static final int DRUM_CHANNEL = 10;

    public TrackParams {
        if (baseNote < Pitches.MIN || baseNote > Pitches.MAX) {
            throw new IllegalArgumentException("base note " + baseNote + " outside 0..127");
        }
        if (scale == null) {
            throw new IllegalArgumentException("scale is missing: use one of " + Scale.allowed());
        }
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("length " + length + " outside 1..64 notes");
        }
        if (!(tempo >= Track.MIN_TEMPO && tempo <= Track.MAX_TEMPO)) {
            throw new IllegalArgumentException("tempo " + tempo + " outside 20..400 BPM");
        }
        if (channel < 1 || channel > 16 || channel == DRUM_CHANNEL) {
            throw new IllegalArgumentException("melody channel " + channel + " must be 1..16 and not 10 (drums)");
        }
        if (program < 0 || program > 127) {
            throw new IllegalArgumentException("program " + program + " outside 0..127");
        }
        if (kit == null) {
            throw new IllegalArgumentException("drum kit is missing");
        }
    }

    /** The paper's worked example: C4 major, 8 notes, 90 BPM (its code's default tempo), piano. */
    public static TrackParams defaults() {
        return new TrackParams(60, Scale.MAJOR, 8, 90, 1, 0, DrumKit.PAPER);
    }

    public TrackParams withBaseNote(int v) {
        return new TrackParams(v, scale, length, tempo, channel, program, kit);
    }

    public TrackParams withScale(Scale v) {
        return new TrackParams(baseNote, v, length, tempo, channel, program, kit);
    }

    public TrackParams withLength(int v) {
        return new TrackParams(baseNote, scale, v, tempo, channel, program, kit);
    }

    public TrackParams withTempo(double v) {
        return new TrackParams(baseNote, scale, length, v, channel, program, kit);
    }

    public TrackParams withChannel(int v) {
        return new TrackParams(baseNote, scale, length, tempo, v, program, kit);
    }

    public TrackParams withProgram(int v) {
        return new TrackParams(baseNote, scale, length, tempo, channel, v, kit);
    }

    public TrackParams withKit(DrumKit v) {
        return new TrackParams(baseNote, scale, length, tempo, channel, program, v);
    }
}
