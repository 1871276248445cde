package org.hitlmidi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.learn.Learners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hitl-midi doctor` on damaged stores (issue 16, break 7): it names exactly the rows a device's replay skips (a bad
 * track, bad parameters, bad part ratings, a bad time), and says what to do with a database SQLite cannot read, changing
 * nothing.
 */
class DoctorTest {
    @TempDir
    Path dir;

    @Test
    void doctorNamesEveryRowTheReplaySkipsAndNoOther() throws Exception {
        Profile p = SyntheticHistory.write(dir, "default", Learners.DEFAULT, 40, 10, 1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(DataDirs.DB_FILE));
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE ratings SET track = '{not json' WHERE id = 7");
            s.executeUpdate("UPDATE ratings SET params = '[' WHERE id = 9");
            s.executeUpdate("UPDATE ratings SET parts = '{\"bass\": \"loud\"}' WHERE id = 11");
            s.executeUpdate("UPDATE ratings SET time = 'yesterday' WHERE id = 13");
        }
        List<Long> skipped = new ArrayList<>();
        try (SqliteStore store = SqliteStore.openIn(dir)) {
            List<Long> read = new ArrayList<>();
            store.replay(p.id(), 0, 0, f -> read.add(((RatingRecord) f).id()));
            for (long id = 1; id <= 40; id++) {
                if (!read.contains(id)) {
                    skipped.add(id);
                }
            }
        }
        assertThat(skipped).containsExactly(7L, 9L, 11L, 13L);
        Doctor.Report r = Doctor.check(dir);
        assertThat(r.problems()).isEqualTo(4);
        for (long id : skipped) {
            assertThat(r.lines()).anyMatch(l -> l.startsWith("PROBLEM  rating " + id + " of profile"));
        }
    }

    @Test
    void aDamagedDatabaseIsNamedWithWhatToDoAndLeftAsItWas() throws Exception {
        SyntheticHistory.write(dir, "default", Learners.DEFAULT, 300, 40, 1);
        Path db = dir.resolve(DataDirs.DB_FILE);
        byte[] whole = Files.readAllBytes(db);
        Files.write(db, java.util.Arrays.copyOf(whole, whole.length / 2)); // cut in half
        byte[] cut = Files.readAllBytes(db);
        List<String> before;
        try (var files = Files.list(dir)) {
            before = files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith("-wal") && !n.endsWith("-shm"))
                    .sorted().toList();
        }
        Doctor.Report r = Doctor.check(dir);
        assertThat(r.ok()).isFalse();
        assertThat(r.lines()).anyMatch(l -> l.startsWith("PROBLEM  ") && l.contains(db.toString()));
        assertThat(r.lines()).anyMatch(l -> l.contains("restore a backup, or move the database away"));
        assertThat(Files.readAllBytes(db)).isEqualTo(cut);
        try (var files = Files.list(dir)) {
            // SQLite's read-only connection leaves an empty -wal and its -shm (a WAL database); nothing else appears
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith("-wal") && !n.endsWith("-shm"))
                    .sorted().toList()).as("no file made or removed")
                    .isEqualTo(before);
        }
    }
}
