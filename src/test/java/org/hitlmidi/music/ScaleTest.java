package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScaleTest {
    @Test
    void paperScalesOnC4() {
        assertThat(Scale.MAJOR.notesFrom(60)).containsExactly(60, 62, 64, 65, 67, 69, 71);
        assertThat(Scale.MINOR.notesFrom(60)).containsExactly(60, 62, 63, 65, 67, 68, 70);
        assertThat(Scale.DIMINISHED.notesFrom(60)).containsExactly(60, 62, 63, 65, 66, 68, 69, 71);
    }

    @Test
    void modesAreRotationsOfMajor() {
        int[] major = Scale.MAJOR.steps();
        Scale[] modes = {Scale.MAJOR, Scale.DORIAN, Scale.PHRYGIAN, Scale.LYDIAN, Scale.MIXOLYDIAN, Scale.MINOR,
                Scale.LOCRIAN};
        for (int r = 0; r < 7; r++) {
            int[] expect = new int[7];
            for (int i = 0; i < 7; i++) {
                expect[i] = Math.floorMod(major[(i + r) % 7] - major[r], 12);
            }
            assertThat(modes[r].steps()).as(modes[r].id()).containsExactly(expect);
        }
        assertThat(Scale.BLUES.steps()).containsExactly(0, 3, 5, 6, 7, 10);
        assertThat(Scale.MAJOR_PENTATONIC.steps()).containsExactly(0, 2, 4, 7, 9);
        assertThat(Scale.HARMONIC_MINOR.steps()).containsExactly(0, 2, 3, 5, 7, 8, 11);
    }

    @Test
    void parsesIdsAndAliases() {
        assertThat(Scale.parse("harmonic-minor")).isEqualTo(Scale.HARMONIC_MINOR);
        assertThat(Scale.parse("HARMONIC_MINOR")).isEqualTo(Scale.HARMONIC_MINOR);
        assertThat(Scale.parse("Aeolian")).isEqualTo(Scale.MINOR);
        assertThat(Scale.parse("ionian")).isEqualTo(Scale.MAJOR);
        assertThatThrownBy(() -> Scale.parse("lydiann")).hasMessageContaining("unknown scale 'lydiann'")
                .hasMessageContaining("mixolydian");
    }

    @Test
    void containsIsOctaveBlindAndClipsAtTheTop() {
        assertThat(Scale.MAJOR.contains(62, 61)).isTrue(); // C# in D major
        assertThat(Scale.MAJOR.contains(62, 60)).isFalse();
        assertThat(Scale.MAJOR.notesFrom(124)).containsExactly(124, 126);
    }
}
