package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The music model's values at their bounds (each limit accepted, one step past it refused, with a message naming
 * the value) and their small computations exactly: a track's starts, length and parts, a meter's pulses, swing.
 * Written for PIT (issue 17): the composer's tests go through these without reaching their edges.
 */
class MusicValuesTest {
    private static final List<Note> TWO = List.of(new Note(60, 0.5), new Note(62, 1.5));

    @Test
    void aNoteIsAPitchADurationAndAVelocityInTheirRanges() {
        assertThat(new Note(0, 64, 1)).isEqualTo(new Note(0, 64.0, 1));
        assertThat(new Note(127, 0.001, 127).pitch()).isEqualTo(127);
        assertThat(new Note(60, 1).velocity()).isEqualTo(Note.DEFAULT_VELOCITY);
        assertThatThrownBy(() -> new Note(-1, 1)).hasMessageContaining("pitch -1");
        assertThatThrownBy(() -> new Note(128, 1)).hasMessageContaining("pitch 128");
        assertThatThrownBy(() -> new Note(60, 0)).hasMessageContaining("duration 0.0");
        assertThatThrownBy(() -> new Note(60, Double.NaN)).hasMessageContaining("duration NaN");
        assertThatThrownBy(() -> new Note(60, 64.001)).hasMessageContaining("duration 64.001");
        assertThatThrownBy(() -> new Note(60, 1, 0)).hasMessageContaining("velocity 0");
        assertThatThrownBy(() -> new Note(60, 1, 128)).hasMessageContaining("velocity 128");
        Note n = new Note(60, 1, 90);
        assertThat(n.withPitch(61)).isEqualTo(new Note(61, 1, 90));
        assertThat(n.withDuration(0.25)).isEqualTo(new Note(60, 0.25, 90));
    }

    @Test
    void aDrumHitIsABeatAKeyAndAVelocityInTheirRanges() {
        assertThat(new DrumHit(0, 0, 1).beat()).isZero();
        assertThat(new DrumHit(4096, 127, 127).key()).isEqualTo(127);
        assertThatThrownBy(() -> new DrumHit(-0.001, 36, 80)).hasMessageContaining("beat -0.001");
        assertThatThrownBy(() -> new DrumHit(Double.NaN, 36, 80)).hasMessageContaining("beat NaN");
        assertThatThrownBy(() -> new DrumHit(4096.5, 36, 80)).hasMessageContaining("beat 4096.5");
        assertThatThrownBy(() -> new DrumHit(0, -1, 80)).hasMessageContaining("key -1");
        assertThatThrownBy(() -> new DrumHit(0, 128, 80)).hasMessageContaining("key 128");
        assertThatThrownBy(() -> new DrumHit(0, 36, 0)).hasMessageContaining("velocity 0");
        assertThatThrownBy(() -> new DrumHit(0, 36, 128)).hasMessageContaining("velocity 128");
        assertThat(new DrumHit(1.5, 36, 70).withKey(38)).isEqualTo(new DrumHit(1.5, 38, 70));
    }

    @Test
    void aTracksStartsLengthAndParts() {
        Track t = new Track(TWO, List.of(new DrumHit(0, 36, 80), new DrumHit(3, 38, 80)), 20);
        assertThat(t.startOf(0)).isZero();
        assertThat(t.startOf(1)).isEqualTo(0.5);
        assertThat(t.startOf(2)).isEqualTo(2.0);
        // the last hit at beat 3 sounds a sixteenth: 3.25 beats, past the melody's 2
        assertThat(t.lengthBeats()).isEqualTo(3.25);
        assertThat(t.withPercussion(List.of(new DrumHit(1, 36, 80))).lengthBeats()).isEqualTo(2.0);
        assertThat(t.withPercussion(List.of(new DrumHit(1.75, 36, 80))).lengthBeats()).isEqualTo(2.0);
        assertThat(t.withPercussion(List.of(new DrumHit(1.875, 36, 80))).lengthBeats()).isEqualTo(2.125);
        assertThat(t.parts()).containsExactly(Part.MELODY, Part.DRUMS);
        assertThat(t.withMelody(List.of()).parts()).containsExactly(Part.DRUMS);
        assertThat(t.withPercussion(List.of()).parts()).containsExactly(Part.MELODY);
        assertThat(t.arrangement()).isEqualTo(Arrangement.NONE);
        assertThat(t.arrangement().barred()).isFalse();
        assertThat(new Track(TWO, List.of(), 400, null).arrangement()).isEqualTo(Arrangement.NONE);
        assertThat(t.withTempo(400).tempo()).isEqualTo(400.0);
        assertThatThrownBy(() -> t.withTempo(19.99)).hasMessageContaining("tempo 19.99");
        assertThatThrownBy(() -> t.withTempo(400.01)).hasMessageContaining("tempo 400.01");
        assertThatThrownBy(() -> t.withTempo(Double.NaN)).hasMessageContaining("tempo NaN");
    }

    @Test
    void aBarredTracksLengthIsItsBarsAndItsPartsIncludeBassAndChords() {
        List<PartNote> bass = List.of(new PartNote(0, 36, 1, 90));
        List<PartNote> chords = List.of(new PartNote(0, 60, 2, 70));
        Arrangement a = new Arrangement("pop", Meter.THREE_FOUR, 2, "I", bass, List.of(), 33, 48, Feel.STRAIGHT, null,
                Set.of());
        Track t = new Track(TWO, List.of(), 100, a);
        assertThat(a.barred()).isTrue();
        assertThat(t.lengthBeats()).isEqualTo(6.0); // two bars of 3/4, whatever the notes
        assertThat(t.parts()).containsExactly(Part.MELODY, Part.BASS);
        Arrangement both = new Arrangement("pop", Meter.SIX_EIGHT, 1, "I", bass, chords, 0, 127, Feel.STRAIGHT,
                null, EnumSet.of(Part.BASS));
        assertThat(t.withArrangement(both).parts()).containsExactly(Part.MELODY, Part.BASS, Part.CHORDS);
        assertThat(both.muted()).containsExactly(Part.BASS);
        assertThat(both.withMuted(Set.of()).muted()).isEmpty();
        Feel swung = new Feel(0.5, 0.5, 0, 0);
        assertThat(both.withFeel(swung).feel()).isEqualTo(swung);
        assertThat(both.withFeel(swung).chords()).isEqualTo(chords);
        assertThatThrownBy(() -> new Arrangement("pop", Meter.FOUR_FOUR, -1, "I", bass, chords, 33, 48,
                Feel.STRAIGHT, null, Set.of())).hasMessageContaining("bars -1");
        assertThatThrownBy(() -> new Arrangement("pop", Meter.FOUR_FOUR, Style.MAX_BARS + 1, "I", bass, chords, 33,
                48, Feel.STRAIGHT, null, Set.of())).hasMessageContaining("bars " + (Style.MAX_BARS + 1));
        assertThat(new Arrangement("pop", Meter.FOUR_FOUR, Style.MAX_BARS, "I", bass, chords, 33, 48, Feel.STRAIGHT,
                null, Set.of()).bars()).isEqualTo(Style.MAX_BARS);
        for (int[] programs : new int[][] {{-1, 48}, {128, 48}, {33, -1}, {33, 128}}) {
            assertThatThrownBy(() -> new Arrangement("pop", Meter.FOUR_FOUR, 1, "I", bass, chords, programs[0],
                    programs[1], Feel.STRAIGHT, null, Set.of())).hasMessageContaining("programs");
        }
        assertThatThrownBy(() -> new Arrangement("pop", null, 1, "I", bass, chords, 33, 48, Feel.STRAIGHT, null,
                Set.of())).hasMessageContaining("meter");
        assertThatThrownBy(() -> new Arrangement("pop", Meter.FOUR_FOUR, 1, "I", bass, chords, 33, 48, null, null,
                Set.of())).hasMessageContaining("feel");
        assertThatThrownBy(() -> new Arrangement(null, Meter.FOUR_FOUR, 1, "I", bass, chords, 33, 48, Feel.STRAIGHT,
                null, Set.of())).hasMessageContaining("style");
        assertThatThrownBy(() -> new Arrangement("pop", Meter.FOUR_FOUR, 1, null, bass, chords, 33, 48, Feel.STRAIGHT,
                null, Set.of())).hasMessageContaining("progression");
    }

    @Test
    void metersHaveTheirBeatsStepsPulsesAndBackbeats() {
        assertThat(Meter.FOUR_FOUR.beatsPerBar()).isEqualTo(4.0);
        assertThat(Meter.FOUR_FOUR.steps()).isEqualTo(16);
        assertThat(Meter.THREE_FOUR.steps()).isEqualTo(12);
        assertThat(Meter.SIX_EIGHT.steps()).isEqualTo(12);
        assertThat(Meter.SIX_EIGHT.numerator()).isEqualTo(6);
        assertThat(Meter.SIX_EIGHT.denominator()).isEqualTo(8);
        assertThat(Meter.FOUR_FOUR.pulses()).containsExactly(0, 2);
        assertThat(Meter.SIX_EIGHT.backbeats()).containsExactly(1.5);
        Meter.FOUR_FOUR.pulses()[0] = 99; // a copy: the meter's own is untouched
        Meter.FOUR_FOUR.backbeats()[0] = 99;
        assertThat(Meter.FOUR_FOUR.pulses()[0]).isZero();
        assertThat(Meter.FOUR_FOUR.backbeats()[0]).isEqualTo(1.0);
        assertThat(Meter.FOUR_FOUR.isStrong(2.0000001)).isTrue();
        assertThat(Meter.FOUR_FOUR.isStrong(2.00001)).isFalse();
        assertThat(Meter.FOUR_FOUR.isStrong(1)).isFalse();
        assertThat(Meter.SIX_EIGHT.isStrong(1.5)).isTrue();
        assertThat(Meter.parse(" 6/8 ")).isEqualTo(Meter.SIX_EIGHT);
        assertThat(Meter.parse("three_four")).isEqualTo(Meter.THREE_FOUR);
        assertThat(Meter.THREE_FOUR).hasToString("3/4");
        assertThatThrownBy(() -> Meter.parse("5/4")).hasMessageContaining("'5/4'").hasMessageContaining("4/4, 3/4");
        assertThatThrownBy(() -> Meter.parse(null)).hasMessageContaining("'null'");
    }

    @Test
    void swingMovesTheOffBeatByUpToAThirdOfThePair() {
        assertThat(Feel.STRAIGHT.swingTime(0.5)).isEqualTo(0.5);
        Feel full = new Feel(1, 0.5, 24, 40);
        // eighths: the off-beat (0.5) of the pair [0, 1) lands on the triplet, 2/3
        assertThat(full.swingTime(0.5)).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(full.swingTime(1.5)).isCloseTo(1 + 2 / 3.0, within(1e-12));
        assertThat(full.swingTime(0)).isZero();
        assertThat(full.swingTime(1)).isCloseTo(1, within(1e-12));
        // a point between moves in proportion: 0.25 to half of 2/3; 0.75 to halfway between 2/3 and 1
        assertThat(full.swingTime(0.25)).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(full.swingTime(0.75)).isCloseTo(2 / 3.0 + 1 / 6.0, within(1e-12));
        Feel half = new Feel(0.5, 0.25, 0, 0); // sixteenths, half swung: 0.25 to 0.25 x (1 + 1/6)
        assertThat(half.swingTime(0.25)).isCloseTo(0.25 * (1 + 0.5 / 3), within(1e-12));
        assertThat(half.swingTime(2.75)).isCloseTo(2.5 + 0.25 * (1 + 0.5 / 3), within(1e-12));
        assertThat(half.withSwing(0).swingTime(0.25)).isEqualTo(0.25);
        assertThatThrownBy(() -> new Feel(-0.01, 0.5, 0, 0)).hasMessageContaining("swing -0.01");
        assertThatThrownBy(() -> new Feel(1.01, 0.5, 0, 0)).hasMessageContaining("swing 1.01");
        assertThatThrownBy(() -> new Feel(Double.NaN, 0.5, 0, 0)).hasMessageContaining("swing NaN");
        assertThatThrownBy(() -> new Feel(0, 0.3, 0, 0)).hasMessageContaining("swing unit 0.3");
        assertThatThrownBy(() -> new Feel(0, 0.5, -1, 0)).hasMessageContaining("timing -1");
        assertThatThrownBy(() -> new Feel(0, 0.5, 25, 0)).hasMessageContaining("timing 25");
        assertThatThrownBy(() -> new Feel(0, 0.5, 0, -1)).hasMessageContaining("velocity -1");
        assertThatThrownBy(() -> new Feel(0, 0.5, 0, 41)).hasMessageContaining("velocity 41");
    }

    @Test
    void trackParametersAtTheirBounds() {
        TrackParams p = TrackParams.defaults();
        assertThat(p.withBaseNote(0).baseNote()).isZero();
        assertThat(p.withBaseNote(127).baseNote()).isEqualTo(127);
        assertThatThrownBy(() -> p.withBaseNote(-1)).hasMessageContaining("base note -1");
        assertThatThrownBy(() -> p.withBaseNote(128)).hasMessageContaining("base note 128");
        assertThatThrownBy(() -> p.withScale(null)).hasMessageContaining("scale is missing");
        assertThat(p.withLength(1).length()).isEqualTo(1);
        assertThat(p.withLength(64).length()).isEqualTo(64);
        assertThatThrownBy(() -> p.withLength(0)).hasMessageContaining("length 0");
        assertThatThrownBy(() -> p.withLength(65)).hasMessageContaining("length 65");
        assertThat(p.withTempo(20).tempo()).isEqualTo(20.0);
        assertThat(p.withTempo(400).tempo()).isEqualTo(400.0);
        assertThatThrownBy(() -> p.withTempo(19.5)).hasMessageContaining("tempo 19.5");
        assertThatThrownBy(() -> p.withTempo(400.5)).hasMessageContaining("tempo 400.5");
        assertThatThrownBy(() -> p.withTempo(Double.NaN)).hasMessageContaining("tempo NaN");
        assertThat(p.withChannel(1).channel()).isEqualTo(1);
        assertThat(p.withChannel(9).channel()).isEqualTo(9);
        assertThat(p.withChannel(11).channel()).isEqualTo(11);
        assertThat(p.withChannel(16).channel()).isEqualTo(16);
        for (int c : new int[] {0, 10, 17}) {
            assertThatThrownBy(() -> p.withChannel(c)).hasMessageContaining("melody channel " + c);
        }
        assertThat(p.withProgram(0).program()).isZero();
        assertThat(p.withProgram(127).program()).isEqualTo(127);
        assertThatThrownBy(() -> p.withProgram(-1)).hasMessageContaining("program -1");
        assertThatThrownBy(() -> p.withProgram(128)).hasMessageContaining("program 128");
        assertThatThrownBy(() -> p.withKit(null)).hasMessageContaining("drum kit");
        assertThatThrownBy(() -> p.withStyle(null)).hasMessageContaining("style and meter");
        assertThatThrownBy(() -> p.withMeter(null)).hasMessageContaining("style and meter");
        assertThat(p.withBars(1).bars()).isEqualTo(1);
        assertThat(p.withBars(Style.MAX_BARS).bars()).isEqualTo(Style.MAX_BARS);
        assertThatThrownBy(() -> p.withBars(0)).hasMessageContaining("bars 0");
        assertThatThrownBy(() -> p.withBars(Style.MAX_BARS + 1)).hasMessageContaining("bars " + (Style.MAX_BARS + 1));
        // each with- changes its own field only
        TrackParams q = p.withBaseNote(62).withScale(Scale.MINOR).withLength(12).withTempo(120).withChannel(3)
                .withProgram(5).withMeter(Meter.THREE_FOUR).withBars(2);
        assertThat(q).isEqualTo(new TrackParams(62, Scale.MINOR, 12, 120, 3, 5, p.kit(), p.style(), Meter.THREE_FOUR,
                2));
    }
}
