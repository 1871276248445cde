package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `start`, the session commands and `stop` against a real background device process (built-in synth port). */
class DeviceCliTest {
    @TempDir
    Path dir;

    private long pid = -1;

    record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        all[0] = "--data-dir";
        all[1] = dir.resolve("data").toString();
        all[2] = "--socket";
        all[3] = dir.resolve("control.sock").toString();
        System.arraycopy(args, 0, all, 4, args.length);
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @AfterEach
    void noDeviceLeftBehind() {
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void commandsWithoutADeviceSaySoWithTheHint() {
        Run s = cli("status");
        assertThat(s.code()).isEqualTo(3);
        assertThat(s.err()).contains("no device running").contains("hitl-midi start");
        for (String[] c : new String[][] {{"next"}, {"rate", "7"}, {"undo"}, {"params"}, {"panic"}}) {
            Run r = cli(c);
            assertThat(r.code()).as(String.join(" ", c)).isEqualTo(1);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("no device running").contains("hitl-midi start");
        }
        Run stop = cli("stop");
        assertThat(stop.code()).isZero();
        assertThat(stop.out()).contains("no device was running");
    }

    @Test
    void startRateUndoExportStatusAndStopABackgroundDevice() throws Exception {
        Run start = cli("start", "--backend", "synth", "--seed", "5", "--no-play");
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(start.out()).contains("device started").contains("synth").contains("control.sock");
        JsonNode st = new ObjectMapper().readTree(cli("status", "--json").out());
        pid = st.get("pid").asLong();
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.of(pid)).isPresent();
        assertThat(st.get("port").get("backend").asText()).isEqualTo("synth");

        Run again = cli("start", "--backend", "synth");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("already running").contains("pid " + pid);

        Run rate = cli("rate", "7", "--musicality", "6", "--coherence", "8");
        assertThat(rate.code()).as(rate.err()).isZero();
        assertThat(rate.out()).contains("stored rating").contains("7 musicality=6 coherence=8").contains("playing track");
        try (SqliteStore s = SqliteStore.open(dir.resolve("data").resolve(DataDirs.DB_FILE))) {
            var rs = s.ratings(s.profile("default").orElseThrow().id(), true);
            assertThat(rs).hasSize(1);
            assertThat(rs.get(0).source()).isEqualTo("cli");
            assertThat(rs.get(0).rating().overall()).isEqualTo(7);
        }
        Run bad = cli("rate", "11");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().lines().count()).isEqualTo(1);
        assertThat(bad.err()).contains("1..10");
        Run badParams = cli("params", "--tempo", "999");
        assertThat(badParams.code()).isEqualTo(2);
        assertThat(badParams.err()).contains("20..400");
        Run params = cli("params", "--scale", "dorian", "--tempo", "110", "--exploration", "0.2", "--loop");
        assertThat(params.code()).as(params.err()).isZero();
        assertThat(params.out()).contains("dorian").contains("110 BPM").contains("exploration 0.2").contains("loop on");
        // a composed track is its style's bars: said first; the paper's note count and kit only as theirs
        assertThat(params.out()).contains("style pop, 4 bars of 4/4 (paper learners: 8 notes, kit paper)");
        Run muted = cli("params", "--mute", "bass");
        assertThat(muted.out()).as(muted.err()).contains("muted bass");
        assertThat(cli("params", "--mute", "none").out()).doesNotContain("muted");

        assertThat(cli("next").out()).contains("playing track");
        assertThat(cli("replay").out()).contains("again");
        assertThat(cli("keep", "--note", "x").out()).contains("kept track");
        Path mid = Files.createDirectories(dir.resolve("exports")).resolve("one.mid");
        Run export = cli("export", mid.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(MidiFiles.read(mid).melody()).isNotEmpty();
        assertThat(cli("export", dir.resolve("x.wav").toString()).code()).isEqualTo(2);
        Run undo = cli("undo");
        assertThat(undo.code()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("undid rating");
        assertThat(cli("undo").code()).isEqualTo(1);
        assertThat(cli("panic").out()).contains("all notes off");

        Run status = cli("status");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("profile:  default").contains("0 ratings").contains("dorian");

        Run stop = cli("stop");
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("stopped the device (pid " + pid + ")");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dir.resolve("control.sock")).doesNotExist();
        assertThat(cli("status").code()).isEqualTo(3);
        String log = Files.readString(dir.resolve("data").resolve("logs").resolve("device.log"));
        assertThat(log).contains("device ready").contains("stopped");
    }

    @Test
    void aDeviceThatCannotStartIsReportedWithTheEndOfItsLog() throws Exception {
        Run r = cli("start", "--backend", "nosuchbackend");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("exited with code").contains("nosuchbackend");
        assertThat(dir.resolve("control.sock")).doesNotExist();
    }

    @Test
    void theForegroundDeviceStopsOnAClientStop() throws Exception {
        var cmd = new java.util.ArrayList<>(DeviceCommand.Start.launcher());
        cmd.removeIf(a -> a.endsWith("/setsid"));
        cmd.addAll(java.util.List.of("--data-dir", dir.resolve("data").toString(), "--socket",
                dir.resolve("control.sock").toString(), "device", "--backend", "synth", "--no-play"));
        Process dev = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("fg.out").toFile())
                .start();
        pid = dev.pid();
        try {
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(30), () -> !dev.isAlive() || cli("status").code() == 0);
            assertThat(cli("status").code()).as(Files.readString(dir.resolve("fg.out"))).isZero();
            assertThat(cli("stop").code()).isZero();
            assertThat(dev.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(dev.exitValue()).isZero();
            assertThat(Files.readString(dir.resolve("fg.out"))).contains("device running").contains("device ready");
        } finally {
            dev.destroyForcibly();
        }
    }

    @Test
    void theBareCommandStartsTheDeviceInTheBackground() throws Exception {
        Run r = cli();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("device started");
        pid = new ObjectMapper().readTree(cli("status", "--json").out()).get("pid").asLong();
        assertThat(cli("ports").out()).contains("synth").contains("device port: ");
        assertThat(cli("stop").code()).isZero();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void everyDeviceCommandHasHelp() {
        for (String c : new String[] {"device", "start", "stop", "status", "params", "play", "next", "replay", "rate",
            "undo", "keep", "export", "panic", "ports"}) {
            Run r = cli(c, "--help");
            assertThat(r.code()).as(c).isZero();
            assertThat(r.out()).as(c).contains("Usage:").contains(c);
        }
    }

    @Test
    void afterKillMinusNineTheNextStartTakesOverTheLockAndTheStaleSocketAndKeepsTheRatings() throws Exception {
        assertThat(cli("start", "--backend", "synth", "--no-play").code()).isZero();
        pid = new ObjectMapper().readTree(cli("status", "--json").out()).get("pid").asLong();
        assertThat(cli("rate", "9", "--no-next").code()).isZero();
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.destroyForcibly(); // SIGKILL: no shutdown hook, the socket file stays behind
        h.onExit().get(10, TimeUnit.SECONDS);
        assertThat(dir.resolve("control.sock")).exists();
        Run again = cli("start", "--backend", "synth", "--no-play");
        assertThat(again.code()).as(again.err()).isZero();
        JsonNode st = new ObjectMapper().readTree(cli("status", "--json").out());
        pid = st.get("pid").asLong();
        assertThat(pid).isNotEqualTo(h.pid());
        assertThat(st.get("ratings").asLong()).isEqualTo(1);
        assertThat(st.get("updates").asLong()).isEqualTo(1);
        assertThat(cli("stop").code()).isZero();
    }
}
