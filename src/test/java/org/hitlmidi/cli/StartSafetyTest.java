package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.SocketPaths;
import org.hitlmidi.store.DataDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hitl-midi start` as a user runs it (a JVM of its own, with an XDG_RUNTIME_DIR of the test's), not the device in
 * this JVM: the launch path is what lost the folder's protection.
 */
class StartSafetyTest {
    @TempDir
    Path dir;

    private String run(Path xdg, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--data-dir", dir.resolve("data").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XDG_RUNTIME_DIR", xdg.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Break 3 of issue 16: under `start`, an existing $XDG_RUNTIME_DIR/hitl-midi left 0777 stayed so. */
    @Test
    @Timeout(180)
    void startMakesTheDefaultSocketFoldersPrivateEvenWhenTheyExistOpen() throws Exception {
        Path xdg = Files.createDirectories(dir.resolve("xdg"));
        Path socket = SocketPaths.socket(Optional.empty(), Map.of("XDG_RUNTIME_DIR", xdg.toString()),
                dir.resolve("data"), DataDirs.dataDir(Optional.empty()));
        List<Path> folders = List.of(xdg.resolve("hitl-midi"), socket.getParent());
        for (Path f : folders) {
            Files.createDirectories(f);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        try {
            assertThat(run(xdg, "start", "--backend", "synth", "--no-play")).contains("device started");
            assertThat(socket).exists();
            for (Path f : folders) {
                assertThat(mode(f)).as(xdg.relativize(f).toString()).isEqualTo("rwx------");
            }
            assertThat(mode(socket)).isEqualTo("rw-------");
        } finally {
            run(xdg, "stop");
        }
    }
}
