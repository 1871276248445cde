package org.hitlmidi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hitlmidi.store.StoreRecords.T;
import static org.hitlmidi.store.StoreRecords.rating;
import static org.hitlmidi.store.StoreRecords.signal;
import static org.hitlmidi.store.StoreRecords.transition;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a learner is rebuilt from: the store's feedback in the order it came (ratings and signals interleaved, after a
 * position), replayed under each record's parameters with undone ratings left out; and the store's smaller duties a
 * device rests on (sessions, scenes, counts, ids, a file replaced under it, a row that cannot be read).
 */
class StoreReplayTest {

    @TempDir
    Path dir;

    private static String label(Feedback f) {
        return f instanceof RatingRecord r ? (r.undone() ? "u" : "r") + r.rating().overall() + "#" + r.id()
                : ((SignalRecord) f).signal().id() + "#" + ((SignalRecord) f).id();
    }

    /** r1 keep r2 skip skip r3(undone) export r4, with parameters changed before r3. */
    private static long fill(SqliteStore s) {
        Profile p = s.createProfile("p", "taste-model", TrackParams.defaults());
        s.addRating(rating(p.id(), 1, 1));
        s.addSignal(signal(p.id(), ImplicitSignal.KEEP, 2));
        s.addRating(rating(p.id(), 2, 3));
        s.addSignal(signal(p.id(), ImplicitSignal.SKIP, 4));
        s.addSignal(signal(p.id(), ImplicitSignal.SKIP, 5));
        TrackParams other = TrackParams.defaults().withTempo(TrackParams.defaults().tempo() + 20);
        s.updateProfile("p", "taste-model", other);
        long r3 = s.addRating(rating(p.id(), 3, 6));
        s.setUndone(r3, true);
        s.addSignal(signal(p.id(), ImplicitSignal.EXPORT, 7));
        s.addRating(rating(p.id(), 4, 8));
        return p.id();
    }

    private static List<String> replayed(Store s, long profile, long afterRating, long afterSignal) {
        List<String> out = new ArrayList<>();
        s.replay(profile, afterRating, afterSignal, f -> out.add(label(f)));
        return out;
    }

    @Test
    void replayStreamsRatingsAndSignalsInTheOrderTheyCameFromAnyPosition() {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            long p = fill(s);
            List<String> all = s.feedback(p).stream().map(StoreReplayTest::label).toList();
            assertThat(all).containsExactly("r1#1", "keep#1", "r2#2", "skip#2", "skip#3", "u3#3", "export#4", "r4#4");
            Store byDefault = StoreDefaults.over(s);
            assertThat(byDefault.feedback(p).stream().map(StoreReplayTest::label).toList()).isEqualTo(all);
            for (long afterRating = 0; afterRating <= 4; afterRating++) {
                for (long afterSignal = 0; afterSignal <= 4; afterSignal++) {
                    long ar = afterRating;
                    long as = afterSignal;
                    List<String> expected = all.stream().filter(l -> {
                        long id = Long.parseLong(l.substring(l.indexOf('#') + 1));
                        return l.startsWith("r") || l.startsWith("u") ? id > ar : id > as;
                    }).toList();
                    assertThat(replayed(s, p, ar, as)).as("after rating %d, signal %d", ar, as).isEqualTo(expected);
                    assertThat(replayed(byDefault, p, ar, as)).as("default, after rating %d, signal %d", ar, as)
                            .isEqualTo(expected);
                }
            }
            assertThat(replayed(s, p + 1, 0, 0)).as("another profile's feedback").isEmpty();
        }
    }

    @Test
    void aReplayTeachesEveryRatingButTheUndoneAndEverySignalUnderItsOwnParameters() {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            long p = fill(s);
            List<String> calls = new ArrayList<>();
            Learner learner = (Learner) Proxy.newProxyInstance(Learner.class.getClassLoader(),
                    new Class<?>[] {Learner.class}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "params" -> calls.add("params " + ((TrackParams) args[0]).tempo());
                            case "learn" -> calls.add("learn " + ((Rating) args[1]).overall());
                            case "signal" -> calls.add("signal " + ((ImplicitSignal) args[1]).id());
                            default -> throw new AssertionError("a replay called " + m.getName());
                        }
                        return null;
                    });
            double tempo = TrackParams.defaults().tempo();
            assertThat(Feedback.replay(s.feedback(p), learner)).isEqualTo(3);
            assertThat(calls).containsExactly("params " + tempo, "learn 1", "signal keep", "learn 2", "signal skip",
                    "signal skip", "params " + (tempo + 20), "signal export", "learn 4");
            assertThat(Feedback.replay(List.of(), learner)).isZero();
        }
    }

    @Test
    void idsReturnedAreTheStoredOnesAndCountsSayWhatIsStored() {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            long p = fill(s);
            assertThat(s.ratingCount(p, true)).isEqualTo(4);
            assertThat(s.ratingCount(p, false)).isEqualTo(3);
            assertThat(s.ratingCount(p + 1, true)).isZero();
            long sig = s.addSignal(signal(p, ImplicitSignal.KEEP, 9));
            assertThat(sig).isEqualTo(5);
            assertThat(s.signals(p).get(4).id()).isEqualTo(sig);
            assertThat(s.signals(p).get(4).afterRating()).isEqualTo(4);
            long k1 = s.keep(p, transition(1).after(), "first");
            long k2 = s.keep(p, transition(2).after(), null);
            assertThat(k2).isGreaterThan(k1).isPositive();
            assertThat(s.kept(p)).extracting(KeptTrack::id).containsExactly(k1, k2);
            assertThat(s.kept(p)).extracting(KeptTrack::note).containsExactly("first", "");
        }
    }

    @Test
    void aSessionWithNothingStoredLeavesNoRowAndOneWithARatingIsEnded() throws Exception {
        Path file;
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            file = s.file();
            Profile p = s.createProfile("p", "taste-model", TrackParams.defaults());
            long empty = s.startSession(p.id());
            long used = s.startSession(p.id());
            long withSignal = s.startSession(p.id());
            assertThat(used).isGreaterThan(empty);
            s.addRating(new RatingRecord(0, p.id(), used, T, "taste-model", Rating.of(5), transition(1), "test", false));
            s.addSignal(new SignalRecord(0, p.id(), withSignal, T, ImplicitSignal.SKIP, transition(2), 0));
            s.endSession(empty);
            s.endSession(used);
            s.endSession(withSignal);
            assertThat(s.ratings(p.id(), true).get(0).sessionId()).isEqualTo(used);
            assertThat(s.signals(p.id()).get(0).sessionId()).isEqualTo(withSignal);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, ended IS NOT NULL FROM sessions ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getLong(1) + (rs.getBoolean(2) ? " ended" : " open"));
            }
            assertThat(rows).containsExactly("2 ended", "3 ended");
        }
    }

    @Test
    void scenesAreSavedByNumberReplacedAndListedInOrder() {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile p = s.createProfile("p", "taste-model", TrackParams.defaults());
            Profile q = s.createProfile("q", "taste-model", TrackParams.defaults());
            s.saveScene(p.id(), 128, "{\"n\":128}");
            s.saveScene(p.id(), 1, "{\"n\":1}");
            s.saveScene(p.id(), 7, "{\"n\":7}");
            s.saveScene(p.id(), 7, "{\"n\":\"seven\"}");
            s.saveScene(q.id(), 7, "{\"q\":7}");
            assertThat(s.scenes(p.id())).containsExactly(java.util.Map.entry(1, "{\"n\":1}"),
                    java.util.Map.entry(7, "{\"n\":\"seven\"}"), java.util.Map.entry(128, "{\"n\":128}"));
            assertThat(s.scenes(q.id())).containsOnlyKeys(7);
            assertThatThrownBy(() -> s.saveScene(p.id(), 0, "{}")).hasMessageContaining("scene 0 outside 1..128");
            assertThatThrownBy(() -> s.saveScene(p.id(), 129, "{}")).hasMessageContaining("scene 129 outside 1..128");
        }
    }

    @Test
    void aDatabaseReplacedUnderTheStoreMakesItLostAndNothingMoreIsStored() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile p = s.createProfile("p", "taste-model", TrackParams.defaults());
            s.addRating(rating(p.id(), 5, 1));
            assertThat(s.lost()).isFalse();
            Path copy = dir.resolve("copy.db");
            Files.copy(s.file(), copy);
            Files.move(copy, s.file(), StandardCopyOption.REPLACE_EXISTING);
            assertThat(s.lost()).isTrue();
            assertThatThrownBy(() -> s.addRating(rating(p.id(), 6, 2))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("replaced by another file").hasMessageContaining("nothing more is stored");
        }
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            assertThat(s.ratingCount(s.profile("p").orElseThrow().id(), true)).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseDeletedUnderTheStoreIsSaidSo() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile p = s.createProfile("p", "taste-model", TrackParams.defaults());
            Files.delete(s.file());
            assertThatThrownBy(() -> s.addRating(rating(p.id(), 6, 2))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("was deleted");
            assertThat(s.lost()).isTrue();
        }
    }

    @Test
    void aRowThatCannotBeReadIsSkippedAndSaidOnceAndTheRestReplays() throws Exception {
        Path file;
        long p;
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            file = s.file();
            p = fill(s);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("UPDATE ratings SET track = 'not json' WHERE id = 2");
            st.execute("UPDATE signals SET track = 'not json' WHERE id = 3");
        }
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            assertThat(s.skippedRows()).isEmpty();
            assertThat(replayed(s, p, 0, 0)).containsExactly("r1#1", "keep#1", "skip#2", "u3#3", "export#4", "r4#4");
            assertThat(s.skippedRows()).hasSize(2);
            assertThat(s.skippedRows()).anySatisfy(r -> assertThat(r).startsWith("signal 3 of profile " + p + " cannot be read"))
                    .anySatisfy(r -> assertThat(r).startsWith("rating 2 of profile " + p + " cannot be read"));
            List<String> said = new ArrayList<>();
            s.onSkippedRow(said::add);
            assertThat(said).as("rows skipped before are said at once").hasSize(2);
            assertThat(s.ratings(p, true)).hasSize(3);
            assertThat(said).as("the same row is said once").hasSize(2);
        }
    }

    @Test
    void recordsKeepTheirOwnParametersAndSessionsThroughTheFileAndAnExport() {
        TrackParams own = TrackParams.defaults().withTempo(TrackParams.defaults().tempo() + 33);
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile p = s.createProfile("p", "paper", TrackParams.defaults());
            long session = s.startSession(p.id());
            s.addRating(new RatingRecord(0, p.id(), null, T, "paper", Rating.of(4), transition(1), "test", false, own));
            s.addRating(new RatingRecord(0, p.id(), session, T, "paper", Rating.of(5), transition(2), "test", false));
            s.addSignal(new SignalRecord(0, p.id(), null, T, ImplicitSignal.SKIP, transition(3), 0, own));
            s.addSignal(new SignalRecord(0, p.id(), session, T, ImplicitSignal.KEEP, transition(4), 0));
            List<RatingRecord> ratings = s.ratings(p.id(), true);
            List<SignalRecord> signals = s.signals(p.id());
            assertThat(ratings).extracting(RatingRecord::params).containsExactly(own, TrackParams.defaults());
            assertThat(ratings).extracting(RatingRecord::sessionId).containsExactly(null, session);
            assertThat(signals).extracting(SignalRecord::params).containsExactly(own, TrackParams.defaults());
            assertThat(signals).extracting(SignalRecord::sessionId).containsExactly(null, session);
            List<Feedback> replayed = new ArrayList<>();
            s.replay(p.id(), 0, 0, replayed::add);
            // r(own), r, skip(own), keep: both signals came after both ratings
            assertThat(replayed).extracting(Feedback::params).containsExactly(own, TrackParams.defaults(), own,
                    TrackParams.defaults());

            Profile copy = s.importProfile(s.exportProfile("p"), java.util.Optional.of("copy"));
            assertThat(copy.learner()).isEqualTo("paper");
            assertThat(s.ratings(copy.id(), true)).extracting(RatingRecord::params).containsExactly(own,
                    TrackParams.defaults());
            assertThat(s.signals(copy.id())).extracting(SignalRecord::params).containsExactly(own, TrackParams.defaults());
        }
    }

    @Test
    void afterAnImportEveryWriteIsCommittedAgainOnItsOwn() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            long p = fill(s);
            Profile copy = s.importProfile(s.exportProfile("p"), java.util.Optional.of("copy"));
            s.addRating(rating(copy.id(), 9, 11));
            // another connection sees it at once: the store is back in autocommit after the import's transaction
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + s.file()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM ratings WHERE profile_id = " + copy.id())) {
                assertThat(rs.getLong(1)).isEqualTo(5);
            }
            assertThat(s.ratingCount(p, true)).isEqualTo(4);
        }
    }

    @Test
    void aWalFileLeftReadableByOthersIsMadePrivateWhenTheStoreOpens() throws Exception {
        try (SqliteStore first = SqliteStore.openIn(dir)) {
            fill(first); // the WAL exists while a connection is open
            Path wal = Path.of(first.file() + "-wal");
            Path shm = Path.of(first.file() + "-shm");
            var loose = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(wal, loose);
            Files.setPosixFilePermissions(shm, loose);
            try (SqliteStore second = SqliteStore.openIn(dir)) {
                var priv = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
                assertThat(Files.getPosixFilePermissions(wal)).isEqualTo(priv);
                assertThat(Files.getPosixFilePermissions(shm)).isEqualTo(priv);
            }
        }
    }

    @Test
    void aRowThatRatingsReadsFirstIsSaidToTheListenerAsItIsSkipped() throws Exception {
        Path file;
        long p;
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            file = s.file();
            p = fill(s);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("UPDATE ratings SET track = 'not json' WHERE id = 2");
        }
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            List<String> said = new ArrayList<>();
            s.onSkippedRow(said::add);
            assertThat(said).isEmpty();
            assertThat(s.ratings(p, true)).extracting(RatingRecord::id).containsExactly(1L, 3L, 4L);
            assertThat(said).singleElement().satisfies(w -> assertThat(w).startsWith("rating 2 of profile " + p));
            assertThat(s.skippedRows()).isEqualTo(said);
        }
    }
}
