package org.hitlmidi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.hitlmidi.learn.Aspect;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.SongComposer;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Part ratings in the SQLite file: stored, read, exported and imported; a file from before them reads as before. */
class PartRatingStoreTest {
    @TempDir
    Path dir;

    private static RatingRecord rating(long profile, Rating r, long seed) {
        Track t = new SongComposer(TrackParams.defaults()).fresh(new SplittableRandom(seed));
        return new RatingRecord(0, profile, null, Instant.parse("2026-12-02T02:00:00Z"), "taste-model", r,
                new Transition(t, new Action(ActionType.COMPOSE, 0), t), "test", false);
    }

    private static List<String> columns(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA table_info(ratings)")) {
            while (rs.next()) {
                out.add(rs.getString("name"));
            }
        }
        return out;
    }

    @Test
    void partRatingsAreStoredReadExportedAndImported() {
        Rating both = new Rating(7, Map.of(Aspect.NOVELTY, 4), Map.of(Part.BASS, 3, Part.DRUMS, 9));
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile p = s.createProfile("alice", "taste-model", TrackParams.defaults());
            s.addRating(rating(p.id(), both, 1));
            s.addRating(rating(p.id(), Rating.of(5), 2));
            assertThat(s.ratings(p.id(), true)).extracting(RatingRecord::rating).containsExactly(both, Rating.of(5));
            assertThat(s.ratingSummaries(p.id())).extracting(RatingSummary::rating).containsExactly(both, Rating.of(5));
            String export = s.exportProfile("alice");
            assertThat(export).contains("\"parts\"");
            Profile b = s.importProfile(export, Optional.of("bob"));
            assertThat(s.ratings(b.id(), true)).extracting(RatingRecord::rating).containsExactly(both, Rating.of(5));
        }
    }

    /**
     * A file written before part ratings has no {@code parts} column: it opens, gets the column, and its ratings read
     * as they were (no part rated). Opening it again adds nothing (the step is idempotent) and the schema version is
     * the one the numbered migrations give. Fails without the added column (the insert and the select name it).
     */
    @Test
    void aFileFromBeforePartRatingsReadsAsItWasAndGetsTheColumnOnce() throws Exception {
        Path db = dir.resolve(DataDirs.DB_FILE);
        long profile;
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            profile = s.createProfile("alice", "taste-model", TrackParams.defaults()).id();
            s.addRating(rating(profile, new Rating(6, Map.of(Aspect.MUSICALITY, 8)), 1));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE ratings DROP COLUMN parts"); // the file as an older hitl-midi left it
        }
        assertThat(columns(db)).doesNotContain("parts");
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            assertThat(s.schemaVersion()).isEqualTo(SqliteStore.SCHEMA_VERSION);
            assertThat(s.ratings(profile, true)).extracting(RatingRecord::rating)
                    .containsExactly(new Rating(6, Map.of(Aspect.MUSICALITY, 8)));
            s.addRating(rating(profile, Rating.of(4).withParts(Map.of(Part.CHORDS, 2)), 2));
        }
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            assertThat(s.ratings(profile, true)).extracting(r -> r.rating().parts())
                    .containsExactly(Map.of(), Map.of(Part.CHORDS, 2));
        }
        assertThat(columns(db).stream().filter("parts"::equals)).hasSize(1);
    }
}
