package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's state is one record, replaced whole when an operation ends: an operation that throws midway
 * leaves the very record it found, whatever it had replaced before the throw.
 */
class SessionStateTest {
    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    @Test
    void anOperationThatThrowsMidwayLeavesTheRecordItFound() {
        try (SqliteStore store = SqliteStore.openIn(dir.resolve("data"))) {
            Session s = new Session(store, Presets.builtInOnly(), log::add, new SplittableRandom(1),
                    new DeviceSettings(dir.resolve("data"), log::add), id -> { });
            Profile p = store.createProfile("default", Learners.DEFAULT, TrackParams.defaults());
            s.operation(() -> {
                s.load(p);
                return null;
            });
            SessionState before = s.state();
            assertThat(before.current()).isNotNull();
            assertThatThrownBy(() -> s.operation(() -> {
                s.set(s.state().withSettings(0.5, false, Set.of(Part.BASS), before.live()));
                s.newEpisode(); // a new current track, in a new episode
                assertThat(s.state()).as("within the operation, its own state").isNotEqualTo(before);
                throw new IllegalStateException("midway");
            })).hasMessage("midway");
            assertThat(s.state()).isSameAs(before);

            // an operation that returns leaves what it made
            s.operation(() -> {
                s.set(s.state().withSettings(0.5, false, Set.of(Part.BASS), before.live()));
                return null;
            });
            assertThat(s.state().exploration()).isEqualTo(0.5);
            assertThat(s.state().muted()).containsExactly(Part.BASS);
        }
    }

    /**
     * A rating whose write fails had made the next track current and taught the learner midway: the session is as
     * it was (the same track, counts and undo), its learner as the store has it.
     */
    @Test
    void aRatingWhoseWriteFailsLeavesTheStateItFound() throws Exception {
        try (DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"),
                false, "default", "synth", Optional.empty(), OptionalLong.of(5), false, null), PortOutputs::open)) {
            Device d = r.device();
            d.rate(new Rating(6, java.util.Map.of()), "test", Optional.empty(), true);
            SessionState before = d.sessionStateForTest();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
                    + dir.resolve("data").resolve(DataDirs.DB_FILE).toAbsolutePath());
                 Statement st = c.createStatement()) {
                st.execute("CREATE TRIGGER no_ratings BEFORE INSERT ON ratings BEGIN SELECT RAISE(ABORT, 'no room'); END");
            }
            assertThatThrownBy(() -> d.rate(new Rating(9, java.util.Map.of()), "test", Optional.empty(), true))
                    .isInstanceOf(ControlException.class).hasMessageContaining("not stored");
            SessionState after = d.sessionStateForTest();
            assertThat(after.current()).isEqualTo(before.current());
            assertThat(after.ratings()).isEqualTo(before.ratings());
            assertThat(after.lastRatingId()).isEqualTo(before.lastRatingId());
            assertThat(after.undo()).isEqualTo(before.undo());
            assertThat(after.profile()).isEqualTo(before.profile());
            assertThat(after.sessionId()).isEqualTo(before.sessionId());
            assertThat(after.learner().updates()).as("the learner without the rating not stored").isEqualTo(1)
                    .isEqualTo(d.rebuiltLearnerForTest().updates());
        }
    }
}
