package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 against a real device (SQLite on disk, the built-in synth, a real socket): a user's files are never
 * destroyed, paths and sockets are not trusted.
 */
class SafetyTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    private Path data() {
        return dir.resolve("data");
    }

    private Path defaultSocket() {
        return dir.resolve("run").resolve("control.sock");
    }

    private DeviceRunner start(Path socket) throws Exception {
        DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(data(), socket, false, "default", "synth",
                Optional.empty(), OptionalLong.of(1), false, null), PortOutputs::open);
        open.add(r);
        return r;
    }

    private ControlClient client(Path socket) throws Exception {
        ControlClient c = ControlClient.connect(socket);
        open.add(c);
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    private long storedRatings() {
        try (SqliteStore s = SqliteStore.open(data().resolve(DataDirs.DB_FILE))) {
            return s.ratings(s.profile("default").orElseThrow().id(), true).size();
        }
    }

    private static Object fileKey(Path p) throws java.io.IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Break 1: {@code --data-dir D --socket D/hitl-midi.db} replaced the database with the socket. */
    @Test
    void aSocketPathNamingTheDatabaseIsRefusedAndTheDatabaseKept() throws Exception {
        DeviceRunner d = start(defaultSocket());
        ControlClient c = client(defaultSocket());
        for (int i = 1; i <= 3; i++) {
            c.call("rate", f().put("overall", i + 5));
        }
        c.close();
        d.close();
        Path db = data().resolve(DataDirs.DB_FILE);
        Object inode = fileKey(db);
        assertThatThrownBy(() -> start(db)).hasMessageContaining("a regular file, not a socket")
                .hasMessageContaining("left untouched");
        assertThat(fileKey(db)).as("the same file, not replaced").isEqualTo(inode);
        assertThat(storedRatings()).isEqualTo(3);
        // and the data dir is free again: the lock was let go
        start(defaultSocket()).close();
    }

    private static String mode(Path p) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    private List<Path> privateFiles() {
        Path db = data().resolve(DataDirs.DB_FILE);
        return List.of(db, Path.of(db + "-wal"), Path.of(db + "-shm"), data().resolve(DeviceLock.FILE),
                DeviceLog.file(data()), data().resolve("synth.wav"));
    }

    /** Break 4: the database, its WAL, the log and the lock were 0644 in a 0755 data dir: user nobody could copy them. */
    @Test
    void theDataDirIs0700AndEveryFileInIt0600EvenWhenAnOlderRunLeftThemOpen() throws Exception {
        for (int run = 0; run < 2; run++) {
            DeviceRunner d = start(defaultSocket());
            client(defaultSocket()).call("rate", f().put("overall", 7));
            assertThat(mode(data())).as("run " + run + ": the data dir").isEqualTo("rwx------");
            assertThat(mode(DeviceLog.file(data()).getParent())).as("run " + run + ": logs/").isEqualTo("rwx------");
            for (Path p : privateFiles()) {
                assertThat(p).as("run " + run).exists();
                assertThat(mode(p)).as("run " + run + ": " + data().relativize(p)).isEqualTo("rw-------");
            }
            d.close();
            // what an older hitl-midi (or a umask of 022) left: open to every user of the machine
            Files.setPosixFilePermissions(data(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(DeviceLog.file(data()).getParent(),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Path p : privateFiles()) {
                if (Files.exists(p)) {
                    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /** Break 4: device.lock followed a symlink, and the pid overwrote the file it pointed to. */
    @Test
    void theLockAndTheLogNeverFollowASymlink() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Files.createDirectories(data());
        Path lock = Files.createSymbolicLink(data().resolve(DeviceLock.FILE), victim);
        assertThatThrownBy(() -> start(defaultSocket())).hasMessageContaining("symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("precious");
        Files.delete(lock);
        Files.createDirectories(DeviceLog.file(data()).getParent());
        Path log = Files.createSymbolicLink(DeviceLog.file(data()), victim);
        assertThatThrownBy(() -> start(defaultSocket())).hasMessageContaining("symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("precious");
        Files.delete(log);
        start(defaultSocket());
        assertThat(Files.readString(victim)).isEqualTo("precious");
    }

    private Path fifo(String name) throws Exception {
        Path p = dir.resolve(name);
        assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor()).isZero();
        return p;
    }

    /** Lets a reader blocked opening {@code fifo} go on (it gets an empty file); returns at once when none waits. */
    private static void release(Path fifo) throws Exception {
        new ProcessBuilder("timeout", "2", "sh", "-c", ": > '" + fifo + "'").start().waitFor();
    }

    /**
     * Break 5: learner, controller, kit given a path were read: a FIFO froze the whole device, /dev/zero gave an
     * OutOfMemoryError, errors echoed the first word of /etc files. The device now takes names only.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void theDeviceTakesPresetNamesNotPaths() throws Exception {
        start(defaultSocket());
        ControlClient c = ControlClient.connect(defaultSocket(), java.time.Duration.ofSeconds(10));
        open.add(c);
        Path fifo = fifo("mapping.json");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "hunter2 is my password\n");
        try {
            String[][] asks = {{"controller", "name", fifo.toString()}, {"learner", "name", "/dev/zero"},
                {"params", "kit", secret.toString()}, {"controller", "name", "../../../../etc/passwd"},
                {"learner", "name", "x.json"}};
            for (String[] a : asks) {
                ObjectNode fields = f();
                if (a[0].equals("params")) {
                    fields.putObject("set").put(a[1], a[2]);
                } else {
                    fields.put(a[1], a[2]);
                }
                assertThatThrownBy(() -> c.call(a[0], fields)).as(String.join(" ", a))
                        .isInstanceOf(org.hitlmidi.control.ControlException.class)
                        .hasMessageContaining("not a").hasMessageContaining("preset name")
                        .hasMessageNotContaining("hunter2");
            }
            assertThat(c.call("status").path("ratings").asLong()).as("the device still answers").isZero();
        } finally {
            release(fifo);
        }
    }

    /** Break 6: a newline in an export path forged a line in device.log. */
    @Test
    void aNewlineInAClientsValueCannotForgeALogLine() throws Exception {
        DeviceRunner d = start(defaultSocket());
        ControlClient c = client(defaultSocket());
        String forged = "2026-12-01T00:00:00.000Z stop requested by a client";
        Path folder = Files.createDirectories(dir.resolve("out\n" + forged));
        Path path = folder.resolve("x.mid");
        assertThat(c.call("export", f().put("path", path.toString())).path("path").asText()).isEqualTo(path.toString());
        assertThat(path).exists();
        List<String> lines = Files.readAllLines(d.logFile());
        assertThat(lines).noneMatch(l -> l.startsWith(forged));
        assertThat(lines).anyMatch(l -> l.contains("exported") && l.contains("out\\n" + forged));
        assertThat(lines).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT.*"));
    }

    /** Break 2: after the data dir was removed under a running device, `rate 9` and `rate 10` said "stored". */
    @Test
    void aDeletedOrReplacedDatabaseStopsAcknowledgingLoudly() throws Exception {
        DeviceRunner d = start(defaultSocket());
        ControlClient c = client(defaultSocket());
        c.call("rate", f().put("overall", 8));
        Path logFile = d.logFile();
        DataDirs.deleteTree(data());
        assertThat(data()).doesNotExist();
        for (int v : new int[] {9, 10}) {
            assertThatThrownBy(() -> c.call("rate", f().put("overall", v))).as("rate " + v)
                    .isInstanceOf(org.hitlmidi.control.ControlException.class)
                    .hasMessageContaining("not stored").hasMessageContaining("was deleted");
        }
        assertThat(c.call("status").has("pid")).as("it still answers, to say so").isTrue();
        d.close();

        // replaced: a backup put back over the file while the device runs
        DeviceRunner again = start(defaultSocket());
        ControlClient c2 = client(defaultSocket());
        c2.call("rate", f().put("overall", 7));
        Path db = data().resolve(DataDirs.DB_FILE);
        Path copy = dir.resolve("backup.db");
        Files.copy(db, copy);
        Files.move(copy, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> c2.call("rate", f().put("overall", 6))).hasMessageContaining("was replaced");
        assertThatThrownBy(() -> c2.call("keep", f())).hasMessageContaining("was replaced");
        again.close();
    }

    private long sql(String query) throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data().resolve(DataDirs.DB_FILE));
             java.sql.Statement st = db.createStatement()) {
            if (!query.startsWith("SELECT")) {
                return st.executeUpdate(query);
            }
            try (java.sql.ResultSet rs = st.executeQuery(query)) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static String[] cli(Path data, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = org.hitlmidi.cli.Main.run(all, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    /**
     * Break 7: one rating whose track was not valid JSON stopped the device, `profile export` and `profile list`, naming
     * no row, and each failed start added a session row. Now the row is named and skipped; doctor finds it.
     */
    @Test
    void oneCorruptRowIsNamedAndSkippedAndDoctorFindsIt() throws Exception {
        DeviceRunner d = start(defaultSocket());
        ControlClient c = client(defaultSocket());
        for (int v : new int[] {5, 6, 7}) {
            c.call("rate", f().put("overall", v));
        }
        c.close();
        d.close();
        assertThat(cli(data(), "doctor")[0]).as("a healthy store").isEqualTo("0");
        long ratingId = sql("SELECT min(id) FROM ratings") + 1;
        assertThat(sql("UPDATE ratings SET track = '{not json' WHERE id = " + ratingId)).isOne();
        long sessions = sql("SELECT count(*) FROM sessions");

        // failed starts (the socket path is a regular file) leave no session behind
        Path notASocket = Files.writeString(dir.resolve("file"), "x");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> start(notASocket)).hasMessageContaining("not a socket");
        }
        assertThat(sql("SELECT count(*) FROM sessions")).as("sessions after 3 failed starts").isEqualTo(sessions);

        DeviceRunner again = start(defaultSocket());
        assertThat(client(defaultSocket()).call("status").path("ratings").asLong()).as("the two readable ratings")
                .isEqualTo(2);
        assertThat(Files.readString(again.logFile())).contains("rating " + ratingId + " of profile")
                .contains("cannot be read and is skipped");
        again.close();

        String[] list = cli(data(), "profile", "list");
        assertThat(list[0]).as(list[2]).isEqualTo("0");
        assertThat(list[1]).contains("default").contains("ratings=2");
        assertThat(list[2]).contains("warning: rating " + ratingId);
        Path export = dir.resolve("default.json");
        String[] ex = cli(data(), "profile", "export", "default", "-o", export.toString());
        assertThat(ex[0]).as(ex[2]).isEqualTo("0");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(export.toFile()).path("ratings").size())
                .isEqualTo(2);

        String[] doc = cli(data(), "doctor");
        assertThat(doc[0]).as(doc[1]).isEqualTo("1");
        assertThat(doc[1]).contains("PROBLEM  rating " + ratingId + " of profile id").contains("integrity check ok")
                .contains("1 problem found");
    }

    /** Break 10: "default " was a second profile; a logs/ that cannot be made said only its path. */
    @Test
    void aProfileNameWithASpaceAtItsEndIsRefusedAndLogErrorsSayWhatAndWhere() throws Exception {
        String[] r = cli(data(), "profile", "create", "default ");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("ends with a space").contains("did you mean 'default'");
        assertThat(cli(data(), "profile", "create", "my song")[0]).as("a space inside is fine").isEqualTo("0");

        Files.createDirectories(data());
        Files.writeString(data().resolve("logs"), "a file where the log folder goes");
        assertThatThrownBy(() -> start(defaultSocket())).hasMessageContaining("cannot create the log folder")
                .hasMessageContaining(data().resolve("logs").toString()).hasMessageContaining("in the way");
    }
}
