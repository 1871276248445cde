package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Scale;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;

class ComposerTest {
    private final TrackParams p = TrackParams.defaults().withScale(Scale.DORIAN).withBaseNote(62);
    private final Composer c = new Composer(p);

    @Test
    void freshTracksFillTheirBarsInTheKeyAndDiffer() {
        SplittableRandom rng = new SplittableRandom(4);
        Set<List<Integer>> motifs = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Track t = c.fresh(rng);
            assertThat(t.melody().stream().mapToDouble(Note::duration).sum()).isEqualTo(p.bars() * 4.0);
            assertThat(t.melody()).allMatch(n -> p.scale().contains(p.baseNote(), n.pitch()));
            assertThat(t.tempo()).isEqualTo(p.tempo());
            motifs.add(t.melody().stream().map(Note::pitch).toList());
        }
        assertThat(motifs).hasSizeGreaterThan(180);
    }

    @Test
    void variationsKeepTheBarsAndTheKey() {
        SplittableRandom rng = new SplittableRandom(5);
        Track t = c.fresh(rng);
        for (int i = 0; i < 2000; i++) {
            t = c.vary(t, 1 + rng.nextInt(3), rng);
            assertThat(t.melody().stream().mapToDouble(Note::duration).sum()).isEqualTo(p.bars() * 4.0);
            assertThat(t.melody()).hasSizeGreaterThanOrEqualTo(4)
                    .allMatch(n -> p.scale().contains(p.baseNote(), n.pitch()));
        }
    }
}
