package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PitchesTest {
    @Test
    void namesAndNumbers() {
        assertThat(Pitches.parse("C4")).isEqualTo(60);
        assertThat(Pitches.parse("A4")).isEqualTo(69);
        assertThat(Pitches.parse("F#3")).isEqualTo(54);
        assertThat(Pitches.parse("Bb2")).isEqualTo(46);
        assertThat(Pitches.parse("c#-1")).isEqualTo(1);
        assertThat(Pitches.parse("B#3")).isEqualTo(60);
        assertThat(Pitches.parse("Cb4")).isEqualTo(59);
        assertThat(Pitches.parse("G9")).isEqualTo(127);
        assertThat(Pitches.parse("72")).isEqualTo(72);
        assertThat(Pitches.name(60)).isEqualTo("C4");
        assertThat(Pitches.name(61)).isEqualTo("C#4");
        assertThat(Pitches.name(0)).isEqualTo("C-1");
        for (int m = 0; m <= 127; m++) {
            assertThat(Pitches.parse(Pitches.name(m))).isEqualTo(m);
        }
    }

    @Test
    void badNamesSayWhatIsAllowed() {
        assertThatThrownBy(() -> Pitches.parse("H4")).hasMessageContaining("unknown note 'H4'").hasMessageContaining("C4");
        assertThatThrownBy(() -> Pitches.parse("G#9")).hasMessageContaining("outside the MIDI range");
        assertThatThrownBy(() -> Pitches.parse("128")).hasMessageContaining("outside the MIDI range");
        assertThatThrownBy(() -> Pitches.parse("")).hasMessageContaining("unknown note");
    }
}
