package org.hitlmidi.midi.porthost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.midi.JackDummyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JACK server killed (SIGKILL) and frozen (SIGSTOP/SIGCONT) while the device plays through its port host
 * ({@link ServerFaultScenario}, in a JVM of its own: the device). Every fault: the device's pid never changes, it
 * never loads libjack, playback resumes after the server's return (the median within 2 s, the goal; every resume
 * within {@code -Dhitl.resumeMaxMs}, 8 s by default: on a shared 2-core CI machine a respawned host's JVM start
 * has taken 2.1 to 3.9 s, so 8 s leaves a margin), and jack_midi_dump has no note left on once the player stops. CI: 10 kills and 5
 * freezes; {@code -Dhitl.long=true}: 50 and 20.
 */
class ServerFaultTest {
    @TempDir
    Path dir;

    @Test
    void theDeviceSurvivesKilledAndFrozenServersAndResumesWithin2s() throws Exception {
        org.hitlmidi.Required.jackd();
        org.junit.jupiter.api.Assumptions.assumeFalse(JackDummyServer.pipewire(), "kills or freezes the server: not the PipeWire harness's");
        boolean longRun = Boolean.getBoolean("hitl.long");
        int kills = longRun ? 50 : 10;
        int freezes = longRun ? 20 : 5;
        Path out = dir.resolve("scenario.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=" + dir.resolve("hs_err_device.log"), "-cp", System.getProperty("java.class.path"),
                ServerFaultScenario.class.getName(), Integer.toString(kills), Integer.toString(freezes), "13")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long pid = p.pid();
        boolean ended = p.waitFor(longRun ? 60 : 15, TimeUnit.MINUTES);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        String steps = log.lines().filter(l -> l.startsWith("ok") || l.startsWith("FAIL") || l.startsWith("RESULT")
                || l.startsWith("device pid")).reduce("", (a, b) -> a + b + "\n");
        System.out.println("server faults:\n" + steps);
        assertThat(ended).as("the device froze (no exit in time):%n%s", steps).isTrue();
        assertThat(Files.exists(dir.resolve("hs_err_device.log"))).as("the device JVM crashed").isFalse();
        assertThat(log).as("steps").doesNotContain("FAIL ");
        assertThat(p.exitValue()).as("exit of the device:%n%s", steps).isZero();
        assertThat(log).contains("device pid " + pid).contains("RESULT kills=" + kills + " freezes=" + freezes);
        // every resume within the bound, the median within 2 s of the server's return
        long max = Long.getLong("hitl.resumeMaxMs", 8000);
        java.util.List<Long> resumes = new java.util.ArrayList<>();
        log.lines().filter(l -> l.contains("playback resumed")).forEach(l -> {
            long ms = Long.parseLong(l.replaceAll(".*playback resumed (-?\\d+) ms.*", "$1"));
            assertThat(ms).as(l).isBetween(0L, max);
            resumes.add(ms);
        });
        // a fault whose reader had to be replaced (readerFaults in the RESULT line) has no resume measured
        assertThat(resumes).as("resumes measured").isNotEmpty();
        assertThat(log).contains("measured=" + resumes.size());
        java.util.Collections.sort(resumes);
        assertThat(resumes.get(resumes.size() / 2)).as("median resume, ms: %s", resumes).isLessThanOrEqualTo(2000L);
    }
}
