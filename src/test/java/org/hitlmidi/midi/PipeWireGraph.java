package org.hitlmidi.midi;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PipeWire instance {@code installer/test-pipewire} started, as the JACK tests' "server": it is set to the rate
 * and period a test asks for ({@code clock.force-rate} and {@code clock.force-quantum} in the settings metadata), and
 * {@code pw-profiler} records every cycle of its graph, so that a test can tell a late client, as jackd's log tells
 * "client = X was not finished". PipeWire's libjack reports no late cycle to its clients (the xrun callback follows
 * the driver's xrun count, which the dummy driver never raises), so the profiler is the only witness: a cycle in
 * which a node was triggered or awake but not finished when the next one began is a late cycle of that node, and of
 * the nodes behind it that it left untriggered (jackd's log names every client not finished, too). The profiler
 * tool keeps 64 nodes: a test class that opens more has its later ones unwatched.
 */
final class PipeWireGraph implements AutoCloseable {
    private static final Pattern FOLLOWER = Pattern.compile("logging follower (\\d+) \\(\"(.*)\"\\)");
    /** pw-profiler's columns: 4 for the driver, then 8 for each follower, the 7th of them its activation status. */
    private static final int DRIVER_COLUMNS = 4;
    private static final int FOLLOWER_COLUMNS = 8;
    private static final int STATUS_COLUMN = 6;

    private final Path dir;
    private final Path log;
    private final Path names;
    private final Process profiler;
    /** By the follower's slot in pw-profiler's table: the rows (cycles) it was late in, and where it was seen. */
    private final List<Slot> slots = new ArrayList<>();
    private long rows;
    private long parsed;
    private final StringBuilder partial = new StringBuilder();

    private static final class Slot {
        long firstSeen = -1;
        long lastSeen = -1;
        /** Rows in which it was triggered or awake at the next cycle (the late one itself). */
        final List<Long> late = new ArrayList<>();
        /** Rows of a late cycle in which it was not triggered (behind a late one; or not in the graph then). */
        final List<Long> waiting = new ArrayList<>();

        int lateCycles() {
            // not triggered counts only while it was in the graph, as jackd names every client not finished
            return late.size() + (int) waiting.stream().filter(r -> r >= firstSeen && r <= lastSeen).count();
        }
    }

    private PipeWireGraph(Path dir, Process profiler) {
        this.dir = dir;
        this.log = dir.resolve("profiler.log");
        this.names = dir.resolve("followers.txt");
        this.profiler = profiler;
    }

    /** Sets PipeWire's rate and quantum, waits until JACK clients see them, and starts the profiler. */
    static PipeWireGraph start(int rate, int period) throws IOException, InterruptedException {
        run("pw-metadata", "-n", "settings", "0", "clock.force-rate", Integer.toString(rate));
        run("pw-metadata", "-n", "settings", "0", "clock.force-quantum", Integer.toString(period));
        if (!org.hitlmidi.Await.within(java.time.Duration.ofSeconds(15),
                () -> output("jack_bufsize").strip().equals(Integer.toString(period))
                        && output("jack_samplerate").strip().equals(Integer.toString(rate)))) {
            throw new IOException("PipeWire did not take rate " + rate + " and quantum " + period + " within 15 s");
        }
        Path dir = Files.createTempDirectory("hitl-pw-profile-");
        // line-buffered stdout: the follower names are needed while it runs; it writes its scripts into dir at exit
        ProcessBuilder pb = new ProcessBuilder("stdbuf", "-oL", "pw-profiler", "-o", dir.resolve("profiler.log").toString())
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("followers.txt").toFile());
        PipeWireGraph g = new PipeWireGraph(dir, pb.start());
        // attached, or gone (then waiting on is in vain)
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10),
                () -> Files.readString(g.names).contains("Attaching to Profiler") || !g.profiler.isAlive());
        if (!Files.readString(g.names).contains("Attaching to Profiler")) {
            String out = Files.readString(g.names);
            g.close();
            throw new IOException("pw-profiler did not attach: " + out);
        }
        return g;
    }

    /**
     * Cycles in which a node of this name was late, up to now: PipeWire sends the profiler its records about once a
     * second and pw-profiler writes them through a buffer, so this waits until two more batches were written (at
     * most 4 s; less when the graph stands still and nothing comes). A null client: late cycles of any node.
     */
    synchronized int lateCycles(String client) throws IOException, InterruptedException {
        long size = Files.size(log);
        for (int batch = 0; batch < 2; batch++) {
            long before = size;
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(2),
                    () -> Files.size(log) != before || !profiler.isAlive());
            // the rest of that batch: until the log stops growing for 50 ms
            org.hitlmidi.Await.quiet(java.time.Duration.ofMillis(50), java.time.Duration.ofSeconds(1), () -> {
                try {
                    return Files.size(log);
                } catch (IOException e) {
                    return -1;
                }
            });
            size = Files.size(log);
        }
        parse();
        List<String> named = new ArrayList<>();
        for (String line : Files.readAllLines(names, StandardCharsets.UTF_8)) {
            Matcher m = FOLLOWER.matcher(line.strip());
            if (m.find()) {
                named.add(m.group(2));
            }
        }
        int n = 0;
        for (int i = 0; i < slots.size(); i++) {
            if (client == null || i < named.size() && named.get(i).equals(client)) {
                n += slots.get(i).lateCycles();
            }
        }
        return n;
    }

    private void parse() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            if (length <= parsed) {
                return;
            }
            byte[] b = new byte[(int) (length - parsed)];
            f.seek(parsed);
            f.readFully(b);
            parsed = length;
            partial.append(new String(b, StandardCharsets.ISO_8859_1));
        }
        int start = 0;
        int nl;
        while ((nl = partial.indexOf("\n", start)) >= 0) {
            row(partial.substring(start, nl));
            start = nl + 1;
        }
        partial.delete(0, start);
    }

    private void row(String line) {
        String[] c = line.split("\t", -1);
        int n = (c.length - DRIVER_COLUMNS) / FOLLOWER_COLUMNS;
        String[] status = new String[n];
        boolean incomplete = false;
        for (int slot = 0; slot < n; slot++) {
            status[slot] = c[DRIVER_COLUMNS + slot * FOLLOWER_COLUMNS + STATUS_COLUMN].strip();
            incomplete |= status[slot].equals("1") || status[slot].equals("2"); // triggered or awake, not finished
        }
        for (int slot = 0; slot < n; slot++) {
            while (slots.size() <= slot) {
                slots.add(new Slot());
            }
            Slot s = slots.get(slot);
            if (!status[slot].isEmpty()) {
                if (s.firstSeen < 0) {
                    s.firstSeen = rows;
                }
                s.lastSeen = rows;
            }
            if (status[slot].equals("1") || status[slot].equals("2")) {
                s.late.add(rows);
            } else if (incomplete && status[slot].isEmpty()) {
                s.waiting.add(rows);
            }
        }
        rows++;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    private static String output(String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("JACK_NO_START_SERVER", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "";
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        profiler.destroy();
        if (!profiler.waitFor(5, TimeUnit.SECONDS)) {
            profiler.destroyForcibly();
            profiler.waitFor(5, TimeUnit.SECONDS);
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
