package org.hitlmidi.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.hitlmidi.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files in a temporary home. systemctl and launchctl are stand-in scripts that log their arguments:
 * there is no user session bus here, and no launchd at all (the one fake the rules allow: a native service
 * manager that cannot run on this machine). systemd's own verifier and Python's plistlib check the files.
 */
class UserServiceTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void systemdInstallWritesTheUnitUnderXdgConfigHomeEnablesAndStartsIt() throws Exception {
        Path bin = fakeTool("systemctl", 0, "enabled");
        UserEnv env = new UserEnv(tmp.resolve("home"), Optional.of(tmp.resolve("cfg")), List.of(bin));
        UserService s = new UserService(Platform.SYSTEMD, env, CommandRunner.processes());
        List<String> cmd = List.of(launcher("hitl-midi").toString(), "device");

        assertThat(s.execute(s.install(cmd, true), false, pw(out), pw(err))).as(err.toString()).isTrue();

        Path unit = tmp.resolve("cfg/systemd/user/hitl-midi.service");
        assertThat(s.file()).isEqualTo(unit);
        String text = Files.readString(unit);
        assertThat(text).contains("ExecStart=" + cmd.get(0) + " device\n", "Restart=on-failure\n",
                "WantedBy=default.target\n");
        assertThat(calls("systemctl")).containsExactly("--user daemon-reload", "--user enable hitl-midi.service",
                "--user restart hitl-midi.service");
        assertThat(tmp.resolve("home/.config")).doesNotExist();

        assertThat(s.status(cmd)).containsExactly("installed: " + unit, "up to date with this hitl-midi",
                "enabled: enabled", "active: enabled");
        assertThat(s.status(List.of("/elsewhere/hitl-midi", "device"))).contains(
                "differs from what `hitl-midi service install` would write now (run it again to update)");

        assertThat(s.execute(s.uninstall(), false, pw(out), pw(err))).isTrue();
        assertThat(unit).doesNotExist();
        assertThat(calls("systemctl")).endsWith("--user disable --now hitl-midi.service", "--user daemon-reload");
        assertThat(s.status(cmd)).containsExactly("not installed (no " + unit + ")");
    }

    @Test
    void withoutXdgConfigHomeTheUnitGoesToDotConfig() {
        UserEnv env = UserEnv.of(java.util.Map.of("HOME", tmp.toString(), "XDG_CONFIG_HOME", "relative/is/ignored"),
                "/nowhere");
        assertThat(new UserService(Platform.SYSTEMD, env, CommandRunner.processes()).file())
                .isEqualTo(tmp.resolve(".config/systemd/user/hitl-midi.service"));
        assertThat(new UserService(Platform.LAUNCHD, env, CommandRunner.processes()).file())
                .isEqualTo(tmp.resolve("Library/LaunchAgents/org.hitlmidi.device.plist"));
    }

    @Test
    void aDryRunPrintsTheFileAndTheCommandsAndChangesNothing() throws Exception {
        Path bin = fakeTool("systemctl", 0, "");
        UserEnv env = new UserEnv(tmp.resolve("home"), Optional.empty(), List.of(bin));
        UserService s = new UserService(Platform.SYSTEMD, env, CommandRunner.processes());
        assertThat(s.execute(s.install(List.of("/opt/x/hitl-midi", "device"), true), true, pw(out), pw(err))).isTrue();
        assertThat(out.toString()).contains("would write " + s.file() + ":\n", "ExecStart=/opt/x/hitl-midi device",
                "would run " + bin.resolve("systemctl") + " --user enable hitl-midi.service");
        assertThat(tmp.resolve("home")).doesNotExist();
        assertThat(tmp.resolve("systemctl.calls")).doesNotExist();
    }

    @Test
    void withoutSystemctlOnThePathOnlyTheFileIsWritten() throws Exception {
        UserEnv env = new UserEnv(tmp.resolve("home"), Optional.empty(), List.of(Files.createDirectories(tmp.resolve("empty"))));
        UserService s = new UserService(Platform.SYSTEMD, env, CommandRunner.processes());
        assertThat(s.execute(s.install(List.of("/opt/x/hitl-midi", "device"), true), false, pw(out), pw(err))).isTrue();
        assertThat(s.file()).exists();
        assertThat(out.toString()).contains("systemctl is not on the PATH");
    }

    @Test
    void aFailingSystemctlIsReportedAndTheFileStays() throws Exception {
        Path bin = fakeTool("systemctl", 1, "Failed to connect to bus: No medium found");
        UserEnv env = new UserEnv(tmp.resolve("home"), Optional.empty(), List.of(bin));
        UserService s = new UserService(Platform.SYSTEMD, env, CommandRunner.processes());
        assertThat(s.execute(s.install(List.of("/opt/x/hitl-midi", "device"), true), false, pw(out), pw(err))).isFalse();
        assertThat(err.toString()).contains("--user daemon-reload' failed (exit 1): Failed to connect to bus");
        assertThat(s.file()).exists();
        assertThat(calls("systemctl")).containsExactly("--user daemon-reload");
        // uninstalling while the bus is down still removes the file: disabling what cannot be reached is no error
        assertThat(s.execute(s.uninstall(), false, pw(out), pw(err))).isTrue();
        assertThat(s.file()).doesNotExist();
    }

    @Test
    void systemdItselfAcceptsTheUnitEvenWithSpacesAndPercentSignsInPaths() throws Exception {
        Path exe = launcher("My Apps/hitl%midi $1");
        Path unitDir = Files.createDirectories(tmp.resolve("units"));
        Path unit = unitDir.resolve("hitl-midi.service");
        Files.writeString(unit, ServiceFiles.systemdUnit(List.of(exe.toString(), "device", "--data-dir", "/a b/$HOME/c")));
        ExternalTools.Result ok = ExternalTools.run(List.of("systemd-analyze", "verify", unit.toString()), 60);
        assertThat(ok.code()).as(ok.err()).isZero();
        // the verifier does check: a unit naming a launcher that is not there fails
        Files.writeString(unit, ServiceFiles.systemdUnit(List.of(tmp.resolve("gone").toString(), "device")));
        ExternalTools.Result bad = ExternalTools.run(List.of("systemd-analyze", "verify", unit.toString()), 60);
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("is not executable");
    }

    @Test
    void launchdInstallWritesAnAgentThatPlistlibReadsBackAndLoadsIt() throws Exception {
        Path bin = fakeTool("launchctl", 0, "");
        UserEnv env = new UserEnv(tmp.resolve("home"), Optional.empty(), List.of(bin));
        UserService s = new UserService(Platform.LAUNCHD, env, CommandRunner.processes());
        List<String> cmd = List.of("/Applications/hitl-midi.app/Contents/MacOS/hitl-midi", "device", "--data-dir",
                "/Users/a & b/<data>");
        assertThat(s.execute(s.install(cmd, true), false, pw(out), pw(err))).as(err.toString()).isTrue();
        Path plist = tmp.resolve("home/Library/LaunchAgents/org.hitlmidi.device.plist");
        assertThat(plist).exists();
        String py = "import plistlib,sys,json; d=plistlib.load(open(sys.argv[1],'rb')); print(json.dumps(d, sort_keys=True))";
        String json = ExternalTools.check(List.of(ExternalTools.PYTHON, "-c", py, plist.toString())).strip();
        var d = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(d.get("Label").asText()).isEqualTo("org.hitlmidi.device");
        assertThat(d.get("ProgramArguments").toString()).isEqualTo(
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(cmd));
        assertThat(d.get("RunAtLoad").asBoolean()).isTrue();
        assertThat(d.get("KeepAlive").get("SuccessfulExit").asBoolean()).isFalse();
        assertThat(d.get("StandardErrorPath").asText()).isEqualTo(tmp.resolve("home/Library/Logs/hitl-midi.log").toString());
        assertThat(calls("launchctl")).containsExactly("unload " + plist, "load -w " + plist);

        assertThat(s.execute(s.uninstall(), false, pw(out), pw(err))).isTrue();
        assertThat(plist).doesNotExist();
        assertThat(calls("launchctl")).endsWith("unload -w " + plist);
    }

    @Test
    void theDeviceCommandComesFromTheLauncherThatRanUs() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("java.home", "/jdk");
        Optional<Path> jar = Optional.of(Path.of("/opt/app/hitl-midi.jar"));
        assertThat(Launcher.deviceCommand(Optional.empty(), props, jar, Optional.empty()))
                .containsExactly("/jdk/bin/java", "-Xmx" + org.hitlmidi.service.DeviceJvm.XMX, "-XX:+UseSerialGC", "-XX:-UsePerfData", "-jar",
                        "/opt/app/hitl-midi.jar", "device");
        props.setProperty(Launcher.DEV_LAUNCHER, "/src/hitl-midi/installer/hitl-midi");
        assertThat(Launcher.deviceCommand(Optional.empty(), props, jar, Optional.of(Path.of("/d"))))
                .containsExactly("/src/hitl-midi/installer/hitl-midi", "device", "--data-dir", "/d");
        props.setProperty(Launcher.JPACKAGE_APP_PATH, "/usr/bin/hitl-midi");
        assertThat(Launcher.deviceCommand(Optional.empty(), props, jar, Optional.empty()))
                .containsExactly("/usr/bin/hitl-midi", "device");
        assertThat(Launcher.deviceCommand(Optional.of(Path.of("/x/hm")), props, jar, Optional.empty()))
                .containsExactly("/x/hm", "device");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Launcher.deviceCommand(Optional.empty(),
                new java.util.Properties(), Optional.empty(), Optional.empty())).hasMessageContaining("--exec");
    }

    @Test
    void windowsHasNoServiceManagerAndSaysWhatToDoInstead() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Platform.of("Windows 11"))
                .hasMessageContaining("shell:startup");
        assertThat(Platform.of("Mac OS X")).isEqualTo(Platform.LAUNCHD);
        assertThat(Platform.of("Linux")).isEqualTo(Platform.SYSTEMD);
    }

    /** A stand-in that appends its arguments to NAME.calls and answers {@code reply} with {@code code}. */
    private Path fakeTool(String name, int code, String reply) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\necho \"$*\" >> '" + tmp.resolve(name + ".calls") + "'\n"
                + (reply.isEmpty() ? "" : "echo '" + reply + "'\n") + "exit " + code + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private Path launcher(String rel) throws Exception {
        Path f = tmp.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    private List<String> calls(String name) throws Exception {
        return Files.readAllLines(tmp.resolve(name + ".calls"));
    }

    private static PrintWriter pw(StringWriter w) {
        return new PrintWriter(w, true);
    }
}
