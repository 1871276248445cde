package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The musical floor, for every shipped style: whole bars, in key, chords under strong beats, a backbeat. */
class SongComposerTest {
    static Stream<String> styles() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("presets/styles"))) {
            return s.map(f -> f.getFileName().toString().replace(".json", "")).sorted().toList().stream();
        }
    }

    static Style style(String name) throws Exception {
        return StyleJson.fromJson(new ObjectMapper().readTree(Path.of("presets/styles", name + ".json").toFile()));
    }

    @ParameterizedTest
    @MethodSource("styles")
    void everyTrackFillsItsBarsStaysInKeyAndKeepsTheBackbeat(String name) throws Exception {
        Style st = style(name);
        TrackParams p = TrackParams.defaults().inStyle(st);
        SongComposer c = new SongComposer(p);
        SplittableRandom rng = new SplittableRandom(name.hashCode());
        double bpb = p.meter().beatsPerBar();
        int notes = 0;
        int inScale = 0;
        int bars44 = 0;
        int backbeat = 0;
        Track t = c.fresh(rng);
        for (int i = 0; i < 300; i++) {
            t = i % 3 == 0 ? c.fresh(rng) : c.vary(t, rng);
            assertThat(t.lengthBeats()).isEqualTo(p.bars() * bpb);
            assertThat(t.melody().stream().mapToDouble(Note::duration).sum()).isEqualTo(p.bars() * bpb);
            assertThat(t.melody()).hasSizeGreaterThanOrEqualTo(4);
            for (int k = 0; k < t.melody().size(); k++) {
                Note n = t.melody().get(k);
                notes++;
                boolean in = p.scale().contains(p.baseNote(), n.pitch());
                inScale += in ? 1 : 0;
                if (!in) { // a chromatic note: only where the style asks, and it resolves by a half step into the scale
                    assertThat(st.chromatic()).as("a note outside the scale in %s", name).isTrue();
                    assertThat(k).isLessThan(t.melody().size() - 1);
                    Note next = t.melody().get(k + 1);
                    assertThat(Math.abs(next.pitch() - n.pitch())).as("resolution in %s", name).isEqualTo(1);
                    assertThat(p.scale().contains(p.baseNote(), next.pitch())).isTrue();
                    double inBar = t.startOf(k) % bpb;
                    assertThat(inBar > 1e-9 && !p.meter().isStrong(inBar)).as("chromatic on a weak beat, %s", name).isTrue();
                }
                if (k > 0) {
                    assertThat(Math.abs(n.pitch() - t.melody().get(k - 1).pitch()))
                            .as("leap in %s", name).isLessThanOrEqualTo(Math.max(st.maxLeap(), 12));
                }
            }
            final Track cur = t;
            assertThat(t.arrangement().bass()).allMatch(n -> n.end() <= cur.lengthBeats() + 1e-9 && n.pitch() < 60);
            assertThat(t.percussion()).allMatch(h -> h.beat() < cur.lengthBeats());
            if (p.meter() == Meter.FOUR_FOUR && t.arrangement().sketch().plays(Part.DRUMS)) {
                for (int b = 0; b < p.bars(); b++) {
                    bars44++;
                    final int bar = b;
                    boolean has = true;
                    for (double at : p.meter().backbeats()) {
                        has &= cur.percussion().stream().anyMatch(h -> Math.abs(h.beat() - (bar * bpb + at)) < 1e-9
                                && (h.key() == 37 || h.key() == 38 || h.key() == 39 || h.key() == 40));
                    }
                    backbeat += has ? 1 : 0;
                }
            }
        }
        if (st.chromatic()) { // the colour is there, and it stays colour
            assertThat(inScale / (double) notes).as("in scale, %s", name).isBetween(0.85, 0.995);
        } else {
            assertThat(inScale / (double) notes).as("in scale, %s", name).isEqualTo(1.0);
        }
        if (st.backbeat() && bars44 > 0) {
            assertThat(backbeat / (double) bars44).as("4/4 bars with a backbeat, %s", name).isGreaterThanOrEqualTo(0.9);
        }
    }

    /**
     * A listener who likes few notes leads a learner to keep the joins: even then no bar thins below the style's
     * sparsest rhythm (before the floor, 600 edits left bars of one long note, 4 notes in 16 beats).
     */
    @ParameterizedTest
    @MethodSource("styles")
    void joinsNeverThinABarBelowTheStylesSparsestRhythm(String name) throws Exception {
        Style st = style(name);
        TrackParams p = TrackParams.defaults().inStyle(st);
        SongComposer c = new SongComposer(p);
        SplittableRandom rng = new SplittableRandom(name.hashCode() * 31L);
        int floor = c.notesPerBarFloor();
        assertThat(floor).isGreaterThanOrEqualTo(2);
        int joined = 0;
        for (int run = 0; run < 6; run++) {
            Track t = c.fresh(rng);
            int[] fresh = SongComposer.onsetsPerBar(t.melody(), p.bars(), p.meter().beatsPerBar());
            for (int i = 0; i < 120; i++) {
                // greedy for sparseness: of a few candidates (joins of each note, and moves), keep the one with fewest notes
                Track best = c.vary(t, rng);
                for (int k = 0; k + 1 < t.melody().size(); k++) {
                    Track j = c.edit(t, ActionType.NOTE_REMOVAL, k);
                    if (j.melody().size() < best.melody().size()) {
                        best = j;
                    }
                }
                joined += best.melody().size() < t.melody().size() ? 1 : 0;
                t = best.arrangement().sketch() == t.arrangement().sketch() ? best : t;
                int[] now = SongComposer.onsetsPerBar(t.melody(), p.bars(), p.meter().beatsPerBar());
                for (int b = 0; b < p.bars(); b++) {
                    assertThat(now[b]).as("notes starting in bar %d of %s after %d edits", b + 1, name, i + 1)
                            .isGreaterThanOrEqualTo(Math.min(floor, fresh[b]));
                }
            }
        }
        assertThat(joined).as("joins happened in %s", name).isGreaterThan(0);
    }

    @ParameterizedTest
    @MethodSource("styles")
    void theChordsStayUnderTheMelodyInEveryBar(String name) throws Exception {
        TrackParams p = TrackParams.defaults().inStyle(style(name));
        SongComposer c = new SongComposer(p);
        SplittableRandom rng = new SplittableRandom(5);
        double bpb = p.meter().beatsPerBar();
        int bars = 0;
        int crossed = 0;
        for (int i = 0; i < 100; i++) {
            Track t = c.fresh(rng);
            for (int b = 0; b < p.bars(); b++) {
                double from = b * bpb;
                double to = from + bpb;
                int low = Integer.MAX_VALUE;
                for (int k = 0; k < t.melody().size(); k++) {
                    double s0 = t.startOf(k);
                    if (s0 < to - 1e-9 && s0 + t.melody().get(k).duration() > from + 1e-9) {
                        low = Math.min(low, t.melody().get(k).pitch());
                    }
                }
                final int lowest = low;
                bars++;
                crossed += t.arrangement().chords().stream()
                        .anyMatch(n -> n.start() >= from - 1e-9 && n.start() < to - 1e-9 && n.pitch() >= lowest) ? 1 : 0;
            }
        }
        // the melody stays at E3 or above, so a voicing of two notes or more always fits under it
        assertThat(crossed / (double) bars).as("bars whose chords reach the melody, %s", name).isLessThanOrEqualTo(0.005);
    }

    @ParameterizedTest
    @MethodSource("styles")
    void strongBeatsTakeChordTonesAndTheLoopEndsOnTheTonic(String name) throws Exception {
        Style st = style(name);
        TrackParams p = TrackParams.defaults().inStyle(st);
        SongComposer c = new SongComposer(p);
        SplittableRandom rng = new SplittableRandom(7);
        int downbeats = 0;
        int chordTones = 0;
        for (int i = 0; i < 100; i++) {
            Track t = c.fresh(rng);
            Progression prog = Progression.parse(t.arrangement().progression(), Style.minorKey(p.scale()));
            double at = 0;
            for (Note n : t.melody()) {
                int bar = (int) Math.floor(at / p.meter().beatsPerBar() + 1e-9);
                if (Math.abs(at - bar * p.meter().beatsPerBar()) < 1e-9) {
                    downbeats++;
                    chordTones += prog.chordAt(bar, p.bars()).contains(p.baseNote(), n.pitch()) ? 1 : 0;
                }
                at += n.duration();
            }
            Note last = t.melody().get(t.melody().size() - 1);
            assertThat(Math.floorMod(last.pitch() - p.baseNote(), 12)).as("last note of %s", name).isZero();
        }
        assertThat(chordTones / (double) downbeats).as("downbeats on chord tones, %s", name).isGreaterThan(0.85);
    }

    @ParameterizedTest
    @MethodSource("styles")
    void theSameSketchComposesTheSameTrackAndJsonKeepsIt(String name) throws Exception {
        TrackParams p = TrackParams.defaults().inStyle(style(name));
        SongComposer c = new SongComposer(p);
        Sketch s = c.randomSketch(new SplittableRandom(3));
        Track a = c.compose(s);
        assertThat(c.compose(s)).isEqualTo(a);
        assertThat(TrackJson.fromText(TrackJson.toText(a))).isEqualTo(a);
        assertThat(TrackJson.paramsFromText(TrackJson.toJson(p).toString())).isEqualTo(p);
    }

    @ParameterizedTest
    @MethodSource("styles")
    void performedNotesEndByTheLastBarLineAndPartsHaveTheirChannels(String name) throws Exception {
        TrackParams p = TrackParams.defaults().inStyle(style(name));
        Track t = new SongComposer(p).fresh(new SplittableRandom(11));
        List<Performance.Event> ev = Performance.events(t, 1);
        assertThat(ev).allMatch(e -> e.start() + e.duration() <= t.lengthBeats() + 1e-9 && e.start() >= 0);
        List<Integer> channels = new ArrayList<>();
        for (Part part : Part.values()) {
            channels.add(ev.stream().filter(e -> e.part() == part).map(Performance.Event::channel).findFirst().orElse(-1));
        }
        assertThat(channels).containsExactly(1, 2, 3, 10);
        Track muted = t.withArrangement(t.arrangement().withMuted(java.util.Set.of(Part.BASS)));
        assertThat(Performance.events(muted, 1)).noneMatch(e -> e.part() == Part.BASS).isNotEmpty();
    }
}
