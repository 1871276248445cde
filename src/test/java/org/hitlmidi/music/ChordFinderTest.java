package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Naming held chords and writing them in a key; a given progression composed over. */
class ChordFinderTest {
    private static String name(Integer... pitches) {
        ChordFinder.Found f = ChordFinder.find(List.of(pitches));
        return f == null ? null : f.name();
    }

    @Test
    void heldNotesAreNamedInAnyVoicing() {
        assertThat(name(62, 65, 69)).isEqualTo("Dm");
        assertThat(name(53, 62, 69, 74)).as("F in the bass, octaves").isEqualTo("Dm");
        assertThat(name(55, 59, 62, 65)).isEqualTo("G7");
        assertThat(name(55, 65, 71)).as("a G7 without its fifth").isEqualTo("G7");
        assertThat(name(60, 64, 67, 71)).isEqualTo("Cmaj7");
        assertThat(name(57, 60, 64, 67)).isEqualTo("Am7");
        assertThat(name(59, 62, 65, 69)).isEqualTo("Bm7b5");
        assertThat(name(59, 62, 65)).isEqualTo("Bdim");
        assertThat(name(59, 62, 65, 68)).as("a dim7 is named on its bass").isEqualTo("Bdim7");
        assertThat(name(62, 65, 68, 71)).isEqualTo("Ddim7");
        assertThat(name(66, 70, 73)).isEqualTo("F#");
    }

    @Test
    void aNameParsesBackToItsChord() {
        for (int root = 0; root < 12; root++) {
            for (ChordFinder.Quality q : ChordFinder.Quality.values()) {
                ChordFinder.Found f = new ChordFinder.Found(root, q);
                assertThat(ChordFinder.parse(f.name())).isEqualTo(f);
            }
        }
        assertThat(ChordFinder.parse("Bbm7b5")).isEqualTo(new ChordFinder.Found(10, ChordFinder.Quality.HALF_DIMINISHED));
        assertThat(ChordFinder.parse("Db")).isEqualTo(new ChordFinder.Found(1, ChordFinder.Quality.MAJOR));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChordFinder.parse("H7"))
                .hasMessageContaining("note name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChordFinder.parse("Csus4"))
                .hasMessageContaining("'sus4'");
    }

    @Test
    void fewerThanThreePitchClassesOrAClusterIsNoChord() {
        assertThat(name(60, 67)).isNull();
        assertThat(name(60, 72, 67)).isNull();
        assertThat(name(60, 61, 62)).isNull();
    }

    /** Every quality on every root, written in a key and parsed back as a style's progression would be. */
    @Test
    void aFoundChordWrittenInAKeyParsesBackToTheSameChord() {
        for (boolean minor : new boolean[] {false, true}) {
            for (int tonic = 0; tonic < 12; tonic++) {
                for (int root = 0; root < 12; root++) {
                    for (ChordFinder.Quality q : ChordFinder.Quality.values()) {
                        Chord c = new ChordFinder.Found(root, q).inKey(tonic, minor);
                        Chord back = Chord.parse(c.symbol(), minor);
                        assertThat(back.root()).as(c.symbol()).isEqualTo(Math.floorMod(root - tonic, 12));
                        assertThat(back.tones()).as(c.symbol()).isEqualTo(q.tones());
                    }
                }
            }
        }
        assertThat(new ChordFinder.Found(2, ChordFinder.Quality.MINOR).inKey(0, false).symbol()).isEqualTo("ii");
        assertThat(new ChordFinder.Found(7, ChordFinder.Quality.DOMINANT7).inKey(0, false).symbol()).isEqualTo("V7");
        assertThat(new ChordFinder.Found(10, ChordFinder.Quality.MAJOR).inKey(0, false).symbol()).isEqualTo("bVII");
    }

    /** Composed over Dm-G7 in C, every bar's chord part sounds only that bar's chord, with its root. */
    @Test
    void aGivenProgressionIsWhatTheChordsPlay() throws Exception {
        TrackParams p = TrackParams.defaults().inStyle(SongComposerTest.style("pop")).withBaseNote(60)
                .withScale(Scale.MAJOR);
        SongComposer c = new SongComposer(p);
        Progression held = new Progression("ii-V7", List.of(new ChordFinder.Found(2, ChordFinder.Quality.MINOR)
                .inKey(0, false), new ChordFinder.Found(7, ChordFinder.Quality.DOMINANT7).inKey(0, false)));
        for (long seed = 0; seed < 20; seed++) {
            Sketch s = c.randomSketch(new java.util.SplittableRandom(seed)).withParts(Sketch.ALL_PARTS);
            Track t = c.compose(s, held);
            assertThat(t.arrangement().progression()).isEqualTo("ii-V7");
            double bpb = t.arrangement().meter().beatsPerBar();
            List<Set<Integer>> bars = new ArrayList<>();
            for (int b = 0; b < t.arrangement().bars(); b++) {
                bars.add(new TreeSet<>());
            }
            for (PartNote n : t.arrangement().chords()) {
                bars.get((int) Math.floor(n.start() / bpb + 1e-9)).add(Math.floorMod(n.pitch(), 12));
            }
            for (int b = 0; b < bars.size(); b++) {
                Set<Integer> want = b % 2 == 0 ? Set.of(2, 5, 9) : Set.of(7, 11, 2, 5);
                assertThat(want).as("seed %d bar %d: %s", seed, b, bars.get(b)).containsAll(bars.get(b));
                assertThat(bars.get(b)).as("seed %d bar %d", seed, b).contains(b % 2 == 0 ? 2 : 7);
            }
            assertThat(c.compose(s)).as("the style's own, as before").isEqualTo(c.compose(s,
                    Progression.parse(p.style().progressions().get(s.progression() % p.style().progressions().size()),
                            false)));
        }
    }
}
