package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;

class RelativeEncoderTest {
    private static final TrackParams C = TrackParams.defaults();
    private final Track t = track(60, 62, 64, 61, 55);

    private static Track track(int... pitches) {
        List<Note> m = new ArrayList<>();
        for (int p : pitches) {
            m.add(new Note(p, 0.5));
        }
        return new Track(m, List.of(new DrumHit(0, 38, 80), new DrumHit(1, 38, 80)), 90);
    }

    private static Track transposed(Track t, int by) {
        List<Note> m = new ArrayList<>();
        t.melody().forEach(n -> m.add(n.withPitch(n.pitch() + by)));
        return t.withMelody(m);
    }

    @Test
    void degreesAreRelativeToTheBaseNote() {
        RelativeEncoder e = new RelativeEncoder(Set.of(RelativeEncoder.Part.DEGREES), C);
        assertThat(e.encode(t)).isEqualTo("d:1o0 2o0 3o0 1+o0 5o-1 ;");
        RelativeEncoder inF = new RelativeEncoder(Set.of(RelativeEncoder.Part.DEGREES), C.withBaseNote(65));
        assertThat(inF.encode(transposed(t, 5))).isEqualTo(e.encode(t));
    }

    @Test
    void everyPartIsTranspositionInvariant() {
        RelativeEncoder c = new RelativeEncoder(EnumSet.allOf(RelativeEncoder.Part.class), C);
        RelativeEncoder d = new RelativeEncoder(EnumSet.allOf(RelativeEncoder.Part.class), C.withBaseNote(62));
        assertThat(d.encode(transposed(t, 2))).isEqualTo(c.encode(t));
        assertThat(c.encode(transposed(t, 2))).isNotEqualTo(c.encode(t)); // the base note matters for degrees
    }

    @Test
    void contourAndIntervalsAbstractFromPitches() {
        RelativeEncoder contour = new RelativeEncoder(Set.of(RelativeEncoder.Part.CONTOUR), C);
        RelativeEncoder intervals = new RelativeEncoder(Set.of(RelativeEncoder.Part.INTERVALS), C);
        assertThat(contour.encode(t)).isEqualTo("c:uudd;");
        assertThat(intervals.encode(t)).isEqualTo("i:SSkk;"); // +2 +2 -3 -6: step, step, skip down, skip down
        assertThat(intervals.encode(track(60, 60, 72))).isEqualTo("i:=L;");
        // two different melodies with one contour share a state
        assertThat(contour.encode(track(60, 67, 72, 64, 62))).isEqualTo(contour.encode(t));
    }

    @Test
    void theSummaryStateIsSharedByManyTracks() {
        RelativeEncoder s = new RelativeEncoder(Set.of(RelativeEncoder.Part.SUMMARY), C);
        // same shares of interval classes, range class, ending and note lengths, different notes
        assertThat(s.encode(track(60, 62, 64, 65, 60))).isEqualTo(s.encode(track(60, 59, 57, 55, 60)));
        assertThat(s.encode(track(60, 62, 64, 65, 60))).isNotEqualTo(s.encode(track(60, 62, 64, 65, 67)));
    }

    @Test
    void anEmptyPartListIsRefused() {
        assertThatThrownBy(() -> new RelativeEncoder(Set.of(), C)).hasMessageContaining("at least one part");
        assertThatThrownBy(() -> RelativeEncoder.Part.parse("melody")).hasMessageContaining("known: degrees");
    }
}
