package org.hitlmidi.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.learn.Aspect;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalRaterTest {
    @TempDir
    Path dir;

    private Path file() throws Exception {
        Track t = TrackGenerator.random(TrackParams.defaults(), new SplittableRandom(1));
        Path f = dir.resolve("t.mid");
        MidiFiles.write(t, MidiFiles.Voice.DEFAULT, f);
        return f;
    }

    private static Track track() {
        return TrackGenerator.random(TrackParams.defaults(), new SplittableRandom(1));
    }

    @Test
    void theSharedPythonListenerRatesOurFiles() throws Exception {
        String cmd = ExternalTools.PYTHON + " " + ExternalTools.sharedRaters().resolve("rater.py") + " "
                + ExternalTools.sharedRaters().resolve("stepwise-singer.json");
        try (ExternalRater r = new ExternalRater(cmd, Duration.ofSeconds(20))) {
            Rating a = r.rate(track(), file());
            assertThat(a.overall()).isBetween(1, 10);
            assertThat(a.aspect(Aspect.MUSICALITY)).isPresent();
            assertThat(a.aspect(Aspect.NOVELTY).getAsInt()).isGreaterThanOrEqualTo(8); // first hearing is new (10, give or take the listener's noise)
            Rating b = r.rate(track(), file());
            assertThat(b.aspect(Aspect.NOVELTY).getAsInt()).isLessThan(5); // the same file again is not
        }
    }

    private static String sh(String script) {
        return "/bin/sh -c '" + script + "'";
    }

    @Test
    void anErrorLineStopsWithTheRatersWords() throws Exception {
        try (ExternalRater r = new ExternalRater(sh("read l; echo error ValueError: bad file"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> r.rate(track(), file())).isInstanceOf(RaterException.class)
                    .hasMessageContaining("reported: error ValueError: bad file").hasMessageContaining("/bin/sh");
        }
    }

    @Test
    void aNonNumberIsRefused() throws Exception {
        try (ExternalRater r = new ExternalRater(sh("read l; echo great musicality=7"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> r.rate(track(), file())).hasMessageContaining("'great' is not a number 1..10");
        }
        try (ExternalRater r = new ExternalRater(sh("read l; echo 11"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> r.rate(track(), file())).hasMessageContaining("outside 1..10");
        }
    }

    @Test
    void aHangTimesOut() throws Exception {
        try (ExternalRater r = new ExternalRater(sh("read l; sleep 30"), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> r.rate(track(), file())).hasMessageContaining("no answer within 300 ms");
        }
    }

    @Test
    void aDeadRaterIsNamedWithItsExitCodeAndStderr() throws Exception {
        try (ExternalRater r = new ExternalRater(sh("echo profile missing >&2; exit 3"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> r.rate(track(), file())).isInstanceOf(RaterException.class)
                    .hasMessageContaining("exit code 3").hasMessageContaining("profile missing");
        }
        assertThatThrownBy(() -> new ExternalRater("/no/such/rater", Duration.ofSeconds(1)))
                .hasMessageContaining("cannot start rater '/no/such/rater'");
    }

    @Test
    void ratingLinesParse() throws Exception {
        assertThat(RatingLine.parse("x", "7 musicality=6 novelty=8 coherence=7 extra=3").toString())
                .isEqualTo("7 musicality=6 novelty=8 coherence=7");
        assertThat(RatingLine.parse("x", "6.6").overall()).isEqualTo(7);
        // a listener can rate parts too, as the device's rate does
        assertThat(RatingLine.parse("x", "5 drums=9 coherence=4 bass=2 guitar=3").toString())
                .isEqualTo("5 coherence=4 bass=2 drums=9");
        assertThatThrownBy(() -> RatingLine.parse("x", "5 bass=11")).hasMessageContaining("bass 11 is outside 1..10");
        assertThatThrownBy(() -> RatingLine.parse("x", "")).hasMessageContaining("empty line");
        assertThatThrownBy(() -> RatingLine.parse("x", "5 musicality")).hasMessageContaining("not name=value");
        assertThatThrownBy(() -> RatingLine.parse("x", "NaN")).hasMessageContaining("outside 1..10");
        assertThat(ExternalRater.split("/usr/bin/python3 'a b.py' \"c d\" e")).containsExactly("/usr/bin/python3", "a b.py",
                "c d", "e");
    }
}
