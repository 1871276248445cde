package org.hitlmidi.device;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.hitlmidi.Version;
import org.hitlmidi.learn.Episodes;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.RewardModelLearner;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackJson;
import org.hitlmidi.preset.Preset;
import org.hitlmidi.store.FeedbackMark;
import org.hitlmidi.store.Store;

/**
 * The default learner's state on disk, so that a start replays only the ratings since (issue 16, item 9: a start at
 * 300,000 ratings replayed them all, about 5 minutes). One file per profile in the data folder,
 * {@code learner-ID.snapshot}: the learner's model, part heads and heard tracks ({@link RewardModelLearner#image}),
 * its episodes and the store position it was taken at.
 *
 * <p>Never trusted blindly. A snapshot is used only when all of these hold, else it is ignored (said in the log) and
 * the learner is rebuilt from the whole history as before: the file is a regular file, not a link; its magic and format
 * are ours; its CRC-32C over every byte matches; it is of this profile; its configuration hash (the format, hitl-midi's
 * version, the learner preset's JSON, and the bytes of the classes that compute what a learner learns) is the one the
 * device computes now; and the store's feedback up to its position ({@link Store#mark}: ratings and their highest id,
 * undone ones and the sum of their ids, signals and their highest id) is what it was when the snapshot was taken, so
 * an undo or a repair of an older rating since, or another store, makes it stale.
 *
 * <p>Written atomically: a new file of its own (0600, never an existing path), flushed to disk, then renamed over the
 * old one, and the folder flushed. Taken after a start that replayed at least {@link #WRITE_AFTER} records, every
 * {@link #EVERY} ratings, and when the device stops (the writes of a running device on a thread of their own, from a
 * frozen image of the learner).
 */
final class LearnerSnapshots {
    static final int FORMAT = 2; // 2: a heard track's descriptors unexpanded (RewardModelLearner.Rated)
    private static final long MAGIC = 0x48544c534e415031L; // "HTLSNAP1"
    /** A start that replayed at least this many records writes a snapshot. */
    static final long WRITE_AFTER = 1024;
    /** Ratings learned live between two snapshots. */
    static final long EVERY = 4096;
    /** Classes whose code decides what the default learner learns from a rating: a change of any is a new hash. */
    private static final Class<?>[] CODE = {RewardModelLearner.class, org.hitlmidi.learn.BayesLinear.class,
        org.hitlmidi.learn.Descriptors.class, org.hitlmidi.learn.PartDescriptors.class,
        org.hitlmidi.learn.FeatureBasis.class, org.hitlmidi.learn.TrackKey.class, TrackJson.class,
        LearnerSnapshots.class};

    private final Path dir;
    private final Consumer<String> log;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hitl-midi-snapshot");
        t.setDaemon(true);
        return t;
    });
    /** Ratings learned live since the last snapshot was taken. */
    private long since;

    LearnerSnapshots(Path dir, Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    Path file(long profileId) {
        return dir.resolve("learner-" + profileId + ".snapshot");
    }

    /** What a snapshot must have been taken with to be used: see the class comment. */
    static String configHash(Preset preset) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(("format " + FORMAT + "\nversion " + Version.current() + "\npreset " + preset.json().toString())
                    .getBytes(StandardCharsets.UTF_8));
            for (Class<?> c : CODE) {
                try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                    md.update(c.getName().getBytes(StandardCharsets.UTF_8));
                    if (in != null) {
                        md.update(in.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash the learner's configuration: " + e, e);
        }
    }

    /** A state frozen to be written: nothing in it changes after. */
    record Capture(long profileId, String hash, long ratingId, long signalId, long ratings, Track last, int episode,
                   int inEpisode, Track episodesLast, FeedbackMark mark, RewardModelLearner.Image image) {
    }

    /** Freezes {@code s} (under the device's lock); null when its learner is not one a snapshot can hold. */
    Capture capture(Store store, long profileId, String hash, Checkpoints.State s) {
        since = 0;
        if (!(s.learner() instanceof RewardModelLearner l) || !(s.episodes().last() == null
                || s.episodes().last() instanceof Track)) {
            return null;
        }
        return new Capture(profileId, hash, s.ratingId(), s.signalId(), s.ratings(), s.last(), s.episodes().episode(),
                s.episodes().ratingsInEpisode(), (Track) s.episodes().last(), store.mark(profileId, s.ratingId(),
                s.signalId()), l.image());
    }

    /** Counts a rating learned live; true when a snapshot is due. */
    boolean rated() {
        return ++since >= EVERY;
    }

    /** Ratings learned live since the last snapshot. */
    long since() {
        return since;
    }

    /** Writes {@code c} on the snapshot thread; a failure is logged, as the store still holds everything. */
    void writeLater(Capture c) {
        if (c == null) {
            return;
        }
        writer.execute(() -> write(c));
    }

    /** Waits for the writes under way (at most {@code seconds}), then writes no more. */
    void close(long seconds) {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(seconds, TimeUnit.SECONDS)) {
                log.accept("a learner snapshot was still being written when the device stopped; the next start "
                        + "ignores a partial one");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes {@code c} atomically; false (and logged) when it could not. */
    boolean write(Capture c) {
        if (c == null) {
            return false;
        }
        long t0 = System.nanoTime();
        Path target = file(c.profileId());
        Path tmp = dir.resolve(target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
        try {
            Files.deleteIfExists(tmp); // our own name: left by a run that died while writing
            try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                CRC32C crc = new CRC32C();
                OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
                DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16),
                        crc));
                out.writeLong(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(c.hash());
                out.writeLong(c.profileId());
                out.writeLong(c.ratingId());
                out.writeLong(c.signalId());
                out.writeLong(c.ratings());
                FeedbackMark m = c.mark();
                for (long v : new long[] {m.ratings(), m.lastRating(), m.undone(), m.undoneIdSum(), m.signals(),
                    m.lastSignal()}) {
                    out.writeLong(v);
                }
                writeTrack(c.last(), out);
                out.writeInt(c.episode());
                out.writeInt(c.inEpisode());
                writeTrack(c.episodesLast(), out);
                c.image().write(out);
                out.flush();
                long sum = crc.getValue();
                DataOutputStream tail = new DataOutputStream(raw);
                tail.writeLong(sum);
                tail.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // not every file system lets a folder be flushed; the rename is still atomic
            }
            log.accept("learner snapshot written: " + c.ratings() + " ratings, " + c.image().heard() + " heard tracks, "
                    + Files.size(target) / 1024 + " KiB, " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            return true;
        } catch (IOException | RuntimeException e) {
            log.accept("learner snapshot NOT written (" + e + "); the next start replays the store");
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // said above
            }
            return false;
        }
    }

    /**
     * The state a valid snapshot of profile {@code profileId} holds, restored into {@code fresh} (a learner just built
     * from the profile's preset, taught nothing); null, with the reason logged, when there is none or it is not valid.
     * A learner {@code fresh} that a failed read left half restored must not be used: build another.
     */
    Checkpoints.State load(Store store, long profileId, String hash, Learner fresh) {
        if (!(fresh instanceof RewardModelLearner l)) {
            return null;
        }
        Path f = file(profileId);
        try {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException e) {
                return null;
            }
            if (!a.isRegularFile()) {
                throw new IOException("not a regular file");
            }
            long t0 = System.nanoTime();
            CRC32C crc = new CRC32C();
            try (InputStream raw = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
                long size = a.size();
                if (size < 8) {
                    throw new IOException("cut short");
                }
                BufferedInputStream buf = new BufferedInputStream(raw, 1 << 16);
                DataInputStream in = new DataInputStream(new CheckedInputStream(new BoundedInputStream(buf, size - 8),
                        crc));
                if (in.readLong() != MAGIC || in.readInt() != FORMAT) {
                    throw new IOException("not a snapshot of this format");
                }
                if (!in.readUTF().equals(hash)) {
                    throw new IOException("taken with another learner configuration or hitl-midi version");
                }
                if (in.readLong() != profileId) {
                    throw new IOException("of another profile");
                }
                long ratingId = in.readLong();
                long signalId = in.readLong();
                long ratings = in.readLong();
                FeedbackMark was = new FeedbackMark(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                        in.readLong(), in.readLong());
                FeedbackMark now = store.mark(profileId, ratingId, signalId);
                if (!was.equals(now)) {
                    throw new IOException("stale: the store's feedback up to rating " + ratingId + " changed since ("
                            + was + ", now " + now + ")");
                }
                Track last = readTrack(in);
                int episode = in.readInt();
                int inEpisode = in.readInt();
                Track episodesLast = readTrack(in);
                l.restore(in);
                if (in.read() != -1) {
                    throw new IOException("bytes after the learner");
                }
                long stored = new DataInputStream(buf).readLong();
                if (stored != crc.getValue()) {
                    throw new IOException("its checksum does not match: damaged");
                }
                if (l.updates() != ratings) {
                    throw new IOException("its learner learned " + l.updates() + " ratings, its header says " + ratings);
                }
                log.accept("learner snapshot read: " + ratings + " ratings up to rating " + ratingId + ", "
                        + (System.nanoTime() - t0) / 1_000_000 + " ms");
                return new Checkpoints.State(l, Episodes.of(episode, inEpisode, episodesLast), ratings, last, ratingId,
                        signalId);
            }
        } catch (IOException | RuntimeException e) {
            log.accept("learner snapshot " + f.getFileName() + " ignored (" + e.getMessage()
                    + "); the learner is rebuilt from the whole history");
            return null;
        }
    }

    private static void writeTrack(Track t, DataOutputStream out) throws IOException {
        if (t == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = TrackJson.toText(t).getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static Track readTrack(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > 16 << 20) {
            throw new IOException("a track of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return TrackJson.fromText(new String(b, StandardCharsets.UTF_8));
    }

    /** Reads at most {@code limit} bytes of {@code in}: the checksum after them is read on its own. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, left));
            left -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }
    }
}
