package org.hitlmidi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hitlmidi.Tmpfs;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a real full disk and a real read-only file system: small tmpfs mounts (needs root, as in CI).
 * Nothing acknowledged may be lost, and the error must say what happened.
 */
class StorageFaultTest {
    @TempDir
    Path tmp;
    private Tmpfs disk;
    private Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        disk = Tmpfs.mount(tmp.resolve("mnt"), "192k");
        mount = disk.dir();
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    private static RatingRecord rating(long profile, int i, SplittableRandom rng) {
        Track t = TrackGenerator.random(TrackParams.defaults().withLength(32), rng);
        Action a = new Action(ActionType.PITCH_UP, 0);
        return new RatingRecord(0, profile, null, Instant.now(), "paper", Rating.of(1 + i % 10),
                new Transition(t, a, new Edits(EditRules.PAPER).apply(t, a)), "test", false);
    }

    @Test
    void aFullDiskFailsTheRatingLoudlyAndLosesNoAcknowledgedOne() throws Exception {
        Path dir = mount.resolve("data");
        List<Long> acknowledged = new ArrayList<>();
        StoreException failure = null;
        SplittableRandom rng = new SplittableRandom(5);
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            long p = s.createProfile("alice", "paper", TrackParams.defaults()).id();
            for (int i = 0; i < 10_000 && failure == null; i++) {
                try {
                    acknowledged.add(s.addRating(rating(p, i, rng)));
                } catch (StoreException e) {
                    failure = e;
                }
            }
        }
        assertThat(failure).as("the 192 KiB disk must fill up").isNotNull();
        assertThat(failure.getMessage()).containsIgnoringCase("full");
        assertThat(acknowledged).isNotEmpty();
        // make room elsewhere on the same disk is impossible here: remount bigger and read everything back
        disk.remount("remount,size=4m");
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            Profile alice = s.profile("alice").orElseThrow();
            List<Long> stored = s.ratings(alice.id(), true).stream().map(RatingRecord::id).toList();
            assertThat(stored).containsAll(acknowledged);
            assertThat(s.integrityCheck()).isEqualTo("ok");
            System.out.printf("storage: %d ratings acknowledged before the 192 KiB tmpfs filled; the next one failed "
                    + "with '%s'; all %d read back after a remount, integrity_check ok%n", acknowledged.size(),
                    failure.getMessage(), stored.size());
        }
    }

    @Test
    void aReadOnlyFileSystemGetsAClearErrorAndTheFileIsUntouched() throws Exception {
        Path dir = mount.resolve("data");
        try (SqliteStore s = SqliteStore.openIn(dir)) {
            long p = s.createProfile("alice", "paper", TrackParams.defaults()).id();
            s.addRating(rating(p, 1, new SplittableRandom(1)));
        }
        byte[] before = Files.readAllBytes(dir.resolve(DataDirs.DB_FILE));
        disk.remount("remount,ro");
        assertThatThrownBy(() -> SqliteStore.openIn(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("read-only");
        assertThatThrownBy(() -> SqliteStore.openIn(mount.resolve("new"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot create the data directory");
        assertThat(Files.readAllBytes(dir.resolve(DataDirs.DB_FILE))).isEqualTo(before);
    }
}
