package org.hitlmidi.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Meter;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * What a session played, measured as a musician would: how many tracks fill the bars asked for, how many melody
 * notes are in the scale, how many 4/4 bars have a backbeat (a snare, side stick or clap on beats 2 and 4), how
 * many distinct melodic interval patterns the last 50 tracks hold, the mean leap, and how many tracks were
 * fragments (fewer than 3 notes). Tracks of the paper's kind count as 4/4 with whole bars of their length.
 */
public record MusicStats(int tracks, int tracksWithBars, long notes, long notesInScale, long bars44, long backbeatBars,
                         double leapSum, long leaps, int distinctMotifsLast50, int fragments) {
    private static final Set<Integer> SNARES = Set.of(37, 38, 39, 40);
    public static final int MOTIF_WINDOW = 50;

    public static MusicStats of(List<Track> heard, TrackParams asked) {
        int withBars = 0;
        long notes = 0;
        long inScale = 0;
        long bars44 = 0;
        long backbeat = 0;
        double leapSum = 0;
        long leaps = 0;
        int fragments = 0;
        for (Track t : heard) {
            double beats = t.melody().stream().mapToDouble(Note::duration).sum();
            if (t.arrangement().barred() && t.arrangement().bars() == asked.bars()
                    && Math.abs(beats - asked.bars() * asked.meter().beatsPerBar()) < 1e-9) {
                withBars++;
            }
            fragments += t.melody().size() < 3 ? 1 : 0;
            for (int i = 0; i < t.melody().size(); i++) {
                int p = t.melody().get(i).pitch();
                notes++;
                inScale += asked.scale().contains(asked.baseNote(), p) ? 1 : 0;
                if (i > 0) {
                    leapSum += Math.abs(p - t.melody().get(i - 1).pitch());
                    leaps++;
                }
            }
            if (t.arrangement().meter() == Meter.FOUR_FOUR) {
                int bars = (int) Math.floor(t.lengthBeats() / 4 + 1e-9);
                for (int b = 0; b < bars; b++) {
                    bars44++;
                    backbeat += hasBackbeat(t.percussion(), b * 4.0) ? 1 : 0;
                }
            }
        }
        Set<List<Integer>> motifs = new HashSet<>();
        for (Track t : heard.subList(Math.max(0, heard.size() - MOTIF_WINDOW), heard.size())) {
            motifs.add(intervals(t));
        }
        return new MusicStats(heard.size(), withBars, notes, inScale, bars44, backbeat, leapSum, leaps, motifs.size(),
                fragments);
    }

    static boolean hasBackbeat(List<DrumHit> hits, double barStart) {
        for (double at : new double[] {1, 3}) {
            boolean found = false;
            for (DrumHit h : hits) {
                found |= SNARES.contains(h.key()) && Math.abs(h.beat() - (barStart + at)) < 0.06;
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    static List<Integer> intervals(Track t) {
        List<Note> m = t.melody();
        Integer[] out = new Integer[Math.max(0, m.size() - 1)];
        for (int i = 1; i < m.size(); i++) {
            out[i - 1] = m.get(i).pitch() - m.get(i - 1).pitch();
        }
        return List.of(out);
    }

    /** The stats of several sessions together; distinct motifs are averaged over them. */
    public static MusicStats sum(List<MusicStats> all) {
        int n = Math.max(1, all.size());
        return new MusicStats(all.stream().mapToInt(MusicStats::tracks).sum(),
                all.stream().mapToInt(MusicStats::tracksWithBars).sum(), all.stream().mapToLong(MusicStats::notes).sum(),
                all.stream().mapToLong(MusicStats::notesInScale).sum(), all.stream().mapToLong(MusicStats::bars44).sum(),
                all.stream().mapToLong(MusicStats::backbeatBars).sum(), all.stream().mapToDouble(MusicStats::leapSum).sum(),
                all.stream().mapToLong(MusicStats::leaps).sum(),
                (int) Math.round(all.stream().mapToInt(MusicStats::distinctMotifsLast50).sum() / (double) n),
                all.stream().mapToInt(MusicStats::fragments).sum());
    }

    private static double share(long a, long b) {
        return b == 0 ? 0 : a / (double) b;
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("tracks", tracks);
        o.put("shareWithBars", share(tracksWithBars, tracks));
        o.put("shareNotesInScale", share(notesInScale, notes));
        o.put("shareBackbeatBars44", share(backbeatBars, bars44));
        o.put("distinctMotifsLast50", distinctMotifsLast50);
        o.put("meanLeap", leaps == 0 ? 0 : leapSum / leaps);
        o.put("shareUnder3Notes", share(fragments, tracks));
        return o;
    }

    public String line() {
        return String.format(java.util.Locale.ROOT, "bars %.0f %%, in scale %.1f %%, backbeat %.0f %%, motifs %d/50,"
                        + " mean leap %.1f, under 3 notes %.1f %%", 100 * share(tracksWithBars, tracks),
                100 * share(notesInScale, notes), 100 * share(backbeatBars, bars44), distinctMotifsLast50,
                leaps == 0 ? 0 : leapSum / leaps, 100 * share(fragments, tracks));
    }
}
