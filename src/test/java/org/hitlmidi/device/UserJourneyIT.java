package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.midi.RtMidiController;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device issue's "done when", as a Linux DAW user lives it, with the packaged jar and real parts only: a JACK
 * server (dummy driver) runs; `hitl-midi start --controller nanokontrol2` puts the device in the background;
 * `jack_lsp` shows hitl-midi:out and hitl-midi:in (what a DAW lists); FluidSynth, cabled to hitl-midi:out with
 * `jack_connect`, makes sound of the tracks; a knob and the PLAY button of the controller (python-rtmidi) rate a
 * track; `hitl-midi status` shows the rating learned from; `hitl-midi stop` stops it; the SQLite file holds it.
 */
class UserJourneyIT {
    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void toolsThere() {
        org.hitlmidi.Required.jackd();
        org.hitlmidi.Required.python();
        org.hitlmidi.Required.executable("/usr/bin/fluidsynth");
        org.hitlmidi.Required.file(SOUNDFONT);
    }

    private static final String SOUNDFONT = "/usr/share/sounds/sf2/TimGM6mb.sf2";

    private record Run(int code, String out) {
    }

    /** A command of a user's shell, on the test's JACK server. */
    private static Run run(JackDummyServer jack, List<String> argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(jack.environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(argv + " did not finish in 120 s: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    private Run hitl(JackDummyServer jack, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ExternalTools.repo().resolve("target").resolve("hitl-midi.jar").toString(),
                "--data-dir", dir.resolve("data").toString()));
        argv.addAll(List.of(args));
        return run(jack, argv);
    }

    private static String awaitPort(JackDummyServer jack, String fragment) throws Exception {
        String[] lsp = {""};
        String[] found = new String[1];
        if (org.hitlmidi.Await.within(java.time.Duration.ofSeconds(20), () -> {
            lsp[0] = run(jack, List.of("jack_lsp")).out();
            for (String l : lsp[0].split("\n")) {
                if (l.contains(fragment)) {
                    found[0] = l.strip();
                    return true;
                }
            }
            return false;
        })) {
            return found[0];
        }
        throw new AssertionError("no JACK port " + fragment + " in: " + lsp[0]);
    }

    @Test
    void startRateWithAKnobHearItStop() throws Exception {
        Path wav = dir.resolve("fluid.wav");
        try (JackDummyServer jack = JackDummyServer.start(48000, 256)) {
            ProcessBuilder fpb = new ProcessBuilder("fluidsynth", "-m", "jack", "-a", "file", "-o",
                    "audio.file.name=" + wav, "-o", "midi.jack.id=fluidmidi", SOUNDFONT).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("fluid-out.txt").toFile());
            fpb.environment().putAll(jack.environment());
            Process fluid = fpb.start(); // its shell on stdin keeps it running; "quit" ends it
            try {
                Run start = hitl(jack, "start", "--controller", "nanokontrol2");
                assertThat(start.code()).as(start.out()).isZero();
                String lsp = run(jack, List.of("jack_lsp")).out();
                assertThat(lsp).as("what a DAW lists").contains("hitl-midi:out", "hitl-midi:in");
                Run connect = run(jack, List.of("jack_connect", "hitl-midi:out", awaitPort(jack, "fluidmidi")));
                assertThat(connect.code()).as(connect.out()).isZero();

                try (RtMidiController knobs = RtMidiController.open(jack, "hitl-midi:in")) {
                    knobs.turn(1, 16, 0, 90, 10, 5);  // knob 1 to 90: rating 8
                    knobs.press(1, 41);               // PLAY: rate now
                }
                JsonNode status = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (System.nanoTime() < deadline) {
                    Run s = hitl(jack, "status", "--json");
                    assertThat(s.code()).as(s.out()).isZero();
                    status = new ObjectMapper().readTree(s.out());
                    if (status.path("ratings").asLong() >= 1) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertThat(status.path("ratings").asLong()).as("the knob's rating: %s", status).isEqualTo(1);
                assertThat(status.path("updates").asLong()).as("learned from").isEqualTo(1);
                assertThat(status.path("controller").path("name").asText()).isEqualTo("nanokontrol2");
                assertThat(status.path("port").path("state").asText()).isEqualTo("connected");
                Thread.sleep(2000); // the next track plays into FluidSynth
                Run stop = hitl(jack, "stop");
                assertThat(stop.code()).as(stop.out()).isZero();
                assertThat(hitl(jack, "status").code()).as("no device after stop").isEqualTo(3);
            } finally {
                try (var in = fluid.getOutputStream()) {
                    in.write("quit\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // it is gone already
                }
                if (!fluid.waitFor(10, TimeUnit.SECONDS)) {
                    fluid.destroy();
                }
            }
        }
        double rms = ExternalTools.soxRms(wav, 0, 600);
        assertThat(rms).as("FluidSynth's audio of the tracks").isGreaterThan(0.001);
        try (SqliteStore store = SqliteStore.openIn(dir.resolve("data"))) {
            Profile p = store.profile(Profile.DEFAULT).orElseThrow();
            List<RatingRecord> rs = store.ratings(p.id(), true);
            assertThat(rs).extracting(r -> r.rating().overall()).containsExactly(8);
            assertThat(rs).extracting(RatingRecord::source).containsExactly("cc");
        }
        System.out.printf("user journey: start, knob rating 8 stored (source cc) and learned, FluidSynth RMS %.4f, stop%n", rms);
    }
}
