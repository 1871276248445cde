package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hitlmidi.JvmRuns.jarredClassPath;
import static org.hitlmidi.JvmRuns.java;
import static org.hitlmidi.JvmRuns.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.hitlmidi.device.DeviceRunner;
import org.hitlmidi.device.PortOutputs;
import org.hitlmidi.store.Profile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI quick path's static class-data archive (issue 13, start-up), built as installer/hitl-midi builds it: the
 * training run (cli.ClientTraining, no device needed) lists its classes and copies the JDK's list, -Xshare:dump writes
 * the archive, and a real quick command against a real device then takes every class it loads from that archive:
 * none from the jar (whose 8,000 entries it would otherwise open) and none from the JDK's module image.
 */
class ClientArchiveTest {
    @TempDir
    Path dir;

    private DeviceRunner device;

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    @Test
    void aQuickCommandTakesEveryClassFromTheArchiveOfTheTrainingRun() throws Exception {
        String cp = jarredClassPath(dir);
        Path classes = dir.resolve("train.classes");
        Path jdk = dir.resolve("train.jdk");
        Path list = dir.resolve("train.list");
        Path jsa = dir.resolve("cli.jsa");
        List<String> flags = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");
        List<String> train = new ArrayList<>(List.of(java(), "-XX:DumpLoadedClassList=" + classes));
        train.addAll(flags);
        train.addAll(List.of("-Xlog:disable", "-cp", cp, ClientTraining.class.getName(), jdk.toString()));
        run(train); // no device runs: the training brings its own
        assertThat(Files.readAllLines(classes)).as("the training run's classes")
                .contains("org/hitlmidi/cli/QuickClient", "org/hitlmidi/cli/QuickClient$Json", "org/hitlmidi/cli/Main");
        Files.write(list, (Iterable<String>) java.util.stream.Stream.concat(Files.readAllLines(jdk).stream(),
                Files.readAllLines(classes).stream())::iterator);
        run(List.of(java(), "-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + jsa,
                "-XX:+UseSerialGC", "-Xlog:disable", "-cp", cp));

        Path data = dir.resolve("data");
        Path socket = dir.resolve("c.sock");
        device = DeviceRunner.start(new DeviceRunner.Options(data, socket, false, Profile.DEFAULT, "synth",
                Optional.empty(), OptionalLong.of(5), false, null), PortOutputs::open);
        device.device().runCommandLines(QuickClient.inDevice());
        Path loaded = dir.resolve("loaded.txt");
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(flags);
        // -Xshare:on: no run without the archive
        cmd.addAll(List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:on", "-Xlog:disable",
                "-Xlog:class+load:file=" + loaded, "-cp", cp, Main.class.getName(), "--data-dir", data.toString(),
                "--socket", socket.toString(), "status"));
        String out = run(cmd);
        StringWriter longOut = new StringWriter();
        int code = Main.run(new String[] {"--data-dir", data.toString(), "--socket", socket.toString(), "status"},
                new PrintWriter(longOut, true), new PrintWriter(new StringWriter(), true));
        assertThat(code).isZero();
        assertThat(out).as("the status as the long way prints it").isEqualTo(longOut.toString());
        List<String> lines = Files.readAllLines(loaded);
        assertThat(lines.stream().filter(l -> l.contains(" org.hitlmidi.cli.QuickClient ")).toList())
                .as("the quick path's class").singleElement().asString().contains("shared objects file");
        // the JDK's JFR event classes are never archived; a LambdaForm spun at run time has no file
        assertThat(lines.stream().filter(l -> l.contains(" source: ") && !l.contains("source: shared objects file")
                && !l.contains(" jdk.internal.event.") && !l.contains("__JVM_LookupDefineClass__")).toList())
                .as("classes the quick command loaded from elsewhere than the archive").isEmpty();
    }

    @Test
    void theLauncherBuildsTheArchiveFromTheTrainingRun() throws Exception {
        String launcher = Files.readString(Path.of("").toAbsolutePath().resolve("installer/hitl-midi"));
        assertThat(launcher).contains("org.hitlmidi.cli.ClientTraining", "-XX:DumpLoadedClassList=", "-Xshare:dump",
                "-XX:SharedClassListFile=", "hitl-midi-cli.jsa");
    }
}
