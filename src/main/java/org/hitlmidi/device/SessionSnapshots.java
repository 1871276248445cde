package org.hitlmidi.device;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.preset.Preset;
import org.hitlmidi.store.Store;

/**
 * The default learner's snapshots on disk ({@link LearnerSnapshots}) as a {@link Session} keeps them: which files, and
 * the configuration hash of the live learner when a snapshot can hold it. With no files (tests of the session alone)
 * every method does nothing and a build replays everything.
 */
final class SessionSnapshots {
    private LearnerSnapshots files;
    /** The live learner's configuration hash when a snapshot can hold it, else null. */
    private String liveHash;

    void use(LearnerSnapshots s) {
        this.files = s;
    }

    /** The live learner is now one built with {@code hash} (null: one no snapshot holds). */
    void live(String hash) {
        this.liveHash = hash;
    }

    /** The hash a snapshot of {@code built} (made from {@code preset}) is kept under, or null if none can hold it. */
    String hashFor(Learner built, Preset preset) {
        return files != null && built instanceof org.hitlmidi.learn.RewardModelLearner
                ? LearnerSnapshots.configHash(preset) : null;
    }

    /** The snapshot of profile {@code profileId}'s learner restored into {@code fresh}, or null if none is valid. */
    Checkpoints.State load(Store store, long profileId, String hash, Learner fresh) {
        return hash == null ? null : Session.storeCall(() -> files.load(store, profileId, hash, fresh));
    }

    /** After a replay of {@code replayed} records into {@code s}: a new snapshot if the replay was long. */
    void replayed(Store store, long profileId, String hash, long replayed, Checkpoints.State s) {
        if (hash != null && replayed >= LearnerSnapshots.WRITE_AFTER) {
            files.writeLater(Session.storeCall(() -> files.capture(store, profileId, hash, s)));
        }
    }

    /** Counts a rating learned live; every {@link LearnerSnapshots#EVERY} a snapshot of the live learner is written. */
    void rated(Store store, long profileId, Checkpoints.State live) {
        if (files != null && liveHash != null && files.rated()) {
            files.writeLater(files.capture(store, profileId, liveHash, live));
        }
    }

    /**
     * When the device stops: a snapshot of the live learner if it learned since the last one and its history of
     * {@code ratings} is long enough for a replay to matter; then waits for the writes under way.
     */
    void close(Store store, long profileId, long ratings, Supplier<Checkpoints.State> live, Consumer<String> log) {
        if (files == null) {
            return;
        }
        if (liveHash != null && files.since() > 0 && ratings >= LearnerSnapshots.WRITE_AFTER) {
            try {
                files.writeLater(files.capture(store, profileId, liveHash, live.get()));
            } catch (RuntimeException e) {
                log.accept("learner snapshot not taken: " + e.getMessage());
            }
        }
        files.close(120);
    }
}
