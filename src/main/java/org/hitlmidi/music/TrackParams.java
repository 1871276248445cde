package org.hitlmidi.music;

/**
 * What the user chooses before a session: base note (the key's tonic), scale, length in notes (the paper's
 * learners), tempo, where the melody plays (MIDI channel 1..16 and General MIDI program 0..127), the drum kit
 * of the paper's edits, and for every other learner the style, meter and length in bars the composer writes
 * in. Drums always play on channel 10; bass and chords on the channels just above the melody's.
 */
public record TrackParams(int baseNote, Scale scale, int length, double tempo, int channel, int program,
                          DrumKit kit, Style style, Meter meter, int bars) {
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
        if (style == null || meter == null) {
            throw new IllegalArgumentException("style and meter are needed");
        }
        if (bars < 1 || bars > Style.MAX_BARS) {
            throw new IllegalArgumentException("bars " + bars + " outside 1.." + Style.MAX_BARS);
        }
    }

    public TrackParams(int baseNote, Scale scale, int length, double tempo, int channel, int program, DrumKit kit) {
        this(baseNote, scale, length, tempo, channel, program, kit, Style.DEFAULT, Style.DEFAULT.meter(),
                Style.DEFAULT.bars());
    }

    /** The paper's worked example: C4 major, 8 notes, 90 BPM (its code's default tempo), piano. */
    public static TrackParams defaults() {
        return new TrackParams(60, Scale.MAJOR, 8, 90, 1, 0, DrumKit.PAPER);
    }

    public TrackParams withBaseNote(int v) {
        return new TrackParams(v, scale, length, tempo, channel, program, kit, style, meter, bars);
    }

    public TrackParams withScale(Scale v) {
        return new TrackParams(baseNote, v, length, tempo, channel, program, kit, style, meter, bars);
    }

    public TrackParams withLength(int v) {
        return new TrackParams(baseNote, scale, v, tempo, channel, program, kit, style, meter, bars);
    }

    public TrackParams withTempo(double v) {
        return new TrackParams(baseNote, scale, length, v, channel, program, kit, style, meter, bars);
    }

    public TrackParams withChannel(int v) {
        return new TrackParams(baseNote, scale, length, tempo, v, program, kit, style, meter, bars);
    }

    public TrackParams withProgram(int v) {
        return new TrackParams(baseNote, scale, length, tempo, channel, v, kit, style, meter, bars);
    }

    public TrackParams withKit(DrumKit v) {
        return new TrackParams(baseNote, scale, length, tempo, channel, program, v, style, meter, bars);
    }

    public TrackParams withMeter(Meter v) {
        return new TrackParams(baseNote, scale, length, tempo, channel, program, kit, style, v, bars);
    }

    public TrackParams withBars(int v) {
        return new TrackParams(baseNote, scale, length, tempo, channel, program, kit, style, meter, v);
    }

    /** The style alone: key, tempo and parts are left as they are (see {@link #inStyle}). */
    public TrackParams withStyle(Style v) {
        return new TrackParams(baseNote, scale, length, tempo, channel, program, kit, v, meter, bars);
    }

    /** The style with its key, tempo, meter, bars and melody program: what choosing a style means. */
    public TrackParams inStyle(Style v) {
        return new TrackParams(v.base(), v.scale(), length, v.tempo(), channel, v.melodyProgram(), kit, v, v.meter(),
                v.bars());
    }
}
