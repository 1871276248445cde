package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A track as it is played: every note of every part with its MIDI channel, after the feel (swing, and for the
 * player a seeded humanize of timing and velocity) and without the muted parts. The player and the SMF writer
 * both read this, so what is heard and what is exported agree; the exported clip keeps the swing but not the
 * humanize, so it stays on the grid for editing in a DAW (which has its own humanize). A composed track's notes end by its last bar line, so a loop
 * never carries a note over its seam. The humanize seed comes from the track's notes: the same track always
 * plays the same way.
 */
public final class Performance {
    public static final int TICKS_PER_BEAT = 480;

    private Performance() {
    }

    /** One note: channel 1..16, its part, start and duration in beats, pitch and velocity. */
    public record Event(int channel, Part part, double start, double duration, int pitch, int velocity) {
    }

    /** A pitched part's channel and General MIDI program. */
    public record Voice(Part part, int channel, int program) {
    }

    /** The channel of each pitched part that plays: the melody's, then the next ones above it (10 skipped). */
    public static List<Voice> voices(Track t, int melodyChannel, int melodyProgram) {
        List<Voice> out = new ArrayList<>();
        out.add(new Voice(Part.MELODY, melodyChannel, melodyProgram));
        Arrangement a = t.arrangement();
        int c = melodyChannel;
        for (Part p : new Part[] {Part.BASS, Part.CHORDS}) {
            c = c + 1 == TrackParams.DRUM_CHANNEL ? c + 2 : c + 1;
            List<PartNote> notes = p == Part.BASS ? a.bass() : a.chords();
            if (c <= 16 && !notes.isEmpty()) {
                out.add(new Voice(p, c, p == Part.BASS ? a.bassProgram() : a.chordsProgram()));
            }
        }
        return out;
    }

    /** The notes as exported: swing, no humanize. */
    public static List<Event> events(Track t, int melodyChannel) {
        return events(t, melodyChannel, false);
    }

    /** @param humanize apply the feel's seeded timing and velocity humanize (the player does) */
    public static List<Event> events(Track t, int melodyChannel, boolean humanize) {
        Arrangement a = t.arrangement();
        Feel feel = humanize ? a.feel() : new Feel(a.feel().swing(), a.feel().swingUnit(), 0, 0);
        double end = a.barred() ? a.lengthBeats() : Double.MAX_VALUE;
        long seed = seed(t);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Event> out = new ArrayList<>();
        int bassCh = -1;
        int chordsCh = -1;
        for (Voice v : voices(t, melodyChannel, 0)) {
            if (v.part() == Part.BASS) {
                bassCh = v.channel();
            } else if (v.part() == Part.CHORDS) {
                chordsCh = v.channel();
            }
        }
        if (!a.muted().contains(Part.MELODY)) {
            double at = 0;
            for (Note n : t.melody()) {
                add(out, feel, rng, seed, end, melodyChannel, Part.MELODY, at, n.duration(), n.pitch(), n.velocity());
                at += n.duration();
            }
        }
        if (bassCh > 0 && !a.muted().contains(Part.BASS)) {
            for (PartNote n : a.bass()) {
                add(out, feel, rng, seed, end, bassCh, Part.BASS, n.start(), n.duration(), n.pitch(), n.velocity());
            }
        }
        if (chordsCh > 0 && !a.muted().contains(Part.CHORDS)) {
            for (PartNote n : a.chords()) {
                add(out, feel, rng, seed, end, chordsCh, Part.CHORDS, n.start(), n.duration(), n.pitch(), n.velocity());
            }
        }
        if (!a.muted().contains(Part.DRUMS)) {
            for (DrumHit h : t.percussion()) {
                add(out, feel, rng, seed, end, TrackParams.DRUM_CHANNEL, Part.DRUMS, h.beat(), DrumHit.LENGTH, h.key(), h.velocity());
            }
        }
        out.sort(Comparator.comparingDouble(Event::start).thenComparingInt(Event::channel).thenComparingInt(Event::pitch));
        return out;
    }

    private static void add(List<Event> out, Feel feel, SplittableRandom rng, long seed, double end, int ch, Part part,
                            double start, double dur, int pitch, int vel) {
        double s = feel.swingTime(start);
        double e = feel.swingTime(start + dur);
        if (feel.timingTicks() > 0 && start > 0) {
            // one offset per part and grid time: a chord's notes and the drum hits of one step move together
            long h = new SplittableRandom(seed ^ (part.ordinal() * 0x9E3779B97F4A7C15L) ^ Math.round(start * TICKS_PER_BEAT)).nextLong();
            s += (Math.floorMod(h, 2 * feel.timingTicks() + 1) - feel.timingTicks()) / (double) TICKS_PER_BEAT;
        }
        int v = vel;
        if (feel.velocitySpread() > 0) {
            v += rng.nextInt(feel.velocitySpread() + 1) - feel.velocitySpread() / 2;
        }
        e = Math.min(e, end);
        s = Math.max(0, Math.min(s, e - 1.0 / TICKS_PER_BEAT));
        if (e - s < 1.0 / TICKS_PER_BEAT) {
            return;
        }
        out.add(new Event(ch, part, s, e - s, pitch, Math.max(1, Math.min(127, v))));
    }

    private static long seed(Track t) {
        long h = 1125899906842597L;
        for (Note n : t.melody()) {
            h = 31 * h + n.pitch();
            h = 31 * h + Double.hashCode(n.duration());
        }
        for (DrumHit d : t.percussion()) {
            h = 31 * h + d.key() + Double.hashCode(d.beat());
        }
        return h;
    }
}
