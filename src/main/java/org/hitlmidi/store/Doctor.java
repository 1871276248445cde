package org.hitlmidi.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.music.TrackJson;

/**
 * `hitl-midi doctor`: looks a data dir's store over without changing a byte (the database is opened read-only) and
 * says what it found: the file's header and SQLite's integrity check, the schema version, every profile with its rows,
 * each row that cannot be read named by table and id, sessions, and files or folders others could read.
 */
public final class Doctor {
    /** What was found: lines to print, and how many of them are problems. */
    public record Report(List<String> lines, int problems) {
        public boolean ok() {
            return problems == 0;
        }
    }

    private final List<String> lines = new ArrayList<>();
    private int problems;

    private Doctor() {
    }

    private void ok(String line) {
        lines.add("ok       " + line);
    }

    private void problem(String line) {
        lines.add("PROBLEM  " + line);
        problems++;
    }

    private void info(String line) {
        lines.add("         " + line);
    }

    public static Report check(Path dataDir) {
        Doctor d = new Doctor();
        d.run(dataDir);
        return new Report(List.copyOf(d.lines), d.problems);
    }

    private void run(Path dataDir) {
        Path db = dataDir.resolve(DataDirs.DB_FILE);
        if (!Files.isDirectory(dataDir)) {
            problem("no data dir at " + dataDir);
            return;
        }
        modes(dataDir, db);
        if (!Files.isRegularFile(db, LinkOption.NOFOLLOW_LINKS)) {
            problem("no database at " + db + (Files.exists(db, LinkOption.NOFOLLOW_LINKS) ? " (it is not a regular file)"
                    : " (a device creates it at its first start)"));
            return;
        }
        try {
            byte[] head = new byte[16];
            int n;
            try (var in = Files.newInputStream(db)) {
                n = in.readNBytes(head, 0, 16);
            }
            if (n > 0 && (n < 16 || !new String(head, 0, 15, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("SQLite format 3"))) {
                problem(db + " is not a SQLite database (its header is wrong)");
                return;
            }
        } catch (IOException e) {
            problem("cannot read " + db + ": " + e.getMessage());
            return;
        }
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), config.toProperties());
             Statement s = c.createStatement()) {
            store(c, s, db);
        } catch (SQLException e) {
            problem(db + ": " + e.getMessage());
            info(DAMAGED);
        }
    }

    /** What to do with a database SQLite cannot read: the same advice a device gives when it refuses to start on it. */
    static final String DAMAGED = "the database is damaged; nothing was changed. Keep a copy of the data dir, then "
            + "restore a backup, or move the database away to start afresh (`hitl-midi profile export` cannot read it "
            + "either)";

    private void store(Connection c, Statement s, Path db) throws SQLException {
        List<String> check = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                check.add(rs.getString(1));
            }
        }
        if (check.equals(List.of("ok"))) {
            ok(db + ": SQLite integrity check ok");
        } else {
            problem(db + " fails SQLite's integrity check: " + String.join("; ", check.subList(0, Math.min(5,
                    check.size()))) + (check.size() > 5 ? " (" + check.size() + " findings)" : ""));
            info(DAMAGED);
            return;
        }
        int version;
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > SqliteStore.SCHEMA_VERSION) {
            problem("schema version " + version + " is newer than this hitl-midi knows (" + SqliteStore.SCHEMA_VERSION
                    + "); upgrade hitl-midi");
            return;
        }
        if (version == 0) {
            info("schema version 0: an empty store (a device sets it up at its first start)");
            return;
        }
        ok("schema version " + version + (version < SqliteStore.SCHEMA_VERSION ? " (a device upgrades it to "
                + SqliteStore.SCHEMA_VERSION + " at its next start)" : ""));
        List<long[]> profiles = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT id, name, params FROM profiles ORDER BY name")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String name = rs.getString(2);
                try {
                    TrackJson.paramsFromText(rs.getString(3));
                } catch (RuntimeException e) {
                    problem("profile '" + name + "' (id " + id + "): its parameters cannot be read: " + first(e));
                }
                profiles.add(new long[] {id});
                names.add(name);
            }
        }
        if (profiles.isEmpty()) {
            info("no profiles yet");
        }
        for (int i = 0; i < profiles.size(); i++) {
            long id = profiles.get(i)[0];
            // rows read exactly as a device's replay reads them (its time, rating, parts and parameters too): what the
            // device skips, and nothing else, is a problem here
            int bad = rows(c, "rating", "SELECT " + SqliteStore.RATING_COLUMNS + " FROM ratings WHERE profile_id = " + id,
                    id, SqliteStore::readRating)
                    + rows(c, "signal", "SELECT " + SqliteStore.SIGNAL_COLUMNS + " FROM signals WHERE profile_id = " + id,
                    id, SqliteStore::readSignal)
                    + rows(c, "kept track", "SELECT id, track FROM kept WHERE profile_id = " + id, id,
                    rs -> TrackJson.fromText(rs.getString(2)));
            long ratings = count(s, "SELECT count(*) FROM ratings WHERE profile_id = " + id);
            long undone = count(s, "SELECT count(*) FROM ratings WHERE undone != 0 AND profile_id = " + id);
            long signals = count(s, "SELECT count(*) FROM signals WHERE profile_id = " + id);
            long kept = count(s, "SELECT count(*) FROM kept WHERE profile_id = " + id);
            String summary = "profile '" + names.get(i) + "': " + ratings + " ratings (" + undone + " undone), " + signals
                    + " signals, " + kept + " kept tracks";
            if (bad == 0) {
                ok(summary + ", every row readable");
            } else {
                info(summary + "; " + bad + " unreadable (listed above): a device skips them, with a warning in its"
                        + " log, and uses the rest");
            }
        }
        long sessions = count(s, "SELECT count(*) FROM sessions");
        long open = count(s, "SELECT count(*) FROM sessions WHERE ended IS NULL");
        info(sessions + " sessions" + (open > 0 ? " (" + open + " not ended: a device killed, or running now)" : ""));
    }

    /** Reads one row, throwing where it cannot be read. */
    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private int rows(Connection c, String what, String sql, long profileId, RowReader reader) throws SQLException {
        int bad = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                try {
                    reader.read(rs);
                } catch (RuntimeException e) {
                    bad++;
                    problem(what + " " + rs.getLong(1) + " of profile id " + profileId + " cannot be read: " + first(e));
                }
            }
        }
        return bad;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String first(RuntimeException e) {
        return e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    private void modes(Path dataDir, Path db) {
        if (!dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        List<Path> loose = new ArrayList<>();
        try {
            if (!Files.getPosixFilePermissions(dataDir).equals(PosixFilePermissions.fromString("rwx------"))) {
                loose.add(dataDir);
            }
            for (Path f : List.of(db, Path.of(db + "-wal"), Path.of(db + "-shm"))) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !Files.getPosixFilePermissions(f,
                        LinkOption.NOFOLLOW_LINKS).equals(PosixFilePermissions.fromString("rw-------"))) {
                    loose.add(f);
                }
            }
        } catch (IOException e) {
            problem("cannot read the modes in " + dataDir + ": " + e.getMessage());
            return;
        }
        if (loose.isEmpty()) {
            ok(dataDir + ": private to its user (folder 0700, database 0600)");
        } else {
            problem("others may read " + loose + " (a device makes them private at its next start)");
        }
    }
}
