package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.SocketPaths;
import org.hitlmidi.device.DeviceRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `hitl-midi device` without picocli (start-up, issue 13): the fast path reads a device command line into exactly the
 * options picocli reads from it, leaves every other command line to picocli, and a device it starts loads no picocli
 * class until it is up (then it builds the CLI's next command tree ahead).
 */
class DeviceFastPathTest {
    @TempDir
    Path dir;

    private static String[] line(String s) {
        return s.split(" ");
    }

    /** What picocli reads: the device's runner options and --quiet. */
    private static String picocli(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        CommandLine.ParseResult pr = cl.parseArgs(args);
        DeviceCommand d = (DeviceCommand) pr.subcommand().commandSpec().userObject();
        return describe(DeviceCommand.runnerOptions(d.main, d.options, null), d.quiet, d.main.debug);
    }

    private static String fast(String[] args) {
        DeviceFastPath.Parsed p = DeviceFastPath.parse(args).orElseThrow();
        return describe(DeviceCommand.runnerOptions(p.main(), p.options(), null), p.quiet(), p.main().debug);
    }

    private static String describe(DeviceRunner.Options o, boolean quiet, boolean debug) {
        return o + " quiet=" + quiet + " debug=" + debug;
    }

    @Test
    void readsWhatPicocliReads() {
        String d = dir.toString();
        for (String s : List.of(
                "device",
                "--data-dir " + d + "/a --socket " + d + "/s.sock device --backend jack",
                "--data-dir=" + d + "/a device --backend=synth --profile p1 --no-play --seed 42 --quiet",
                "device --jack-server other --clock send --controller nanokontrol2 --data-dir " + d + "/b",
                "--debug device --socket " + d + "/t.sock --seed 7",
                "device --backend device:Some_Synth --profile default")) {
            String[] args = line(s);
            assertThat(DeviceFastPath.parse(args)).as(s).isPresent();
            assertThat(fast(args)).as(s).isEqualTo(picocli(args));
        }
    }

    @Test
    void leavesEveryOtherCommandLineToPicocli() {
        for (String s : List.of("--help", "device --help", "device -h", "device -V", "device --seed x",
                "device --backend", "device --backend --profile", "device --no-play=true", "--version",
                "device --backend jack --backend alsa", "status", "start --backend synth", "--backend jack device",
                "device extra", "device device", "device --wait 3", "device --seed=", "panel")) {
            assertThat(DeviceFastPath.parse(line(s))).as(s).isEmpty();
        }
    }

    @Test
    void aDeviceStartedThisWayLoadsNoPicocliClassToStart() throws Exception {
        Path classes = dir.resolve("classes.txt");
        Path socket = dir.resolve("control.sock");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(org.hitlmidi.service.DeviceJvm.options()); // as `start` runs it, with what the jar's manifest adds
        cmd.addAll(List.of("--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED",
                "-Xlog:class+load:file=" + classes, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--data-dir", dir.resolve("data").toString(), "--socket", socket.toString(), "device", "--backend",
                "synth", "--no-play", "--quiet"));
        Process dev = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        try {
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(60),
                    () -> !dev.isAlive() || SocketPaths.answers(socket) && Files.readString(dir.resolve("out.txt"))
                            .contains("device running"));
            String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
            assertThat(out).as("the device's output").contains("hitl-midi device running");
            List<String> loaded = Files.readAllLines(classes);
            assertThat(loaded).as("classes loaded").hasSizeGreaterThan(500);
            // once up, the device builds the tree of the next `cli` command line ahead (TreesAhead): picocli's
            // classes come after that class, never during the start
            int up = loaded.stream().filter(l -> l.contains(" " + TreesAhead.class.getName() + " ")).findFirst()
                    .map(loaded::indexOf).orElse(loaded.size());
            assertThat(loaded.subList(0, up).stream().filter(l -> l.contains(" picocli.")).toList())
                    .as("picocli classes loaded by the device before it was up").isEmpty();
            assertThat(Main.run(new String[] {"--socket", socket.toString(), "stop"},
                    new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true))).isZero();
            assertThat(dev.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(dev.exitValue()).isZero();
        } finally {
            dev.destroyForcibly();
        }
    }
}
