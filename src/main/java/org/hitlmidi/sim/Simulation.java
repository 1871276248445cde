package org.hitlmidi.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.SessionLoop;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * Runs a learner against a simulated listener without ports: for each seed a fresh session (the device's own
 * session core, see {@link SessionLoop}) and a fresh listener; each episode the listener rates the track that plays
 * (as a .mid file), and the session stores the rating, credits it to the edit that made the track and plays the
 * learner's next one, as the device does.
 */
public final class Simulation {
    public static final int WINDOW = 5;

    /** What to run. {@code sessions} opens a fresh session (with its learner) per seed. */
    public record Config(String learnerName, SessionLoop.Factory sessions, RaterFactory raters, String raterName,
                         TrackParams params, int episodes, int seeds, double target, long baseSeed, int jobs) {
        public Config {
            if (episodes < 1 || episodes > 1_000_000) {
                throw new IllegalArgumentException("episodes " + episodes + " outside 1..1000000");
            }
            if (seeds < 1 || seeds > 10_000) {
                throw new IllegalArgumentException("seeds " + seeds + " outside 1..10000");
            }
            if (!(target >= 1 && target <= 10)) {
                throw new IllegalArgumentException("target " + target + " outside 1..10");
            }
            if (jobs < 1) {
                throw new IllegalArgumentException("jobs " + jobs + " must be at least 1");
            }
        }
    }

    /** The whole run, with the summary the JSON reports. */
    public record Result(Config config, List<SeedRun> runs, long wallMillis) {
        public double medianRatingsToTarget() {
            double[] v = runs.stream().mapToDouble(r -> r.ratingsToTarget() == null ? config.episodes()
                    : r.ratingsToTarget()).sorted().toArray();
            int n = v.length;
            return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        }

        public double meanFirst(int k) {
            return runs.stream().flatMap(r -> r.ratings().subList(0, Math.min(k, r.ratings().size())).stream())
                    .mapToInt(Rating::overall).average().orElse(Double.NaN);
        }

        public double meanLast(int k) {
            return runs.stream().flatMap(r -> r.ratings().subList(Math.max(0, r.ratings().size() - k),
                    r.ratings().size()).stream()).mapToInt(Rating::overall).average().orElse(Double.NaN);
        }

        public double meanEntries() {
            return runs.stream().mapToLong(SeedRun::entries).average().orElse(0);
        }

        /** The music the sessions played, all seeds together. */
        public MusicStats music() {
            return MusicStats.sum(runs.stream().map(SeedRun::music).filter(java.util.Objects::nonNull).toList());
        }

        public int reached() {
            return (int) runs.stream().filter(r -> r.ratingsToTarget() != null).count();
        }

        public ObjectNode toJson() {
            JsonNodeFactory f = JsonNodeFactory.instance;
            ObjectNode o = f.objectNode();
            o.put("learner", config.learnerName());
            o.put("rater", config.raterName());
            o.put("episodes", config.episodes());
            o.put("seeds", config.seeds());
            o.put("target", config.target());
            o.put("window", WINDOW);
            o.put("baseSeed", config.baseSeed());
            o.set("params", org.hitlmidi.music.TrackJson.toJson(config.params()));
            ObjectNode s = o.putObject("summary");
            s.put("medianRatingsToTarget", medianRatingsToTarget());
            s.put("seedsReachingTarget", reached());
            s.put("meanFirst10", meanFirst(10));
            s.put("meanFirst30", meanFirst(30));
            s.put("meanLast100", meanLast(100));
            s.put("meanLast30", meanLast(30));
            s.put("qTableEntries", meanEntries());
            s.put("wallTimeMs", wallMillis);
            o.set("music", music().toJson());
            ArrayNode rs = o.putArray("runs");
            for (SeedRun r : runs) {
                ObjectNode j = rs.addObject();
                j.put("seed", r.seed());
                if (r.ratingsToTarget() == null) {
                    j.putNull("ratingsToTarget");
                } else {
                    j.put("ratingsToTarget", r.ratingsToTarget());
                }
                j.put("qTableEntries", r.entries());
                j.put("millis", r.millis());
                ArrayNode overall = j.putArray("ratings");
                r.ratings().forEach(x -> overall.add(x.overall()));
                ArrayNode subs = j.putArray("subRatings");
                r.ratings().forEach(x -> {
                    ObjectNode a = subs.addObject();
                    x.aspects().forEach((k, v) -> a.put(k.id(), v));
                });
            }
            return o;
        }

        public String summaryLine() {
            return String.format(java.util.Locale.ROOT,
                    "%s vs %s: median ratingsToTarget %.1f (target %.1f, %d/%d seeds reached), mean first 10 %.2f,"
                            + " first 30 %.2f, last 30 %.2f, last 100 %.2f, Q entries %.0f, %d ms; music: %s",
                    config.learnerName(), config.raterName(), medianRatingsToTarget(), config.target(), reached(),
                    runs.size(), meanFirst(10), meanFirst(30), meanLast(30), meanLast(100), meanEntries(), wallMillis,
                    music().line());
        }
    }

    private Simulation() {
    }

    /** Runs all seeds ({@code jobs} at a time); {@code progress} hears each finished episode. */
    public static Result run(Config c, IntConsumer progress) throws RaterException {
        long t0 = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("hitl-sim-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(c.jobs(), c.seeds()));
        try {
            List<Future<SeedRun>> futures = new ArrayList<>();
            AtomicInteger done = new AtomicInteger();
            for (int s = 0; s < c.seeds(); s++) {
                final int seed = s;
                futures.add(pool.submit(() -> runSeed(c, seed, dir, () -> progress.accept(done.incrementAndGet()))));
            }
            List<SeedRun> runs = new ArrayList<>();
            for (Future<SeedRun> f : futures) {
                runs.add(f.get());
            }
            return new Result(c, runs, (System.nanoTime() - t0) / 1_000_000);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RaterException re) {
                throw re;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaterException("simulation interrupted", e);
        } finally {
            pool.shutdownNow();
            org.hitlmidi.store.DataDirs.deleteTree(dir);
        }
    }

    static SeedRun runSeed(Config c, int seed, Path dir, Runnable tick) throws RaterException, IOException {
        long t0 = System.nanoTime();
        Path file = dir.resolve("seed-" + seed + ".mid");
        MidiFiles.Voice voice = new MidiFiles.Voice(c.params().channel(), c.params().program(), "hitl-midi sim");
        List<Rating> ratings = new ArrayList<>(c.episodes());
        List<Track> heardTracks = new ArrayList<>(c.episodes());
        try (SessionLoop session = c.sessions().open(c.baseSeed() + seed); Rater rater = c.raters().open(seed)) {
            for (int e = 0; e < c.episodes(); e++) {
                Track heard = session.current();
                MidiFiles.write(heard, voice, file);
                Rating r = rater.rate(heard, file);
                session.rate(r, e + 1 < c.episodes()); // no track after the last rating
                ratings.add(r);
                heardTracks.add(heard);
                tick.run();
            }
            Learner learner = session.learner();
            return new SeedRun(seed, ratings, SeedRun.ratingsToTarget(ratings, c.target(), WINDOW), learner.entries(),
                    (System.nanoTime() - t0) / 1_000_000, learner.explain(10), MusicStats.of(heardTracks, c.params()));
        }
    }
}
