package org.hitlmidi.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.SessionLoop;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;

/**
 * The device's session core with no port, socket or player: what {@code simulate} drives. A throwaway data dir (a
 * SQLite file in a temporary folder, not durable, deleted on close) holds one profile with the learner and parameters
 * given; each rating goes through {@link RateStep#rate}, the very step a listener's rating takes on the device (stored
 * first, then learned and counted, then the next track made current), and the learner is built as the device builds
 * it. Started with the same seed and given the same ratings, the device plays the same tracks and ends with the same
 * learner ({@code SimulateDeviceCoreTest}). Not thread-safe: one per seed.
 */
public final class HeadlessSession implements SessionLoop {
    /** The profile's name in the throwaway store. */
    static final String PROFILE = "simulated";

    private final Path dir;
    private final SqliteStore store;
    private final Session session;
    private final Ahead ahead;

    private HeadlessSession(Path dir, SqliteStore store, Session session, Ahead ahead) {
        this.dir = dir;
        this.store = store;
        this.session = session;
        this.ahead = ahead;
    }

    /**
     * A session of the learner preset {@code learner} (a name or a file, as {@code presets} finds it) on
     * {@code params}, its randomness from {@code seed}, as a device started with {@code --seed seed} on a profile
     * of that learner and those parameters.
     */
    public static HeadlessSession open(Presets presets, String learner, TrackParams params, long seed) {
        Path dir;
        try {
            dir = Files.createTempDirectory("hitl-sim-session-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SqliteStore store = null;
        Ahead ahead = null;
        try {
            store = SqliteStore.openScratch(dir);
            Profile p = store.createProfile(PROFILE, learner, params);
            Session s = new Session(store, presets, line -> { }, new SplittableRandom(seed),
                    new DeviceSettings(dir, line -> { }), id -> { });
            ahead = new Ahead(Transport.daemonExecutor("hitl-midi-sim-ahead"), line -> { });
            s.makeAhead(ahead); // as the device: the next track's candidates made while a track is rated
            s.operation(() -> {
                s.load(p);
                return null;
            });
            return new HeadlessSession(dir, store, s, ahead);
        } catch (RuntimeException | Error e) {
            if (ahead != null) {
                ahead.close();
            }
            if (store != null) {
                store.close();
            }
            DataDirs.deleteTree(dir);
            throw e;
        }
    }

    @Override
    public Track current() {
        return session.current().track();
    }

    @Override
    public void rate(Rating rating, boolean next) {
        session.operation(() -> RateStep.rate(session, rating, "simulate", next, Runnable::run, () -> { }, null));
    }

    @Override
    public Learner learner() {
        return session.learner();
    }

    @Override
    public void close() {
        try {
            ahead.close();
            store.close();
        } finally {
            DataDirs.deleteTree(dir);
        }
    }
}
