package org.hitlmidi.midi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Performance;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * A track compiled to short messages at nanosecond offsets from its start, in the order they must leave:
 * by time, and at one time note-offs before note-ons (a repeated pitch sounds again) and the program change
 * before everything. Immutable; parallel primitive arrays so the scheduler loop allocates nothing.
 */
final class TrackEvents {
    final long[] offsets;
    final int[] status;
    final int[] data1;
    final int[] data2;
    /** Where a loop repeats: the track's length in beats at its tempo. */
    final long lengthNanos;

    private record Ev(long offset, int order, int status, int data1, int data2) {
    }

    private TrackEvents(List<Ev> evs, long lengthNanos) {
        int n = evs.size();
        offsets = new long[n];
        status = new int[n];
        data1 = new int[n];
        data2 = new int[n];
        for (int i = 0; i < n; i++) {
            Ev e = evs.get(i);
            offsets[i] = e.offset();
            status[i] = e.status();
            data1[i] = e.data1();
            data2[i] = e.data2();
        }
        this.lengthNanos = lengthNanos;
    }

    int size() {
        return offsets.length;
    }

    static long beatsToNanos(double beats, double bpm) {
        return Math.round(beats * 60e9 / bpm);
    }

    /**
     * @param withProgram send the melody's program (and bank) first; a loop repeat does not resend it
     */
    static TrackEvents of(Track track, MidiFiles.Voice voice, int bank, boolean withProgram) {
        List<Ev> evs = new ArrayList<>();
        int ch = voice.channel() - 1;
        if (withProgram) {
            if (bank >= 0) {
                evs.add(new Ev(0, 0, Midi.CONTROL_CHANGE | ch, Midi.CC_BANK_MSB, (bank >> 7) & 0x7F));
                evs.add(new Ev(0, 0, Midi.CONTROL_CHANGE | ch, Midi.CC_BANK_LSB, bank & 0x7F));
            }
            evs.add(new Ev(0, 0, Midi.PROGRAM_CHANGE | ch, voice.program(), 0));
        }
        double bpm = track.tempo();
        if (withProgram) {
            for (Performance.Voice v : Performance.voices(track, voice.channel(), voice.program())) {
                if (v.part() != Part.MELODY) {
                    evs.add(new Ev(0, 0, Midi.PROGRAM_CHANGE | (v.channel() - 1), v.program(), 0));
                }
            }
        }
        for (Performance.Event e : Performance.events(track, voice.channel(), true)) {
            int c = e.channel() - 1;
            evs.add(new Ev(beatsToNanos(e.start(), bpm), 2, Midi.NOTE_ON | c, e.pitch(), e.velocity()));
            evs.add(new Ev(beatsToNanos(e.start() + e.duration(), bpm), 1, Midi.NOTE_OFF | c, e.pitch(), 0));
        }
        // a stable sort keeps melody before drums at one time and order: deterministic output
        evs.sort(Comparator.comparingLong(Ev::offset).thenComparingInt(Ev::order));
        return new TrackEvents(evs, Math.max(1, beatsToNanos(track.lengthBeats(), bpm)));
    }
}
