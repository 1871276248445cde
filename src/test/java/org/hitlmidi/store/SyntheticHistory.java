package org.hitlmidi.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.SongComposer;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackJson;
import org.hitlmidi.music.TrackParams;

/**
 * A long rating history written straight into a store's SQLite file, for benchmarks and tests of scale (issue 16,
 * item 9): chains of single edits from composed tracks, as a session makes them (each rating's track is the next
 * one's start; a fresh composition every {@code chain} ratings begins another episode), in one transaction
 * without an fsync per row. 300,000 ratings take well under a minute, where the device's own path (one fsync per
 * rating) would take hours.
 */
public final class SyntheticHistory {
    private SyntheticHistory() {
    }

    /**
     * Creates {@code profile} (with {@code learner} and default parameters) in the store of {@code dataDir} and
     * writes {@code ratings} ratings to it, seeded. Returns the profile.
     */
    public static Profile write(Path dataDir, String profile, String learner, int ratings, int chain, long seed) {
        TrackParams params = TrackParams.defaults();
        Profile p;
        try (SqliteStore s = SqliteStore.openIn(dataDir)) {
            p = s.createProfile(profile, learner, params);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        SongComposer composer = new SongComposer(params);
        Edits edits = new Edits(EditRules.PAPER.withKit(params.kit()));
        List<Track> fresh = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            fresh.add(composer.fresh(rng));
        }
        String paramsText = TrackJson.toJson(params).toString();
        Instant t0 = Instant.now().minusSeconds(ratings);
        ActionType[] types = {ActionType.PITCH_UP, ActionType.PITCH_DOWN, ActionType.DURATION_UP, ActionType.DURATION_DOWN};
        Path file = dataDir.resolve(DataDirs.DB_FILE);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA synchronous=OFF");
            }
            db.setAutoCommit(false);
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO ratings(profile_id, session_id, time, learner, overall, before_track, action, track,"
                            + " source, undone, params) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, 'bench', 0, ?)")) {
                Track before = null;
                String beforeText = null;
                for (int i = 0; i < ratings; i++) {
                    Action a;
                    Track after;
                    if (before == null || i % chain == 0) { // a fresh track heard unedited: a new episode
                        after = fresh.get(rng.nextInt(fresh.size()));
                        before = after;
                        beforeText = TrackJson.toText(before);
                        a = new Action(ActionType.COMPOSE, 0);
                    } else {
                        int n = Math.max(1, Edits.indices(before));
                        a = new Action(types[rng.nextInt(types.length)], rng.nextInt(n));
                        after = edits.apply(before, a);
                    }
                    String afterText = after == before ? beforeText : TrackJson.toText(after);
                    ps.setLong(1, p.id());
                    ps.setString(2, t0.plusSeconds(i).toString());
                    ps.setString(3, learner);
                    ps.setInt(4, 1 + rng.nextInt(10));
                    ps.setString(5, beforeText);
                    ps.setString(6, a.toString());
                    ps.setString(7, afterText);
                    ps.setString(8, paramsText);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                    before = after;
                    beforeText = afterText;
                }
                ps.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot write the synthetic history into " + file + ": " + e.getMessage(), e);
        }
        return p;
    }
}
