package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalLong;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user against a real device: a real second uid ({@code nobody}, through setpriv) runs Python's socket
 * module against the control socket. Needs root to switch users (CI runs as root); skipped otherwise.
 */
class AccessTest {
    /** Connects, sends a rating, prints what happened: "connect-error ERRNO", or the reply line and whether it closed. */
    private static final String CLIENT = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX)",
            "try:",
            "    s.connect(sys.argv[1])",
            "except OSError as e:",
            "    print('connect-error', e.errno); sys.exit(0)",
            "s.settimeout(20)",
            "try:",
            "    s.sendall(b'{\"cmd\":\"rate\",\"overall\":10}\\n')",
            "except OSError as e:",
            "    pass",
            "data = b''",
            "while True:",
            "    try:",
            "        c = s.recv(4096)",
            "    except OSError as e:",
            "        break",
            "    if not c:",
            "        break",
            "    data += c",
            "print('reply', data.decode('utf-8', 'replace').strip())",
            "print('closed')");

    @TempDir
    Path dir;

    private static void assumeSecondUser() {
        org.hitlmidi.Required.root("switching to another uid");
        org.hitlmidi.Required.executable("/usr/bin/setpriv");
        org.hitlmidi.Required.python();
    }

    private static String asNobody(Path socket) throws Exception {
        return ExternalTools.check(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                ExternalTools.PYTHON, "-c", CLIENT, socket.toString()));
    }

    private DeviceRunner start(Path socket, boolean defaultSocket) throws Exception {
        return DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), socket, defaultSocket, "default", "synth",
                java.util.Optional.empty(), OptionalLong.of(1), false, null), PortOutputs::open);
    }

    private long storedRatings() {
        try (SqliteStore s = SqliteStore.open(dir.resolve("data").resolve(DataDirs.DB_FILE))) {
            return s.ratings(s.profile("default").orElseThrow().id(), true).size();
        }
    }

    @Test
    void anotherUserCannotReachTheDefaultSocket() throws Exception {
        assumeSecondUser();
        // the tempdir is 0700 like any user's home; the test opens it to others so that only the socket's own
        // folder (0700) and mode (0600) stand in the way
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path socket = dir.resolve("run").resolve("control.sock");
        try (DeviceRunner d = start(socket, true)) {
            String out = asNobody(socket);
            assertThat(out).as("nobody's attempt").startsWith("connect-error 13"); // EACCES
            // the folder alone refuses; the socket's own mode refuses too when the folder is opened up
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
            assertThat(asNobody(socket)).as("nobody, through an opened folder").startsWith("connect-error 13");
            try (ControlClient c = ControlClient.connect(socket)) {
                assertThat(c.call("status").path("ratings").asLong()).isZero();
            }
        }
        assertThat(storedRatings()).isZero();
    }

    @Test
    void aSocketLeftOpenByItsModesStillRefusesAnotherUser() throws Exception {
        assumeSecondUser();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path open = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwx--x--x"));
        Path socket = open.resolve("control.sock");
        try (DeviceRunner d = start(socket, false)) {
            // what a user's mistake would do: a --socket with a mode anyone may connect through
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            String out = asNobody(socket);
            assertThat(out).as("the kernel lets nobody connect; the device must not serve them")
                    .doesNotContain("connect-error").contains("serves only its user").contains("closed")
                    .doesNotContain("\"ok\":true");
            try (ControlClient c = ControlClient.connect(socket)) {
                assertThat(c.call("status").path("ratings").asLong()).isZero();
            }
            assertThat(Files.readString(d.logFile())).contains("refused a connection from user 'nobody'");
        }
        assertThat(storedRatings()).as("nobody's rating").isZero();
    }

    /** A server run as nobody: says "ready", then prints how many bytes a client sent it before hanging up. */
    private static final String FAKE_SERVER = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX)",
            "s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o666); s.listen(1)",
            "print('ready', flush=True)",
            "c, _ = s.accept(); c.settimeout(20)",
            "try:",
            "    c.sendall(b'{\"ok\":true,\"ratingId\":4242}\\n')",
            "except OSError:",  // our client may have hung up already (it checks who answers at once)
            "    pass",
            "got = b''",
            "while True:",
            "    try:",
            "        d = c.recv(4096)",
            "    except OSError:",
            "        break",
            "    if not d:",
            "        break",
            "    got += d",
            "print('received', len(got), flush=True)");

    /**
     * Break 3 of issue 16: another user replaced the socket with a fake server that answered "stored rating 4242". Our
     * client asks the kernel who answers (SO_PEERCRED) and sends nothing to another user.
     */
    @Test
    void ourClientSendsNothingToAServerOfAnotherUser() throws Exception {
        assumeSecondUser();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path socket = open.resolve("control.sock");
        Process fake = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                ExternalTools.PYTHON, "-c", FAKE_SERVER, socket.toString()).redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(fake.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ControlClient.connect(socket).call("rate",
                            org.hitlmidi.control.Protocol.nodes().objectNode().put("overall", 9)))
                    .isInstanceOf(ControlClient.ForeignPeerException.class)
                    .hasMessageContaining("runs as user 'nobody'").hasMessageContaining("nothing was sent");
            assertThat(out.readLine()).as("what the fake server got").isEqualTo("received 0");
        } finally {
            fake.destroyForcibly();
        }
    }

    /** As {@link #FAKE_SERVER}, for every connection until it is killed: "received N" as each one ends. */
    private static final String FAKE_SERVERS = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX)",
            "s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o666); s.listen(4)",
            "print('ready', flush=True)",
            "while True:",
            "    c, _ = s.accept(); c.settimeout(20)",
            "    try:",
            "        c.sendall(b'{\"ok\":true,\"code\":0,\"out\":\"stored rating 4242\\\\n\",\"err\":\"\"}\\n')",
            "    except OSError:",
            "        pass",
            "    got = b''",
            "    while True:",
            "        try:",
            "            d = c.recv(4096)",
            "        except OSError:",
            "            break",
            "        if not d:",
            "            break",
            "        got += d",
            "    c.close()",
            "    print('received', len(got), flush=True)");

    /**
     * A fake server of another user against the CLI as a user runs it: its quick path (a session command sent whole
     * to the device, cli.QuickClient, issue 13) asks who answers before it sends anything, and then goes the long way,
     * which asks again and refuses with the message.
     */
    @Test
    void theCliQuickPathSendsNothingToAServerOfAnotherUser() throws Exception {
        assumeSecondUser();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path socket = open.resolve("control.sock");
        Process fake = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                ExternalTools.PYTHON, "-c", FAKE_SERVERS, socket.toString()).redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(fake.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("ready");
            Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.hitlmidi.cli.Main", "--data-dir",
                    dir.resolve("data").toString(), "--socket", socket.toString(), "rate", "9")
                    .redirectErrorStream(true).start();
            String said = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(cli.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(cli.exitValue()).as(said).isNotZero();
            assertThat(said).doesNotContain("4242").contains("runs as user 'nobody'").contains("nothing was sent");
            assertThat(out.readLine()).as("what the fake server got from the quick path").isEqualTo("received 0");
            assertThat(out.readLine()).as("what the fake server got from the long way").isEqualTo("received 0");
        } finally {
            fake.destroyForcibly();
        }
    }
}
