package org.hitlmidi.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitlmidi.learn.Aspect;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackJson;
import org.hitlmidi.music.TrackParams;

/**
 * One SQLite file (WAL, synchronous=FULL: a committed rating survives a power cut) holding every profile.
 * The schema version is SQLite's user_version; migrations run in one transaction each. A file that is not
 * SQLite, fails its integrity check or has a newer schema is refused and never written to.
 */
public final class SqliteStore implements Store {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Migration i brings the schema from version i to i + 1. */
    private static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE profiles(
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              learner TEXT NOT NULL,
              params TEXT NOT NULL,
              created TEXT NOT NULL);
            CREATE TABLE sessions(
              id INTEGER PRIMARY KEY,
              profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
              started TEXT NOT NULL,
              ended TEXT);
            CREATE TABLE ratings(
              id INTEGER PRIMARY KEY,
              profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
              session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
              time TEXT NOT NULL,
              learner TEXT NOT NULL,
              overall INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 10),
              musicality INTEGER CHECK (musicality BETWEEN 1 AND 10),
              novelty INTEGER CHECK (novelty BETWEEN 1 AND 10),
              coherence INTEGER CHECK (coherence BETWEEN 1 AND 10),
              before_track TEXT NOT NULL,
              action TEXT NOT NULL,
              track TEXT NOT NULL,
              source TEXT NOT NULL,
              undone INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX ratings_profile ON ratings(profile_id, id);
            CREATE TABLE kept(
              id INTEGER PRIMARY KEY,
              profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
              time TEXT NOT NULL,
              track TEXT NOT NULL,
              note TEXT NOT NULL DEFAULT '');
            """,
            // 2: implicit signals, replayed with the ratings (after_rating places each among them), and
            // per-profile settings such as the exploration override
            """
            CREATE TABLE signals(
              id INTEGER PRIMARY KEY,
              profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
              session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
              time TEXT NOT NULL,
              signal TEXT NOT NULL CHECK (signal IN ('skip', 'keep', 'export')),
              after_rating INTEGER NOT NULL DEFAULT 0,
              before_track TEXT NOT NULL,
              action TEXT NOT NULL,
              track TEXT NOT NULL);
            CREATE INDEX signals_profile ON signals(profile_id, id);
            CREATE TABLE settings(
              profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
              key TEXT NOT NULL,
              value TEXT NOT NULL,
              PRIMARY KEY (profile_id, key));
            """,
            // 3: the track parameters each rating and signal was made under, so that a rebuild replays each with
            // its own; rows stored before are given their profile's parameters (what a rebuild used until now)
            """
            ALTER TABLE ratings ADD COLUMN params TEXT;
            ALTER TABLE signals ADD COLUMN params TEXT;
            UPDATE ratings SET params = (SELECT params FROM profiles WHERE profiles.id = ratings.profile_id);
            UPDATE signals SET params = (SELECT params FROM profiles WHERE profiles.id = signals.profile_id);
            """);
    public static final int SCHEMA_VERSION = MIGRATIONS.size();
    /** Version 2 added signals and settings; version 1 files still import. */
    public static final int EXPORT_VERSION = 2;

    private final Path file;
    private final Connection db;
    /** The file's inode (and device) when it was opened: a name that now means another file, or none, is a lost store. */
    private final Object fileKey;
    /** Why the store is lost, once it is: every later call fails with it (never acknowledged into a ghost). */
    private String lost;
    /** Rows that could not be read, each said once: skipped, the rest stays usable. */
    private final java.util.LinkedHashSet<String> skipped = new java.util.LinkedHashSet<>();
    private java.util.function.Consumer<String> warnings = w -> { };

    private SqliteStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
        this.fileKey = fileKey(file);
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * SQLite keeps writing through its open descriptors into a file that was deleted (the data dir removed) or
     * replaced (restored from a backup, moved): every write would be "stored" where no one will ever read it. So each
     * call first checks that the name still means the file that was opened; once it does not, the store is lost for
     * good and says so.
     */
    private void checkSameFile() {
        if (lost == null && fileKey != null) {
            Object now = fileKey(file);
            if (now == null) {
                lost = "the database " + file + " was deleted while the device ran (was the data dir removed?)";
            } else if (!now.equals(fileKey)) {
                lost = "the database " + file + " was replaced by another file while the device ran";
            }
        }
        if (lost != null) {
            throw new StoreException(lost + "; nothing more is stored or acknowledged. Restart the device ('hitl-midi"
                    + " stop', then 'hitl-midi start') to use what is there now");
        }
    }

    /**
     * Where a row that cannot be read is said (the device's log), once per row; it is skipped, the rest of the profile
     * stays usable. Rows already skipped are said at once.
     */
    public synchronized void onSkippedRow(java.util.function.Consumer<String> warn) {
        this.warnings = warn;
        skipped.forEach(warn);
    }

    /** Every row skipped so far, as said: "rating 17 of profile 3: its track is not valid JSON (...)". */
    public synchronized List<String> skippedRows() {
        return List.copyOf(skipped);
    }

    private void skip(String table, long id, long profileId, RuntimeException e) {
        String what = table + " " + id + " of profile " + profileId + " cannot be read and is skipped ("
                + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                + "); the rest is used. 'hitl-midi doctor' lists every such row";
        if (skipped.add(what)) {
            warnings.accept(what);
        }
    }

    /** True once the database file was deleted or replaced under this store (see {@link #checkSameFile}). */
    public synchronized boolean lost() {
        try {
            checkSameFile();
            return false;
        } catch (StoreException e) {
            return true;
        }
    }

    /**
     * A throwaway store in {@code dataDir}, for a simulation (deleted when the run ends): the same schema and code as
     * {@link #openIn}, but not durable: SQLite's synchronous is OFF, so a write does not wait for the disk (a fsync
     * per rating made a fast learner's `simulate` about 15 times slower). Never for a user's data.
     */
    public static SqliteStore openScratch(Path dataDir) {
        SqliteStore s = openIn(dataDir);
        try (Statement st = s.db.createStatement()) {
            st.execute("PRAGMA synchronous=OFF");
        } catch (SQLException e) {
            s.close();
            throw new StoreException(describe(s.file, e), e);
        }
        return s;
    }

    /** Opens or creates the store in a data directory. */
    public static SqliteStore openIn(Path dataDir) {
        try {
            DataDirs.privateDir(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dataDir + ": " + e, e);
        }
        return open(dataDir.resolve(DataDirs.DB_FILE));
    }

    public static SqliteStore open(Path file) {
        checkHeader(file);
        makePrivate(file);
        Connection c = null;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            int version = pragmaInt(c, "user_version");
            if (version > SCHEMA_VERSION) {
                throw new StoreException(file + " has schema version " + version + ", newer than this hitl-midi knows ("
                        + SCHEMA_VERSION + "); upgrade hitl-midi to use it. The file was left untouched.");
            }
            if (version > 0) {
                String check = pragmaText(c, "quick_check");
                if (!"ok".equals(check)) {
                    throw new StoreException(file + " fails SQLite's integrity check (" + check
                            + "); it was left untouched. Restore a backup or move it away to start afresh.");
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
            }
            migrate(c, version);
            addPartsColumn(c);
            addScenesTable(c);
            addUndoneIndex(c);
            return new SqliteStore(file, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException(describe(file, e), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * The database and its WAL and shared-memory files are the user's alone (0600): created so before SQLite opens
     * the file (SQLite gives the WAL the database's mode), narrowed when an older hitl-midi left them readable.
     */
    private static void makePrivate(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (Files.isDirectory(dir) && !Files.getFileStore(dir).isReadOnly()) {
                DataDirs.privateFile(file);
                DataDirs.tightenIfExists(Path.of(file + "-wal"));
                DataDirs.tightenIfExists(Path.of(file + "-shm"));
            }
        } catch (IOException e) {
            throw new StoreException("cannot make " + file + " private to its user: " + e.getMessage()
                    + "; it was left untouched", e);
        }
    }

    private static void checkHeader(Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return;
            }
            byte[] head = new byte[SQLITE_MAGIC.length];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
            if (n < head.length || !Arrays.equals(head, SQLITE_MAGIC)) {
                throw new StoreException(file + " is not a SQLite database (its header is wrong); it was left untouched."
                        + " Move it away, or pass another --data-dir.");
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e, e);
        }
    }

    private static String describe(Path file, SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("NOTADB") || m.contains("not a database")) {
            return file + " is not a SQLite database; it was left untouched";
        }
        if (m.contains("CORRUPT") || m.contains("malformed")) {
            return file + " is corrupt (" + m + "); it was left untouched. Restore a backup or move it away.";
        }
        if (m.contains("READONLY") || m.contains("CANTOPEN") || m.contains("readonly")) {
            return "cannot write " + file + " (" + m + "): is the data directory read-only?";
        }
        if (m.contains("FULL") || m.contains("full")) {
            return "the disk holding " + file + " is full (" + m + "); nothing was written";
        }
        return "store " + file + ": " + m;
    }

    private static void migrate(Connection c, int from) throws SQLException {
        for (int v = from; v < SCHEMA_VERSION; v++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String stmt : MIGRATIONS.get(v).split(";")) {
                    if (!stmt.isBlank()) {
                        s.execute(stmt);
                    }
                }
                s.execute("PRAGMA user_version=" + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * The ratings of single parts ({"bass":3,"drums":9}, JSON; null when none was given): a nullable column added
     * when missing, outside the numbered migrations so that it composes with any of them. Rows stored before read
     * as ratings with no part rated; an older hitl-midi reads the file as before (it does not select the column).
     */
    private static void addPartsColumn(Connection c) throws SQLException {
        boolean has = false;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(ratings)")) {
            while (rs.next()) {
                has |= "parts".equals(rs.getString("name"));
            }
        }
        if (!has) {
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE ratings ADD COLUMN parts TEXT");
            }
        }
    }

    /** The part ratings as the column keeps them: null for none. */
    private static String partsText(Rating r) {
        if (r.parts().isEmpty()) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        for (Part p : Part.values()) {
            r.part(p).ifPresent(v -> o.put(p.id(), v));
        }
        return o.toString();
    }

    private static Map<Part, Integer> partsOf(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return partsOf(JSON.readTree(text));
        } catch (IOException e) {
            throw new IllegalArgumentException("its part ratings are not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static Map<Part, Integer> partsOf(JsonNode o) {
        Map<Part, Integer> out = new EnumMap<>(Part.class);
        if (o == null || o.isNull() || o.isMissingNode()) {
            return out;
        }
        if (!o.isObject()) {
            throw new IllegalArgumentException("part ratings must be an object, not " + o);
        }
        o.fields().forEachRemaining(e -> {
            if (!e.getValue().isInt()) {
                throw new IllegalArgumentException("part rating " + e.getKey() + " must be a whole number 1..10");
            }
            out.put(Part.parse(e.getKey()), e.getValue().asInt());
        });
        return out;
    }

    /**
     * The live performance's scenes (issue 15): a table created when missing, outside the numbered migrations so
     * that it composes with any of them; an older hitl-midi leaves it alone.
     */
    private static void addScenesTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS scenes(
                      profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
                      number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 128),
                      time TEXT NOT NULL,
                      scene TEXT NOT NULL,
                      PRIMARY KEY (profile_id, number))""");
        }
    }

    /**
     * The undone ratings by profile: {@link #mark} counts them without reading every rating row (a row's undone flag
     * lies after its two tracks, in overflow pages). Created when missing, outside the numbered migrations, as the
     * scenes table; an older hitl-midi keeps it up to date as SQLite does any index.
     */
    private static void addUndoneIndex(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX IF NOT EXISTS ratings_undone ON ratings(profile_id, id) WHERE undone = 1");
        }
    }

    @Override
    public synchronized FeedbackMark mark(long profileId, long upToRating, long upToSignal) {
        return call(() -> {
            long[] r = new long[4];
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT count(*), coalesce(max(id), 0) FROM ratings WHERE profile_id = ? AND id <= ?")) {
                ps.setLong(1, profileId);
                ps.setLong(2, upToRating);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    r[0] = rs.getLong(1);
                    r[1] = rs.getLong(2);
                }
            }
            try (PreparedStatement ps = db.prepareStatement("SELECT count(*), coalesce(sum(id), 0) FROM ratings"
                    + " WHERE profile_id = ? AND undone = 1 AND id <= ?")) {
                ps.setLong(1, profileId);
                ps.setLong(2, upToRating);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    r[2] = rs.getLong(1);
                    r[3] = rs.getLong(2);
                }
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT count(*), coalesce(max(id), 0) FROM signals WHERE profile_id = ? AND id <= ?")) {
                ps.setLong(1, profileId);
                ps.setLong(2, upToSignal);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new FeedbackMark(r[0], r[1], r[2], r[3], rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    @Override
    public synchronized void saveScene(long profileId, int number, String scene) {
        if (number < 1 || number > 128) {
            throw new IllegalArgumentException("scene " + number + " outside 1..128");
        }
        call(() -> {
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO scenes(profile_id, number, time, scene) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT(profile_id, number) DO UPDATE SET time = excluded.time, "
                    + "scene = excluded.scene")) {
                ps.setLong(1, profileId);
                ps.setInt(2, number);
                ps.setString(3, Instant.now().toString());
                ps.setString(4, scene);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized java.util.SortedMap<Integer, String> scenes(long profileId) {
        return call(() -> {
            java.util.SortedMap<Integer, String> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT number, scene FROM scenes WHERE profile_id = ? ORDER BY number")) {
                ps.setLong(1, profileId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getInt(1), rs.getString(2));
                    }
                }
            }
            return java.util.Collections.unmodifiableSortedMap(out);
        });
    }

    public Path file() {
        return file;
    }

    public int schemaVersion() {
        return call(() -> pragmaInt(db, "user_version"));
    }

    /** SQLite's full integrity check: "ok" when sound. */
    public String integrityCheck() {
        return call(() -> pragmaText(db, "integrity_check"));
    }

    @Override
    public synchronized Profile createProfile(String name, String learner, TrackParams params) {
        Profile.checkName(name);
        return call(() -> {
            if (profile(name).isPresent()) {
                throw new StoreException("a profile named '" + name + "' exists already");
            }
            Instant now = Instant.now();
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO profiles(name, learner, params, created) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, learner);
                ps.setString(3, TrackJson.toJson(params).toString());
                ps.setString(4, now.toString());
                ps.executeUpdate();
                return new Profile(generatedKey(ps), name, learner, params, now);
            }
        });
    }

    @Override
    public synchronized Optional<Profile> profile(String name) {
        return call(() -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT id, name, learner, params, created FROM profiles WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(profileOf(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public synchronized List<Profile> profiles() {
        return call(() -> {
            List<Profile> out = new ArrayList<>();
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, name, learner, params, created FROM profiles ORDER BY name")) {
                while (rs.next()) {
                    out.add(profileOf(rs));
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public synchronized Profile updateProfile(String name, String learner, TrackParams params) {
        return call(() -> {
            try (PreparedStatement ps = db.prepareStatement("UPDATE profiles SET learner = ?, params = ? WHERE name = ?")) {
                ps.setString(1, learner);
                ps.setString(2, TrackJson.toJson(params).toString());
                ps.setString(3, name);
                if (ps.executeUpdate() != 1) {
                    throw new StoreException("no profile named '" + name + "'");
                }
            }
            return profile(name).orElseThrow();
        });
    }

    @Override
    public synchronized void deleteProfile(String name) {
        call(() -> {
            try (PreparedStatement ps = db.prepareStatement("DELETE FROM profiles WHERE name = ?")) {
                ps.setString(1, name);
                if (ps.executeUpdate() != 1) {
                    throw new StoreException("no profile named '" + name + "'");
                }
            }
            return null;
        });
    }

    @Override
    public synchronized long startSession(long profileId) {
        return call(() -> {
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO sessions(profile_id, started) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, profileId);
                ps.setString(2, Instant.now().toString());
                ps.executeUpdate();
                return generatedKey(ps);
            }
        });
    }

    @Override
    public synchronized void endSession(long sessionId) {
        call(() -> {
            // a session in which nothing was stored (a start that failed, a run with no rating) leaves no row: a
            // device restarted in a loop must not grow the file
            try (PreparedStatement del = db.prepareStatement("DELETE FROM sessions WHERE id = ?1"
                    + " AND NOT EXISTS (SELECT 1 FROM ratings WHERE session_id = ?1)"
                    + " AND NOT EXISTS (SELECT 1 FROM signals WHERE session_id = ?1)")) {
                del.setLong(1, sessionId);
                if (del.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = db.prepareStatement("UPDATE sessions SET ended = ? WHERE id = ?")) {
                ps.setString(1, Instant.now().toString());
                ps.setLong(2, sessionId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized long addRating(RatingRecord r) {
        return call(() -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO ratings(profile_id, session_id, time, learner, overall, musicality, novelty, coherence,"
                            + " before_track, action, track, source, undone, params, parts) VALUES (?,?,?,?,?,?,?,?,?,?,?,"
                            + "?,?, coalesce(?, (SELECT params FROM profiles WHERE id = ?)), ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, r.profileId());
                if (r.sessionId() == null) {
                    ps.setNull(2, Types.INTEGER);
                } else {
                    ps.setLong(2, r.sessionId());
                }
                ps.setString(3, r.time().toString());
                ps.setString(4, r.learner());
                ps.setInt(5, r.rating().overall());
                int col = 6;
                for (Aspect a : Aspect.values()) {
                    Integer v = r.rating().aspects().get(a);
                    if (v == null) {
                        ps.setNull(col++, Types.INTEGER);
                    } else {
                        ps.setInt(col++, v);
                    }
                }
                ps.setString(9, TrackJson.toText(r.transition().before()));
                ps.setString(10, r.transition().action().toString());
                ps.setString(11, TrackJson.toText(r.transition().after()));
                ps.setString(12, r.source());
                ps.setInt(13, r.undone() ? 1 : 0);
                ps.setString(14, r.params() == null ? null : TrackJson.toJson(r.params()).toString());
                ps.setLong(15, r.profileId());
                ps.setString(16, partsText(r.rating()));
                ps.executeUpdate();
                return generatedKey(ps);
            }
        });
    }

    @Override
    public synchronized void setUndone(long ratingId, boolean undone) {
        call(() -> {
            try (PreparedStatement ps = db.prepareStatement("UPDATE ratings SET undone = ? WHERE id = ?")) {
                ps.setInt(1, undone ? 1 : 0);
                ps.setLong(2, ratingId);
                if (ps.executeUpdate() != 1) {
                    throw new StoreException("no rating with id " + ratingId);
                }
            }
            return null;
        });
    }

    @Override
    public synchronized List<RatingRecord> ratings(long profileId, boolean includeUndone) {
        return call(() -> {
            List<RatingRecord> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT id, profile_id, session_id, time, learner, overall, musicality, novelty, coherence,"
                            + " before_track, action, track, source, undone, params, parts FROM ratings WHERE profile_id = ?"
                            + (includeUndone ? "" : " AND undone = 0") + " ORDER BY id")) {
                ps.setLong(1, profileId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            out.add(ratingOf(rs));
                        } catch (RuntimeException e) {
                            skip("rating", rs.getLong(1), profileId, e);
                        }
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public synchronized List<RatingSummary> ratingSummaries(long profileId) {
        return call(() -> {
            List<RatingSummary> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT id, time, overall, musicality, novelty, coherence, source, undone, before_track, track,"
                            + " parts FROM ratings WHERE profile_id = ? ORDER BY id")) {
                ps.setLong(1, profileId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<Aspect, Integer> aspects = new EnumMap<>(Aspect.class);
                        int col = 4;
                        for (Aspect a : Aspect.values()) {
                            int v = rs.getInt(col++);
                            if (!rs.wasNull()) {
                                aspects.put(a, v);
                            }
                        }
                        Map<Part, Integer> parts;
                        try {
                            parts = partsOf(rs.getString(11));
                        } catch (IllegalArgumentException e) {
                            skip("rating", rs.getLong(1), profileId, e);
                            parts = Map.of();
                        }
                        out.add(new RatingSummary(rs.getLong(1), Instant.parse(rs.getString(2)),
                                new Rating(rs.getInt(3), aspects, parts), rs.getString(7), rs.getInt(8) != 0,
                                rs.getString(9), rs.getString(10)));
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public synchronized long addSignal(SignalRecord r) {
        return call(() -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO signals(profile_id, session_id, time, signal, after_rating, before_track, action, track,"
                            + " params) VALUES (?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM ratings WHERE profile_id = ?),"
                            + " ?, ?, ?, coalesce(?, (SELECT params FROM profiles WHERE id = ?)))",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, r.profileId());
                if (r.sessionId() == null) {
                    ps.setNull(2, Types.INTEGER);
                } else {
                    ps.setLong(2, r.sessionId());
                }
                ps.setString(3, r.time().toString());
                ps.setString(4, r.signal().id());
                ps.setLong(5, r.profileId());
                ps.setString(6, TrackJson.toText(r.transition().before()));
                ps.setString(7, r.transition().action().toString());
                ps.setString(8, TrackJson.toText(r.transition().after()));
                ps.setString(9, r.params() == null ? null : TrackJson.toJson(r.params()).toString());
                ps.setLong(10, r.profileId());
                ps.executeUpdate();
                return generatedKey(ps);
            }
        });
    }

    @Override
    public synchronized List<SignalRecord> signals(long profileId) {
        return call(() -> {
            List<SignalRecord> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT id, profile_id, session_id, time, signal, after_rating, before_track, action, track, params"
                            + " FROM signals WHERE profile_id = ? ORDER BY id")) {
                ps.setLong(1, profileId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long session = rs.getLong(3);
                        Long sessionId = rs.wasNull() ? null : session;
                        try {
                            out.add(new SignalRecord(rs.getLong(1), rs.getLong(2), sessionId,
                                    Instant.parse(rs.getString(4)), signalOf(rs.getString(5)),
                                    new Transition(TrackJson.fromText(rs.getString(7)), parseAction(rs.getString(8)),
                                            TrackJson.fromText(rs.getString(9))),
                                    rs.getLong(6), paramsOf(rs.getString(10))));
                        } catch (RuntimeException e) {
                            skip("signal", rs.getLong(1), profileId, e);
                        }
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    /**
     * Streams the feedback after a position (see {@link Store#replay}): two cursors merged as {@link Feedback#merge}
     * does, a row that cannot be read skipped and said, as {@link #ratings} does. A rating's start track is most
     * often the track rated just before it: its text is then not parsed again.
     */
    @Override
    public synchronized void replay(long profileId, long afterRating, long afterSignal,
                                    java.util.function.Consumer<Feedback> to) {
        call(() -> {
            try (PreparedStatement rq = db.prepareStatement(
                    "SELECT id, profile_id, session_id, time, learner, overall, musicality, novelty, coherence,"
                            + " before_track, action, track, source, undone, params, parts FROM ratings"
                            + " WHERE profile_id = ? AND id > ? ORDER BY id");
                 PreparedStatement sq = db.prepareStatement(
                         "SELECT id, profile_id, session_id, time, signal, after_rating, before_track, action, track,"
                                 + " params FROM signals WHERE profile_id = ? AND id > ? ORDER BY id")) {
                rq.setLong(1, profileId);
                rq.setLong(2, afterRating);
                sq.setLong(1, profileId);
                sq.setLong(2, afterSignal);
                try (ResultSet rr = rq.executeQuery(); ResultSet sr = sq.executeQuery()) {
                    ParsedTracks tracks = new ParsedTracks();
                    SignalRecord signal = nextSignal(sr, profileId);
                    while (rr.next()) {
                        RatingRecord r;
                        try {
                            r = ratingOf(rr, tracks);
                        } catch (RuntimeException e) {
                            skip("rating", rr.getLong(1), profileId, e);
                            continue;
                        }
                        while (signal != null && signal.afterRating() < r.id()) {
                            to.accept(signal);
                            signal = nextSignal(sr, profileId);
                        }
                        to.accept(r);
                    }
                    while (signal != null) {
                        to.accept(signal);
                        signal = nextSignal(sr, profileId);
                    }
                }
            }
            return null;
        });
    }

    /** The last track text parsed and its track: a chain of edits parses each track once, not twice. */
    private static final class ParsedTracks {
        private String text;
        private Track track;

        Track of(String t) {
            if (!t.equals(text)) {
                track = TrackJson.fromText(t);
                text = t;
            }
            return track;
        }

        private String paramsText;
        private TrackParams params;

        TrackParams params(String t) {
            if (t == null) {
                return null;
            }
            if (!t.equals(paramsText)) {
                params = TrackJson.paramsFromText(t);
                paramsText = t;
            }
            return params;
        }
    }

    private SignalRecord nextSignal(ResultSet rs, long profileId) throws SQLException {
        while (rs.next()) {
            try {
                return signalOf(rs);
            } catch (RuntimeException e) {
                skip("signal", rs.getLong(1), profileId, e);
            }
        }
        return null;
    }

    private static SignalRecord signalOf(ResultSet rs) throws SQLException {
        long session = rs.getLong(3);
        Long sessionId = rs.wasNull() ? null : session;
        return new SignalRecord(rs.getLong(1), rs.getLong(2), sessionId, Instant.parse(rs.getString(4)),
                signalOf(rs.getString(5)), new Transition(TrackJson.fromText(rs.getString(7)), parseAction(rs.getString(8)),
                        TrackJson.fromText(rs.getString(9))), rs.getLong(6), paramsOf(rs.getString(10)));
    }

    @Override
    public synchronized List<Feedback> feedback(long profileId) {
        return Feedback.merge(ratings(profileId, true), signals(profileId));
    }

    @Override
    public synchronized Map<String, String> settings(long profileId) {
        return call(() -> {
            Map<String, String> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = db.prepareStatement("SELECT key, value FROM settings WHERE profile_id = ?")) {
                ps.setLong(1, profileId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        });
    }

    @Override
    public synchronized void setSetting(long profileId, String key, String value) {
        checkSettingKey(key);
        call(() -> {
            try (PreparedStatement ps = db.prepareStatement(value == null
                    ? "DELETE FROM settings WHERE profile_id = ? AND key = ?"
                    : "INSERT INTO settings(profile_id, key, value) VALUES (?, ?, ?)"
                            + " ON CONFLICT(profile_id, key) DO UPDATE SET value = excluded.value")) {
                ps.setLong(1, profileId);
                ps.setString(2, key);
                if (value != null) {
                    ps.setString(3, value);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static String checkSettingKey(String key) {
        if (key == null || !key.matches("[a-z][a-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("setting key '" + key + "' must be 1..64 lower-case letters, digits,"
                    + " '_', '.' or '-', starting with a letter");
        }
        return key;
    }

    private static ImplicitSignal signalOf(String id) {
        for (ImplicitSignal s : ImplicitSignal.values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("signal '" + id + "' is none of skip, keep, export");
    }

    @Override
    public synchronized long keep(long profileId, Track track, String note) {
        return call(() -> {
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO kept(profile_id, time, track, note) VALUES (?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, profileId);
                ps.setString(2, Instant.now().toString());
                ps.setString(3, TrackJson.toText(track));
                ps.setString(4, note == null ? "" : note);
                ps.executeUpdate();
                return generatedKey(ps);
            }
        });
    }

    @Override
    public synchronized List<KeptTrack> kept(long profileId) {
        return call(() -> {
            List<KeptTrack> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT id, profile_id, time, track, note FROM kept WHERE profile_id = ? ORDER BY id")) {
                ps.setLong(1, profileId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            out.add(new KeptTrack(rs.getLong(1), rs.getLong(2), Instant.parse(rs.getString(3)),
                                    TrackJson.fromText(rs.getString(4)), rs.getString(5)));
                        } catch (RuntimeException e) {
                            skip("kept track", rs.getLong(1), profileId, e);
                        }
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    @Override
    public synchronized String exportProfile(String name) {
        java.io.StringWriter w = new java.io.StringWriter();
        exportProfile(name, w);
        return w.toString();
    }

    /**
     * Writes a profile as JSON to {@code out}, one row at a time: a profile of 300,000 ratings is never held (as a
     * list of records and then a JSON tree it took gigabytes). The writer is left open.
     */
    public synchronized void exportProfile(String name, java.io.Writer out) {
        Profile p = profile(name).orElseThrow(() -> new StoreException("no profile named '" + name + "'"));
        try {
            call(() -> {
                try (com.fasterxml.jackson.core.JsonGenerator g = JSON.createGenerator(out)) {
                    g.disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    g.useDefaultPrettyPrinter();
                    writeExport(p, g);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            });
        } catch (java.io.UncheckedIOException e) {
            throw new StoreException("cannot write the export of '" + name + "': " + e.getCause().getMessage(), e);
        }
    }

    private void writeExport(Profile p, com.fasterxml.jackson.core.JsonGenerator g) throws SQLException {
        try {
            g.writeStartObject();
            g.writeStringField("format", "hitl-midi-profile");
            g.writeNumberField("version", EXPORT_VERSION);
            g.writeStringField("name", p.name());
            g.writeStringField("learner", p.learner());
            g.writeStringField("created", p.created().toString());
            g.writeFieldName("params");
            g.writeTree(TrackJson.toJson(p.params()));
            g.writeObjectFieldStart("settings");
            for (Map.Entry<String, String> e : settings(p.id()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            // the ids of the ratings written, in order: a signal's place is the number of them before it
            long[] ids = new long[1024];
            int count = 0;
            g.writeArrayFieldStart("ratings");
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT id, profile_id, session_id, time, learner, overall, musicality, novelty, coherence,"
                            + " before_track, action, track, source, undone, params, parts FROM ratings WHERE profile_id = ?"
                            + " ORDER BY id")) {
                ps.setLong(1, p.id());
                try (ResultSet rs = ps.executeQuery()) {
                    ParsedTracks tracks = new ParsedTracks();
                    while (rs.next()) {
                        RatingRecord r;
                        try {
                            r = ratingOf(rs, tracks);
                        } catch (RuntimeException e) {
                            skip("rating", rs.getLong(1), p.id(), e);
                            continue;
                        }
                        if (count == ids.length) {
                            ids = Arrays.copyOf(ids, count * 2);
                        }
                        ids[count++] = r.id();
                        ObjectNode j = JSON.createObjectNode();
                        j.put("time", r.time().toString());
                        j.put("learner", r.learner());
                        j.put("overall", r.rating().overall());
                        r.rating().aspects().forEach((a, v) -> j.put(a.id(), v));
                        if (!r.rating().parts().isEmpty()) {
                            ObjectNode parts = j.putObject("parts");
                            r.rating().parts().forEach((part, v) -> parts.put(part.id(), v));
                        }
                        j.set("before", TrackJson.toJson(r.transition().before()));
                        j.put("action", r.transition().action().toString());
                        j.set("track", TrackJson.toJson(r.transition().after()));
                        j.put("source", r.source());
                        j.put("undone", r.undone());
                        if (r.params() != null) {
                            j.set("params", TrackJson.toJson(r.params()));
                        }
                        g.writeTree(j);
                    }
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("signals");
            int before = 0;
            for (SignalRecord sg : signals(p.id())) {
                while (before < count && ids[before] <= sg.afterRating()) {
                    before++;
                }
                ObjectNode j = JSON.createObjectNode();
                j.put("time", sg.time().toString());
                j.put("signal", sg.signal().id());
                j.put("after", before);
                j.set("before", TrackJson.toJson(sg.transition().before()));
                j.put("action", sg.transition().action().toString());
                j.set("track", TrackJson.toJson(sg.transition().after()));
                if (sg.params() != null) {
                    j.set("params", TrackJson.toJson(sg.params()));
                }
                g.writeTree(j);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("kept");
            for (KeptTrack k : kept(p.id())) {
                ObjectNode j = JSON.createObjectNode();
                j.put("time", k.time().toString());
                j.set("track", TrackJson.toJson(k.track()));
                j.put("note", k.note());
                g.writeTree(j);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public synchronized Profile importProfile(String json, Optional<String> rename) {
        return importProfile(new java.io.StringReader(json), rename);
    }

    /**
     * Imports a profile export read from {@code in}, one rating at a time, in one transaction: nothing is imported
     * when any part is bad, and a file of 300,000 ratings is never held (read whole, it took 6.5 GB). The header
     * (format, version, name, learner, params) must come before the ratings, as an export writes it.
     */
    public synchronized Profile importProfile(java.io.Reader in, Optional<String> rename) {
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw new StoreException("not a hitl-midi profile export (field 'format' must be \"hitl-midi-profile\")");
            }
            return inTransaction(() -> {
                try {
                    return new ImportReader(parser, rename).read();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException | IOException e) {
            IOException io = e instanceof IOException x ? x : ((java.io.UncheckedIOException) e).getCause();
            throw new StoreException("profile file is not valid JSON: " + io.getMessage(), io);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new StoreException("profile file has a bad value: " + e.getMessage(), e);
        }
    }

    /** Reads an export's fields in order and writes each rating, signal and kept track as it comes. */
    private final class ImportReader {
        private final com.fasterxml.jackson.core.JsonParser parser;
        private final Optional<String> rename;
        private String format;
        private Integer version;
        private String name;
        private String learner = "paper";
        private TrackParams params;
        private Profile profile;
        private final Map<String, String> settings = new java.util.TreeMap<>();
        private long[] ratingIds = new long[1024];
        private int ratings;
        private int lastAfter;
        /** Signals read before the ratings (not as an export writes them): written after them. */
        private final List<JsonNode> early = new ArrayList<>();

        ImportReader(com.fasterxml.jackson.core.JsonParser parser, Optional<String> rename) {
            this.parser = parser;
            this.rename = rename;
        }

        Profile read() throws IOException, SQLException {
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = parser.getCurrentName();
                com.fasterxml.jackson.core.JsonToken t = parser.nextToken();
                switch (field) {
                    case "format" -> format = parser.getValueAsString();
                    case "version" -> {
                        version = t == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
                        checkVersion();
                    }
                    case "name" -> name = parser.getValueAsString();
                    case "learner" -> learner = parser.getValueAsString("paper");
                    case "params" -> params = TrackJson.paramsFromJson(parser.readValueAsTree());
                    case "settings" -> readSettings(parser.readValueAsTree());
                    case "ratings" -> eachOf(t, this::rating);
                    case "signals" -> eachOf(t, this::signal);
                    case "kept" -> eachOf(t, this::kept);
                    default -> parser.skipChildren();
                }
            }
            Profile p = profile();
            for (JsonNode j : early) {
                writeSignal(j);
            }
            settings.forEach((k, v) -> setSetting(p.id(), k, v));
            return p;
        }

        private void checkVersion() {
            if (!"hitl-midi-profile".equals(format)) {
                throw new StoreException("not a hitl-midi profile export (field 'format' must be \"hitl-midi-profile\")");
            }
            if (version == null || version < 1 || version > EXPORT_VERSION) {
                throw new StoreException("profile export version " + version + " is not supported (1.."
                        + EXPORT_VERSION + "; a newer hitl-midi wrote it)");
            }
        }

        /** The profile, created at the first row that needs it (the header read by then). */
        private Profile profile() {
            if (profile == null) {
                checkVersion();
                if (params == null) {
                    throw new IllegalArgumentException("'params' must come before the ratings, signals and kept tracks");
                }
                profile = createProfile(rename.orElse(name == null ? "" : name), learner, params);
            }
            return profile;
        }

        private void eachOf(com.fasterxml.jackson.core.JsonToken t, java.util.function.Consumer<JsonNode> row)
                throws IOException {
            if (t != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                parser.skipChildren();
                return;
            }
            while (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                row.accept(parser.readValueAsTree());
            }
        }

        private void readSettings(JsonNode so) {
            if (so == null || !so.isObject()) {
                throw new IllegalArgumentException("settings must be an object of key: text");
            }
            for (var it = so.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException("setting '" + e.getKey() + "' must be text");
                }
                settings.put(checkSettingKey(e.getKey()), e.getValue().textValue());
            }
        }

        private void rating(JsonNode j) {
            Profile p = profile();
            Map<Aspect, Integer> aspects = new EnumMap<>(Aspect.class);
            for (Aspect a : Aspect.values()) {
                if (j.has(a.id())) {
                    aspects.put(a, j.get(a.id()).asInt());
                }
            }
            long id = addRating(new RatingRecord(0, p.id(), null, Instant.parse(j.path("time").asText()),
                    j.path("learner").asText(), new Rating(j.path("overall").asInt(), aspects, partsOf(j.get("parts"))),
                    new Transition(TrackJson.fromJson(j.get("before")), parseAction(j.path("action").asText()),
                            TrackJson.fromJson(j.get("track"))),
                    j.path("source").asText("import"), j.path("undone").asBoolean(),
                    j.has("params") ? TrackJson.paramsFromJson(j.get("params")) : params));
            if (ratings == ratingIds.length) {
                ratingIds = Arrays.copyOf(ratingIds, ratings * 2);
            }
            ratingIds[ratings++] = id;
        }

        private void signal(JsonNode j) {
            if (ratings == 0 && profile == null) {
                early.add(j); // before any rating: placed once the ratings are in
                return;
            }
            writeSignal(j);
        }

        private void writeSignal(JsonNode j) {
            Profile p = profile();
            JsonNode a = j.path("after");
            if (!a.isInt() || a.asInt() < 0 || a.asInt() > ratings) {
                throw new IllegalArgumentException("signal 'after' " + a + " must be a count of ratings 0.." + ratings);
            }
            if (a.asInt() < lastAfter) {
                throw new IllegalArgumentException("signals are out of order ('after' " + a.asInt() + " follows "
                        + lastAfter + ")");
            }
            lastAfter = a.asInt();
            SignalRecord sg = new SignalRecord(0, p.id(), null, Instant.parse(j.path("time").asText()),
                    signalOf(j.path("signal").asText()),
                    new Transition(TrackJson.fromJson(j.get("before")), parseAction(j.path("action").asText()),
                            TrackJson.fromJson(j.get("track"))), 0,
                    j.has("params") ? TrackJson.paramsFromJson(j.get("params")) : params);
            insertSignal(sg, lastAfter == 0 ? 0 : ratingIds[lastAfter - 1]);
        }

        private void kept(JsonNode j) {
            keep(profile().id(), TrackJson.fromJson(j.get("track")), j.path("note").asText(""));
        }
    }

    /** A signal placed after the given rating (an import's: its ratings are in before their signals). */
    private void insertSignal(SignalRecord r, long afterRating) {
        call(() -> {
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO signals(profile_id, session_id, time, signal, after_rating, before_track, action, track,"
                            + " params) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, r.profileId());
                ps.setString(2, r.time().toString());
                ps.setString(3, r.signal().id());
                ps.setLong(4, afterRating);
                ps.setString(5, TrackJson.toText(r.transition().before()));
                ps.setString(6, r.transition().action().toString());
                ps.setString(7, TrackJson.toText(r.transition().after()));
                ps.setString(8, r.params() == null ? null : TrackJson.toJson(r.params()).toString());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Ratings stored for a profile (undone ones too when asked), counted without reading them. */
    public synchronized long ratingCount(long profileId, boolean includeUndone) {
        return call(() -> {
            try (PreparedStatement ps = db.prepareStatement("SELECT count(*) FROM ratings WHERE profile_id = ?"
                    + (includeUndone ? "" : " AND undone = 0"))) {
                ps.setLong(1, profileId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** Parses {@link Action#toString()}: "pitch_up@3". */
    public static Action parseAction(String s) {
        int at = s.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("action '" + s + "' is not TYPE@INDEX");
        }
        return new Action(ActionType.valueOf(s.substring(0, at).toUpperCase(java.util.Locale.ROOT)),
                Integer.parseInt(s.substring(at + 1)));
    }

    @Override
    public synchronized void close() {
        closeQuietly(db);
    }

    private <T> T inTransaction(SqlCall<T> body) {
        return call(() -> {
            db.setAutoCommit(false);
            try {
                T t = body.run();
                db.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        });
    }

    private Profile profileOf(ResultSet rs) throws SQLException {
        return new Profile(rs.getLong(1), rs.getString(2), rs.getString(3), TrackJson.paramsFromText(rs.getString(4)),
                Instant.parse(rs.getString(5)));
    }

    private static RatingRecord ratingOf(ResultSet rs) throws SQLException {
        return ratingOf(rs, null);
    }

    /** The columns {@link #ratingOf} reads, in its order. */
    static final String RATING_COLUMNS = "id, profile_id, session_id, time, learner, overall, musicality, novelty,"
            + " coherence, before_track, action, track, source, undone, params, parts";
    /** The columns {@link #signalOf(ResultSet)} reads, in its order. */
    static final String SIGNAL_COLUMNS = "id, profile_id, session_id, time, signal, after_rating, before_track, action,"
            + " track, params";

    /** For the doctor: reads a row of {@link #RATING_COLUMNS} as a replay does; throws where a replay skips it. */
    static void readRating(ResultSet rs) throws SQLException {
        ratingOf(rs);
    }

    /** For the doctor: reads a row of {@link #SIGNAL_COLUMNS} as a replay does; throws where a replay skips it. */
    static void readSignal(ResultSet rs) throws SQLException {
        signalOf(rs);
    }

    private static RatingRecord ratingOf(ResultSet rs, ParsedTracks tracks) throws SQLException {
        Map<Aspect, Integer> aspects = new EnumMap<>(Aspect.class);
        int col = 7;
        for (Aspect a : Aspect.values()) {
            int v = rs.getInt(col++);
            if (!rs.wasNull()) {
                aspects.put(a, v);
            }
        }
        long session = rs.getLong(3);
        Long sessionId = rs.wasNull() ? null : session;
        return new RatingRecord(rs.getLong(1), rs.getLong(2), sessionId, Instant.parse(rs.getString(4)), rs.getString(5),
                new Rating(rs.getInt(6), aspects, partsOf(rs.getString(16))),
                tracks == null ? new Transition(TrackJson.fromText(rs.getString(10)), parseAction(rs.getString(11)),
                        TrackJson.fromText(rs.getString(12)))
                        : new Transition(tracks.of(rs.getString(10)), parseAction(rs.getString(11)),
                        tracks.of(rs.getString(12))),
                rs.getString(13), rs.getInt(14) != 0, tracks == null ? paramsOf(rs.getString(15))
                        : tracks.params(rs.getString(15)));
    }

    private static TrackParams paramsOf(String json) {
        return json == null ? null : TrackJson.paramsFromText(json);
    }

    private static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet k = ps.getGeneratedKeys()) {
            if (!k.next()) {
                throw new SQLException("no generated key");
            }
            return k.getLong(1);
        }
    }

    /** For tests: a PRAGMA as this store's own connection sees it (synchronous is a setting of the connection). */
    synchronized String pragmaForTest(String pragma) {
        return call(() -> pragmaText(db, pragma));
    }

    private static int pragmaInt(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String pragmaText(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing is best effort; nothing is pending on a connection in autocommit
            }
        }
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T run() throws SQLException;
    }

    private synchronized <T> T call(SqlCall<T> body) {
        checkSameFile();
        try {
            return body.run();
        } catch (SQLException e) {
            throw new StoreException(describe(file, e), e);
        }
    }
}
