package org.hitlmidi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.hitlmidi.learn.Aspect;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Scale;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {
    @TempDir
    Path dir;

    private static Transition transition(long seed) {
        Track t = TrackGenerator.random(TrackParams.defaults(), new SplittableRandom(seed));
        Action a = new Action(ActionType.PITCH_UP, 2);
        return new Transition(t, a, new Edits(EditRules.PAPER).apply(t, a));
    }

    private static RatingRecord rating(long profile, int overall, long seed) {
        return new RatingRecord(0, profile, null, Instant.parse("2026-11-27T10:00:00Z"), "paper",
                new Rating(overall, Map.of(Aspect.MUSICALITY, 6, Aspect.COHERENCE, 9)), transition(seed), "test", false);
    }

    /**
     * "Durably, before the reply": a commit is fsynced (synchronous=FULL, 2) in WAL mode, as the store's own
     * connection has it (the setting belongs to the connection, so another connection to the file would not see it).
     * Caught mutation (issue 17): {@code PRAGMA synchronous=OFF} (or NORMAL) in {@code SqliteStore.open}.
     */
    @Test
    void theStoresConnectionSyncsEveryCommitInWalMode() {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            assertThat(s.pragmaForTest("synchronous")).as("PRAGMA synchronous (2 = FULL)").isEqualTo("2");
            assertThat(s.pragmaForTest("journal_mode")).isEqualToIgnoringCase("wal");
        }
        try (SqliteStore s = SqliteStore.openIn(dir)) { // an existing file too
            assertThat(s.pragmaForTest("synchronous")).as("PRAGMA synchronous (2 = FULL)").isEqualTo("2");
            assertThat(s.pragmaForTest("journal_mode")).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void ratingsAreOnDiskWhenAddReturns() {
        long id;
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile p = s.createProfile("alice", "paper", TrackParams.defaults().withScale(Scale.DORIAN));
            id = s.addRating(rating(p.id(), 7, 1));
            s.addRating(rating(p.id(), 3, 2));
        }
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile p = s.profile("alice").orElseThrow();
            assertThat(p.params().scale()).isEqualTo(Scale.DORIAN);
            var rs = s.ratings(p.id(), false);
            assertThat(rs).hasSize(2);
            assertThat(rs.get(0).id()).isEqualTo(id);
            assertThat(rs.get(0).rating()).isEqualTo(new Rating(7, Map.of(Aspect.MUSICALITY, 6, Aspect.COHERENCE, 9)));
            assertThat(rs.get(0).transition()).isEqualTo(transition(1));
            s.setUndone(id, true);
            assertThat(s.ratings(p.id(), false)).hasSize(1);
            assertThat(s.ratings(p.id(), true)).hasSize(2);
            assertThat(s.integrityCheck()).isEqualTo("ok");
            assertThat(s.schemaVersion()).isEqualTo(SqliteStore.SCHEMA_VERSION);
        }
    }

    @Test
    void profilesCanBeListedUpdatedAndDeleted() {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile a = s.createProfile("band project", "paper", TrackParams.defaults());
            s.createProfile("alice", "paper", TrackParams.defaults());
            assertThatThrownBy(() -> s.createProfile("alice", "paper", TrackParams.defaults()))
                    .hasMessageContaining("exists already");
            assertThatThrownBy(() -> s.createProfile("../evil", "paper", TrackParams.defaults()))
                    .hasMessageContaining("profile name");
            assertThat(s.profiles()).extracting(Profile::name).containsExactly("alice", "band project");
            s.addRating(rating(a.id(), 5, 3));
            s.keep(a.id(), transition(3).after(), "chorus idea");
            assertThat(s.updateProfile("alice", "paper-decay", TrackParams.defaults().withTempo(140)).params().tempo())
                    .isEqualTo(140);
            s.deleteProfile("band project");
            assertThat(s.profiles()).extracting(Profile::name).containsExactly("alice");
            assertThat(s.ratings(a.id(), true)).isEmpty();
            assertThatThrownBy(() -> s.deleteProfile("nobody")).hasMessageContaining("no profile named 'nobody'");
        }
    }

    @Test
    void exportAndImportRoundTrip() {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile a = s.createProfile("alice", "paper", TrackParams.defaults().withLength(5));
            s.addRating(rating(a.id(), 8, 4));
            long undone = s.addRating(rating(a.id(), 2, 5));
            s.setUndone(undone, true);
            s.keep(a.id(), transition(6).after(), "keeper");
            String json = s.exportProfile("alice");
            Profile b = s.importProfile(json, Optional.of("alice copy"));
            assertThat(b.params()).isEqualTo(a.params());
            assertThat(s.ratings(b.id(), true)).extracting(RatingRecord::rating, RatingRecord::transition, RatingRecord::undone)
                    .isEqualTo(s.ratings(a.id(), true).stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.rating(),
                            r.transition(), r.undone())).toList());
            assertThat(s.kept(b.id())).extracting(KeptTrack::note).containsExactly("keeper");
            assertThatThrownBy(() -> s.importProfile(json, Optional.empty())).hasMessageContaining("exists already");
            assertThatThrownBy(() -> s.importProfile("{\"format\":\"x\"}", Optional.empty()))
                    .hasMessageContaining("not a hitl-midi profile export");
            String bad = json.replace("\"overall\" : 8", "\"overall\" : 11");
            assertThatThrownBy(() -> s.importProfile(bad, Optional.of("bad"))).hasMessageContaining("outside 1..10");
            assertThat(s.profile("bad")).isEmpty(); // nothing half-imported
        }
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedAndLeftUntouched() throws Exception {
        Path db = dir.resolve(DataDirs.DB_FILE);
        byte[] junk = "my precious notes, not a database".getBytes();
        Files.write(db, junk);
        assertThatThrownBy(() -> SqliteStore.openIn(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not a SQLite database").hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(db)).isEqualTo(junk);
    }

    @Test
    void aCorruptDatabaseIsRefusedAndLeftUntouched() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile p = s.createProfile("alice", "paper", TrackParams.defaults());
            for (int i = 0; i < 200; i++) {
                s.addRating(rating(p.id(), 1 + i % 10, i));
            }
        }
        Path db = dir.resolve(DataDirs.DB_FILE);
        byte[] bytes = Files.readAllBytes(db);
        for (int i = 4096 + 100; i < bytes.length; i += 4096) { // scribble over every page past the first
            for (int k = 0; k < 64; k++) {
                bytes[i + k] = (byte) 0xA5;
            }
        }
        Files.write(db, bytes);
        assertThatThrownBy(() -> SqliteStore.openIn(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(db)).isEqualTo(bytes);
    }

    @Test
    void aNewerSchemaIsRefusedAndLeftUntouched() throws Exception {
        SqliteStore.openIn(dir).close();
        Path db = dir.resolve(DataDirs.DB_FILE);
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.execute("PRAGMA user_version=99");
        }
        byte[] before = Files.readAllBytes(db);
        assertThatThrownBy(() -> SqliteStore.openIn(dir)).hasMessageContaining("schema version 99")
                .hasMessageContaining("upgrade hitl-midi");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void aReadOnlyDataDirGetsAClearError() throws Exception {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        org.junit.jupiter.api.Assumptions.assumeFalse(canWrite(ro), "root ignores permissions; the fault suite uses a read-only mount");
        assertThatThrownBy(() -> SqliteStore.openIn(ro)).isInstanceOf(StoreException.class)
                .hasMessageContaining(ro.toString());
    }

    private static boolean canWrite(Path d) {
        try {
            Files.delete(Files.createFile(d.resolve("probe")));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void dataDirFollowsThePlatform() {
        assertThat(DataDirs.dataDir(Optional.empty(), Map.of("XDG_DATA_HOME", "/x/data"), "Linux", "/home/u"))
                .isEqualTo(Path.of("/x/data/hitl-midi"));
        assertThat(DataDirs.dataDir(Optional.empty(), Map.of(), "Linux", "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/hitl-midi"));
        assertThat(DataDirs.dataDir(Optional.empty(), Map.of(), "Mac OS X", "/Users/u"))
                .isEqualTo(Path.of("/Users/u/Library/Application Support/hitl-midi"));
        assertThat(DataDirs.dataDir(Optional.empty(), Map.of("APPDATA", "C:/Users/u/AppData/Roaming"), "Windows 11", "C:/Users/u"))
                .isEqualTo(Path.of("C:/Users/u/AppData/Roaming", "hitl-midi"));
        assertThat(DataDirs.dataDir(Optional.of(Path.of("/tmp/d")), Map.of(), "Linux", "/home/u")).isEqualTo(Path.of("/tmp/d"));
    }
}
