package org.hitlmidi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hitlmidi.store.StoreRecords.rating;
import static org.hitlmidi.store.StoreRecords.signal;
import static org.hitlmidi.store.StoreRecords.transition;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.TrackJson;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Implicit signals and profile settings in the SQLite store: migration, order, export and import. */
class FeedbackStoreTest {
    /** The schema of version 1 exactly as SqliteStore created it before signals and settings existed. */
    private static final String SCHEMA_1 = """
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
            """;

    @TempDir
    Path dir;

    /** The profile's feedback as "r7", "u3" (undone), "skip"...: what a replay sees, in its order. */
    private static List<String> order(Store s, long profile) {
        return s.feedback(profile).stream().map(f -> f instanceof RatingRecord r
                ? (r.undone() ? "u" : "r") + r.rating().overall() : ((SignalRecord) f).signal().id()).toList();
    }

    @Test
    void aVersion1FileUpgradesInPlaceAndKeepsItsRatings() throws Exception {
        Path file = dir.resolve(DataDirs.DB_FILE);
        Transition heard = transition(3);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            for (String stmt : SCHEMA_1.split(";")) {
                if (!stmt.isBlank()) {
                    st.execute(stmt);
                }
            }
            st.execute("PRAGMA user_version=1");
            st.execute("INSERT INTO profiles(name, learner, params, created) VALUES ('old', 'taste-model', '"
                    + TrackJson.toJson(TrackParams.defaults()) + "', '2025-01-01T00:00:00Z')");
            st.execute("INSERT INTO ratings(profile_id, time, learner, overall, before_track, action, track, source)"
                    + " VALUES (1, '2025-01-01T00:01:00Z', 'taste-model', 6, '" + TrackJson.toText(heard.before()) + "', '"
                    + heard.action() + "', '" + TrackJson.toText(heard.after()) + "', 'cli')");
        }
        try (SqliteStore s = SqliteStore.open(file)) {
            assertThat(s.schemaVersion()).isEqualTo(SqliteStore.SCHEMA_VERSION).isEqualTo(3);
            Profile p = s.profile("old").orElseThrow();
            assertThat(s.ratings(p.id(), true)).singleElement().satisfies(r -> {
                assertThat(r.rating().overall()).isEqualTo(6);
                assertThat(r.transition()).isEqualTo(heard);
                assertThat(r.params()).as("schema 3: a row stored before has its profile's parameters")
                        .isEqualTo(TrackParams.defaults());
            });
            assertThat(s.signals(p.id())).isEmpty();
            assertThat(s.settings(p.id())).isEmpty();
            s.addSignal(signal(p.id(), ImplicitSignal.KEEP, 4));
            s.setSetting(p.id(), "exploration", "0.25");
            assertThat(order(s, p.id())).containsExactly("r6", "keep");
            assertThat(s.signals(p.id())).singleElement().satisfies(x -> assertThat(x.params()).isEqualTo(p.params()));
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
        try (SqliteStore s = SqliteStore.open(file)) { // opening again migrates nothing and loses nothing
            Profile p = s.profile("old").orElseThrow();
            assertThat(order(s, p.id())).containsExactly("r6", "keep");
            assertThat(s.settings(p.id())).containsExactly(Map.entry("exploration", "0.25"));
        }
    }

    @Test
    void signalsKeepTheirPlaceAmongRatingsAndDieWithTheirProfile() {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile a = s.createProfile("alice", "taste-model", TrackParams.defaults());
            Profile b = s.createProfile("bob", "taste-model", TrackParams.defaults());
            s.addSignal(signal(a.id(), ImplicitSignal.SKIP, 1));
            s.addRating(rating(a.id(), 7, 2));
            s.addRating(rating(b.id(), 1, 3)); // another profile's rating between them changes nothing
            s.addSignal(signal(a.id(), ImplicitSignal.KEEP, 4));
            s.addSignal(signal(a.id(), ImplicitSignal.EXPORT, 5));
            long undone = s.addRating(rating(a.id(), 3, 6));
            s.setUndone(undone, true);
            s.addSignal(signal(a.id(), ImplicitSignal.SKIP, 7));
            s.addRating(rating(a.id(), 9, 8));
            assertThat(order(s, a.id())).containsExactly("skip", "r7", "keep", "export", "u3", "skip", "r9");
            // summaries: the same ratings, with keys that are equal exactly when the tracks are
            List<RatingRecord> full = s.ratings(a.id(), true);
            List<RatingSummary> sums = s.ratingSummaries(a.id());
            assertThat(sums).extracting(RatingSummary::id, RatingSummary::rating, RatingSummary::undone)
                    .isEqualTo(full.stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.id(), r.rating(), r.undone()))
                            .toList());
            long equalPairs = 0;
            for (int i = 0; i < full.size(); i++) {
                for (int j = 0; j < full.size(); j++) {
                    equalPairs += full.get(i).transition().before().equals(full.get(j).transition().after()) ? 1 : 0;
                    assertThat(sums.get(i).before().equals(sums.get(j).after()))
                            .isEqualTo(full.get(i).transition().before().equals(full.get(j).transition().after()));
                }
            }
            assertThat(equalPairs).as("the check meets equal tracks too").isPositive();
            assertThat(order(s, b.id())).containsExactly("r1");
            assertThat(s.signals(a.id())).extracting(SignalRecord::transition)
                    .containsExactly(transition(1), transition(4), transition(5), transition(7));

            s.setSetting(a.id(), "exploration", "0.5");
            s.setSetting(a.id(), "exploration", "0.75");
            s.setSetting(b.id(), "exploration", "0.1");
            assertThat(s.settings(a.id())).containsExactly(Map.entry("exploration", "0.75"));
            s.setSetting(b.id(), "exploration", null);
            assertThat(s.settings(b.id())).isEmpty();
            assertThatThrownBy(() -> s.setSetting(a.id(), "Bad Key", "1")).hasMessageContaining("setting key");

            s.deleteProfile("alice");
            assertThat(s.signals(a.id())).isEmpty();
            assertThat(s.settings(a.id())).isEmpty();
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
    }

    @Test
    void exportAndImportKeepSignalsInPlaceAndSettings() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile a = s.createProfile("alice", "taste-model", TrackParams.defaults());
            s.addSignal(signal(a.id(), ImplicitSignal.SKIP, 1));
            s.addRating(rating(a.id(), 7, 2));
            s.addSignal(signal(a.id(), ImplicitSignal.KEEP, 3));
            long u = s.addRating(rating(a.id(), 4, 4));
            s.setUndone(u, true);
            s.addRating(rating(a.id(), 8, 5));
            s.addSignal(signal(a.id(), ImplicitSignal.EXPORT, 6));
            s.addSignal(signal(a.id(), ImplicitSignal.SKIP, 7));
            s.setSetting(a.id(), "exploration", "0.3");
            String json = s.exportProfile("alice");
            assertThat(new ObjectMapper().readTree(json).path("version").asInt()).isEqualTo(SqliteStore.EXPORT_VERSION);

            Profile b = s.importProfile(json, Optional.of("alice 2"));
            assertThat(order(s, b.id())).isEqualTo(order(s, a.id()))
                    .containsExactly("skip", "r7", "keep", "u4", "r8", "export", "skip");
            assertThat(s.signals(b.id())).extracting(SignalRecord::transition, SignalRecord::time)
                    .isEqualTo(s.signals(a.id()).stream().map(x -> org.assertj.core.groups.Tuple.tuple(x.transition(),
                            x.time())).toList());
            assertThat(s.settings(b.id())).containsExactly(Map.entry("exploration", "0.3"));

            // a file of the first export format (no signals, no settings) still imports
            ObjectNode v1 = (ObjectNode) new ObjectMapper().readTree(json);
            v1.put("version", 1);
            v1.remove("signals");
            v1.remove("settings");
            Profile c = s.importProfile(v1.toString(), Optional.of("alice v1"));
            assertThat(order(s, c.id())).containsExactly("r7", "u4", "r8");
            assertThat(s.settings(c.id())).isEmpty();

            // all or nothing: a bad signal, a bad place, a bad setting, a newer version import nothing
            for (String bad : List.of(json.replace("\"signal\" : \"keep\"", "\"signal\" : \"like\""),
                    json.replace("\"after\" : 3", "\"after\" : 9"),
                    json.replace("\"after\" : 1", "\"after\" : 2").replace("\"after\" : 3", "\"after\" : 1"),
                    json.replace("\"exploration\" : \"0.3\"", "\"exploration\" : 0.3"),
                    json.replace("\"version\" : 2", "\"version\" : 3"))) {
                assertThat(bad).isNotEqualTo(json);
                assertThatThrownBy(() -> s.importProfile(bad, Optional.of("bad"))).isInstanceOf(StoreException.class);
                assertThat(s.profile("bad")).isEmpty();
            }
            assertThat(s.integrityCheck()).isEqualTo("ok");
        }
    }
}
