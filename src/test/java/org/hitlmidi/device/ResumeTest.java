package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Found by the kill -9 suite: a restart must go on from the last rated track even when an edit removed a note. */
class ResumeTest {
    @TempDir
    Path dir;

    private Track lastRated(TrackParams params, ActionType edit) {
        Track t = TrackGenerator.random(params, new SplittableRandom(5));
        Action a = new Action(edit, 1);
        Transition tr = new Transition(t, a, new Edits(EditRules.PAPER).apply(t, a));
        try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) {
            Profile p = s.createProfile(Profile.DEFAULT, Learners.PAPER, params);
            s.addRating(new RatingRecord(0, p.id(), null, Instant.now(), Learners.PAPER, Rating.of(8), tr, "test", false));
        }
        return tr.after();
    }

    private Track resumedFrom() throws Exception {
        try (DeviceRunner d = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                Profile.DEFAULT, "synth", java.util.Optional.empty(), OptionalLong.of(3), false, null), PortOutputs::open)) {
            return d.device().currentForTest().transition().before();
        }
    }

    @Test
    void aTrackThatLostANoteIsResumed() throws Exception {
        TrackParams params = TrackParams.defaults();
        Track last = lastRated(params, ActionType.NOTE_REMOVAL);
        assertThat(last.melody()).hasSize(params.length() - 1);
        assertThat(resumedFrom().melody()).isEqualTo(last.melody());
    }

    @Test
    void aTrackLongerThanTheLengthNowSetStartsANewEpisode() throws Exception {
        TrackParams params = TrackParams.defaults();
        Track last = lastRated(params, ActionType.PITCH_UP);
        try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) {
            s.updateProfile(Profile.DEFAULT, Learners.PAPER, params.withLength(params.length() - 2));
        }
        Track resumed = resumedFrom();
        assertThat(resumed.melody()).hasSize(params.length() - 2).isNotEqualTo(last.melody());
    }
}
