package org.hitlmidi.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import org.hitlmidi.learn.ActionSlots;
import org.hitlmidi.learn.TabularQLearner;
import org.hitlmidi.learn.TrackKey;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** `hitl-midi bench`: Q-updates per second (JMH, one thread) and heap bytes per Q-table entry. */
public final class Bench {
    private Bench() {
    }

    public static ObjectNode learner(int forks, int iterations, double seconds) throws RunnerException {
        Options opt = new OptionsBuilder()
                .include(QUpdateBenchmark.class.getName() + ".update")
                .forks(forks)
                .threads(1)
                .warmupIterations(Math.max(1, iterations / 2))
                .warmupTime(TimeValue.milliseconds((long) (seconds * 1000)))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds((long) (seconds * 1000)))
                .mode(org.openjdk.jmh.annotations.Mode.Throughput)
                .timeUnit(java.util.concurrent.TimeUnit.SECONDS)
                .shouldFailOnError(true)
                .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
                .build();
        RunResult r = new Runner(opt).runSingle();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("learner", "paper");
        o.put("benchmark", "QUpdateBenchmark.update (JMH, 1 thread)");
        o.put("updatesPerSecond", Math.round(r.getPrimaryResult().getScore()));
        o.put("updatesPerSecondError", Math.round(r.getPrimaryResult().getScoreError()));
        o.put("forks", forks);
        o.put("iterations", iterations);
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("java", System.getProperty("java.version"));
        o.setAll(memory(200_000));
        return o;
    }

    /** Fills a Q-table with {@code n} entries along random sessions and measures the heap it takes. */
    public static ObjectNode memory(int n) {
        TabularQLearner<TrackKey> l = QUpdateBenchmark.paper();
        SplittableRandom rng = new SplittableRandom(11);
        long before = usedHeap();
        Track t = TrackGenerator.random(TrackParams.defaults(), rng);
        int steps = 0;
        while (l.entries() < n) {
            var p = l.propose(t, rng);
            l.update(TrackKey.of(t), ActionSlots.slot(p.transition().action()), 1 + rng.nextInt(10),
                    TrackKey.of(p.transition().after()), p.transition().after().melody().size());
            t = ++steps % 300 == 0 ? TrackGenerator.random(TrackParams.defaults(), rng) : p.transition().after();
        }
        long after = usedHeap();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("qTableEntries", l.entries());
        o.put("qTableStates", l.table().states());
        o.put("bytesPerEntry", Math.round((after - before) / (double) l.entries()));
        o.put("stateKeyBytes", TrackKey.of(t).byteSize());
        return o;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
