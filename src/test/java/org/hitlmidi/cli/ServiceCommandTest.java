package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hitl-midi service ...` as a user runs it: a separate JVM whose HOME, XDG_CONFIG_HOME and PATH point into a
 * temporary folder, so nothing touches the real home. systemctl on that PATH is a stand-in logging its
 * arguments (no user session bus here).
 */
class ServiceCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    @Test
    void installStatusUninstallInATemporaryHome() throws Exception {
        Path launcher = tmp.resolve("app/bin/hitl-midi");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/bin/sh\n");
        Path unit = tmp.resolve("cfg/systemd/user/hitl-midi.service");
        Path data = tmp.resolve("my data");

        Run dry = hitl("service", "install", "--dry-run", "--exec", launcher.toString(), "--data-dir", data.toString());
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would write " + unit, "ExecStart=" + launcher + " device --data-dir \"" + data
                + "\"", "would run " + tmp.resolve("bin/systemctl") + " --user restart hitl-midi.service");
        assertThat(unit).doesNotExist();

        Run install = hitl("service", "install", "--exec", launcher.toString(), "--data-dir", data.toString());
        assertThat(install.code()).as(install.err()).isZero();
        assertThat(Files.readString(unit)).contains("ExecStart=" + launcher + " device --data-dir \"" + data + "\"");
        assertThat(Files.readAllLines(tmp.resolve("calls"))).containsExactly("--user daemon-reload",
                "--user enable hitl-midi.service", "--user restart hitl-midi.service");

        Run status = hitl("service", "status", "--exec", launcher.toString(), "--data-dir", data.toString());
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("installed: " + unit, "up to date");

        Run show = hitl("service", "show", "--for", "launchd", "--exec", "/Applications/hitl-midi.app/Contents/MacOS/hitl-midi");
        assertThat(show.out()).contains("<string>/Applications/hitl-midi.app/Contents/MacOS/hitl-midi</string>",
                "<string>device</string>");

        Run uninstall = hitl("service", "uninstall");
        assertThat(uninstall.code()).isZero();
        assertThat(unit).doesNotExist();
        Run gone = hitl("service", "status", "--exec", launcher.toString());
        assertThat(gone.code()).isEqualTo(ServiceCommand.NOT_INSTALLED);
        assertThat(gone.out()).contains("not installed");

        Run bad = hitl("service", "install", "--for", "upstart", "--exec", launcher.toString());
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("use systemd or launchd");
    }

    private Run hitl(String... args) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        if (!Files.exists(systemctl)) {
            Files.writeString(systemctl, "#!/bin/sh\necho \"$*\" >> '" + tmp.resolve("calls") + "'\necho enabled\n");
            Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("cfg").toString());
        pb.environment().put("PATH", bin.toString());
        pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
    }
}
