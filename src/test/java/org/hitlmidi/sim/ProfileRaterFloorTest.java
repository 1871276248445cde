package org.hitlmidi.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;

/** Our own listener profiles share the human floor of ../shared/raters/rater.py: fragments and one motif bore. */
class ProfileRaterFloorTest {
    /** A listener who likes anything (tonality within a huge tolerance), with no noise. */
    private static ProfileRater rater() {
        String json = "{\"name\":\"anything\",\"noise\":0,\"likes\":{\"tonality\":{\"target\":1,\"tolerance\":1000,\"weight\":1}}}";
        return new ProfileRater(org.hitlmidi.preset.Configs.bind(Presets.parse("anything.json",
                json.getBytes(StandardCharsets.UTF_8)), RaterConfig.KIND), 1);
    }

    private static Track line(int start, int... steps) {
        List<Note> m = new ArrayList<>();
        int p = start;
        m.add(new Note(p, 1));
        for (int s : steps) {
            p += s;
            m.add(new Note(p, 1));
        }
        return new Track(m, List.of(), 100);
    }

    @Test
    void aFragmentIsRatedDownInProportion() {
        ProfileRater r = rater();
        assertThat(r.rate(line(60, 2, 2, 1, 2, 2, 2, 1), null).overall()).isEqualTo(10);
        // two notes over two beats: half the notes and half the beats the floor asks for: 1 + 9 x 0.25
        assertThat(r.rate(line(60, 2), null).overall()).isEqualTo(3);
    }

    @Test
    void theSameMotifAgainBores() {
        ProfileRater r = rater();
        assertThat(r.rate(line(60, 2, 2, 1, 2), null).overall()).isEqualTo(10);
        // the same intervals from another note: a new file, the same motif: 1 + 9 x 0.7
        assertThat(r.rate(line(62, 2, 2, 1, 2), null).overall()).isEqualTo(7);
        assertThat(r.rate(line(62, 1, 2, 2, 1), null).overall()).isEqualTo(10);
    }
}
