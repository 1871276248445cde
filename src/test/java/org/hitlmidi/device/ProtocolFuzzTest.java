package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.Player;
import org.hitlmidi.midi.RecordingPort;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients against a real device (SQLite store, built-in synth, real socket), seeded so that a failure
 * repeats: random bytes, invalid UTF-8, lines at and over 1 MiB, deep nesting, every field of every command with
 * values of every type, hundreds of connections at once, a client that never reads. Every bad line gets exactly one
 * error, nothing is stored by one, the device keeps playing, and its heap stays bounded.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ProtocolFuzzTest {
    private static final long SEED = 0xF022_0007L;
    private static final Set<String> ERRORS = Set.of("bad_request", "unknown_command", "bad_value", "not_found", "stale");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    private DeviceRunner device;
    private RecordingPort port;
    private final List<AutoCloseable> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("out")); // exports go there; the device makes no folders
        device = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), socket(), true, Profile.DEFAULT, "synth",
                java.util.Optional.empty(), OptionalLong.of(7), false, null), (backend, portOptions) -> {
                    DeviceRunner.Output o = PortOutputs.open(backend, portOptions);
                    o.player().close();
                    port = new RecordingPort(o.port());
                    return new DeviceRunner.Output(port, new Player(port), o.why());
                });
        try (ControlClient c = ControlClient.connect(socket())) {
            // a short track on a loop: the device plays all the time, so "still playing" can be measured
            c.call("params", Protocol.nodes().objectNode().set("set", Protocol.nodes().objectNode()
                    .put("loop", true).put("tempo", 200).put("length", 4)));
            c.call("play");
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (device != null) {
            device.close();
        }
    }

    private Path socket() {
        return dir.resolve("run").resolve("control.sock");
    }

    /** A raw connection: bytes out, reply lines in. */
    private final class Raw implements AutoCloseable {
        final SocketChannel ch;
        private final StringBuilder pending = new StringBuilder();
        private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);

        Raw() throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket()));
            open.add(this);
        }

        void send(byte[] b) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(b);
            while (out.hasRemaining()) {
                ch.write(out);
            }
        }

        void send(String s) throws IOException {
            send(s.getBytes(StandardCharsets.UTF_8));
        }

        /** The next line, or null when the device closed the connection. */
        String line() throws IOException {
            while (pending.indexOf("\n") < 0) {
                buf.clear();
                if (ch.read(buf) < 0) {
                    return null;
                }
                pending.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
            }
            int nl = pending.indexOf("\n");
            String line = pending.substring(0, nl);
            pending.delete(0, nl + 1);
            return line;
        }

        ObjectNode reply() throws IOException {
            String l = line();
            assertThat(l).as("a reply, not a closed connection").isNotNull();
            return Protocol.parseReply(l);
        }

        @Override
        public void close() throws IOException {
            ch.close();
            open.remove(this);
        }
    }

    private static void assertError(ObjectNode r, String what) {
        assertThat(r.path("ok").asBoolean(true)).as("ok of %s: %s", what, r).isFalse();
        assertThat(r.path("error").path("code").asText()).as("code of %s: %s", what, r).isIn(ERRORS);
        assertThat(r.path("error").path("message").asText()).as(what).isNotBlank().hasSizeLessThanOrEqualTo(Protocol.MAX_MESSAGE);
    }

    /** Sends a status with a fresh id and reads until its reply: every earlier line must have had its own. */
    private List<ObjectNode> drain(Raw c, String id) throws IOException {
        c.send("{\"cmd\":\"status\",\"id\":\"" + id + "\"}\n");
        List<ObjectNode> before = new ArrayList<>();
        while (true) {
            ObjectNode r = c.reply();
            if (id.equals(r.path("id").asText(null))) {
                assertThat(r.path("ok").asBoolean()).isTrue();
                return before;
            }
            before.add(r);
        }
    }

    private long storedRatings() {
        try (SqliteStore s = SqliteStore.open(dir.resolve("data").resolve(DataDirs.DB_FILE))) {
            long n = 0;
            for (Profile p : s.profiles()) {
                n += s.ratings(p.id(), true).size();
            }
            return n;
        }
    }

    private void assertStillPlaying() throws Exception {
        long before = port.sent();
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(20), () -> port.sent() > before);
        assertThat(port.sent()).as("MIDI messages sent by the looping track").isGreaterThan(before);
        try (ControlClient c = ControlClient.connect(socket())) {
            assertThat(c.call("status").path("playing").asBoolean()).isTrue();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        var mem = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // pacing on purpose: the collector settles between the three readings
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void randomBytesGetOneErrorPerLine() throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED);
        Raw c = new Raw();
        int lines = 0;
        int totalLines = 0;
        long bytes = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextInt(1, 2048)];
            rnd.nextBytes(b);
            for (int k = 0; k < b.length; k++) {
                if (rnd.nextInt(64) == 0) {
                    b[k] = '\n';
                }
            }
            b[b.length - 1] = '\n';
            for (byte x : b) {
                lines += x == '\n' ? 1 : 0;
            }
            bytes += b.length;
            c.send(b);
            if (i % 100 == 99) { // keep the unread replies well under the 1 MiB a client may leave queued
                List<ObjectNode> got = drain(c, "r" + i);
                assertThat(got).as("one reply per line").hasSize(lines);
                got.forEach(r -> assertError(r, "random bytes"));
                totalLines += lines;
                lines = 0;
            }
        }
        assertThat(storedRatings()).isZero();
        assertStillPlaying();
        System.out.printf("protocol fuzz: 2000 random chunks (%d bytes, %d lines), one error per line, nothing stored%n",
                bytes, totalLines);
    }

    @Test
    void invalidUtf8IsRefusedAsSuch() throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        byte[][] bad = {
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F},
            {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xC2},
        };
        Raw c = new Raw();
        for (int i = 0; i < 500; i++) {
            byte[] seq = bad[rnd.nextInt(bad.length)];
            String where = rnd.nextBoolean() ? "cmd" : "note";
            byte[] head = ("{\"cmd\":\"keep\",\"" + where + "\":\"ab").getBytes(StandardCharsets.UTF_8);
            byte[] tail = "cd\"}\n".getBytes(StandardCharsets.UTF_8);
            byte[] line = new byte[head.length + seq.length + tail.length];
            System.arraycopy(head, 0, line, 0, head.length);
            System.arraycopy(seq, 0, line, head.length, seq.length);
            System.arraycopy(tail, 0, line, head.length + seq.length, tail.length);
            c.send(line);
            ObjectNode r = c.reply();
            assertError(r, "invalid UTF-8 " + Arrays.toString(seq));
            assertThat(r.path("error").path("message").asText()).contains("UTF-8");
        }
        try (SqliteStore s = SqliteStore.open(dir.resolve("data").resolve(DataDirs.DB_FILE))) {
            assertThat(s.kept(s.profile(Profile.DEFAULT).orElseThrow().id())).as("nothing kept").isEmpty();
        }
        assertStillPlaying();
    }

    @Test
    void linesAtAndOverOneMebibyte() throws Exception {
        Raw c = new Raw();
        // exactly the limit (JSON whitespace pads it): served
        String head = "{\"cmd\":\"status\",\"id\":\"max\"";
        String exact = head + " ".repeat(Protocol.MAX_LINE - head.length() - 1) + "}";
        assertThat(exact.length()).isEqualTo(Protocol.MAX_LINE);
        c.send(exact + "\n");
        ObjectNode r = c.reply();
        assertThat(r.path("ok").asBoolean()).as("a line of exactly 1 MiB: %s", r.path("error")).isTrue();
        long heap0 = heapAfterGc();
        for (int size : new int[] {Protocol.MAX_LINE + 1, 2 * Protocol.MAX_LINE, 16 * Protocol.MAX_LINE}) {
            byte[] big = new byte[size];
            Arrays.fill(big, (byte) 'x');
            big[0] = '{';
            c.send(big);
            c.send("\n");
            ObjectNode e = c.reply();
            assertError(e, size + " bytes");
            assertThat(e.path("error").path("message").asText()).contains(String.valueOf(size));
        }
        long heap1 = heapAfterGc();
        assertStillPlaying();
        assertThat(drain(c, "after")).isEmpty();
        System.out.printf("protocol fuzz: lines of 1 MiB (served), 1 MiB + 1, 2 MiB, 16 MiB (refused); heap %+d kB%n",
                (heap1 - heap0) / 1024);
    }

    private static JsonNode nested(int depth, boolean arrays) {
        JsonNode n = F.numberNode(1);
        for (int i = 0; i < depth; i++) {
            n = arrays ? F.arrayNode().add(n) : F.objectNode().set("a", n);
        }
        return n;
    }

    @Test
    void deepNestingAnywhereIsRefusedOrServedNeverBreaks() throws Exception {
        Raw c = new Raw();
        int[] depths = {10, 100, 499, 500, 998, 999, 1000, 1001, 5000, 100_000};
        for (int depth : depths) {
            for (String field : new String[] {"id", "note", "set", "events", "zzz"}) {
                for (boolean arrays : new boolean[] {true, false}) {
                    // written by hand: Jackson itself refuses to write a tree this deep
                    String open = arrays ? "[" : "{\"a\":";
                    String close = arrays ? "]" : "}";
                    String line = "{\"cmd\":\"keep\",\"" + field + "\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
                    c.send(line + "\n");
                    ObjectNode r = c.reply();
                    String what = field + " nested " + depth + (arrays ? " arrays" : " objects");
                    if (!r.path("ok").asBoolean()) {
                        assertError(r, what);
                    } else {
                        assertThat(field).as(what + " served").isEqualTo("id");
                    }
                }
            }
        }
        assertThat(drain(c, "after")).isEmpty();
        assertStillPlaying();
    }

    /** Values of every JSON type, and the edge values of each. */
    private static JsonNode anyValue(SplittableRandom rnd, Path dir) {
        switch (rnd.nextInt(22)) {
            case 0: return F.nullNode();
            case 1: return F.booleanNode(rnd.nextBoolean());
            case 2: return F.numberNode(rnd.nextInt(-3, 13));
            case 3: return F.numberNode(Long.MAX_VALUE);
            case 4: return F.numberNode(Long.MIN_VALUE);
            case 5: return F.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 6: return F.numberNode(1e308);
            case 7: return F.numberNode(-0.0);
            case 8: return F.numberNode(rnd.nextDouble(-2, 12));
            case 9: return F.textNode("");
            case 10: return F.textNode("x".repeat(rnd.nextInt(1, 100_000)));
            case 11: return F.textNode(List.of("NaN", "Infinity", "C4", "dorian", "paper", "default", "jazz", "\u0000",
                    "../../etc/passwd", "default\n", "é", "\uD83C\uDFB9", "1e3", "true").get(rnd.nextInt(14)));
            case 12: return F.arrayNode();
            case 13: return F.arrayNode().add(1).add("a").addNull();
            case 14: return F.objectNode();
            case 15: return F.objectNode().put("tempo", 120).put("x", 1);
            case 16: return nested(rnd.nextInt(1, 50), rnd.nextBoolean());
            case 17: return F.textNode(dir.resolve("out").resolve("f" + rnd.nextInt(5) + ".mid").toString());
            case 18: return F.textNode("/proc/self/f.mid");
            case 19: return F.arrayNode().add("track_started").add("cc");
            case 20: return F.numberNode(rnd.nextInt(1, 11));
            default: return F.textNode("p" + rnd.nextInt(3));
        }
    }

    private static final String[] COMMANDS = {"status", "params", "play", "next", "replay", "rate", "undo", "keep",
        "export", "profile", "learner", "ports", "panic", "history"}; // subscribe: its events would interleave with the replies counted
    private static final String[] FIELDS = {"overall", "musicality", "novelty", "coherence", "trackId", "source", "next",
        "note", "path", "keptId", "name", "create", "events", "set", "musicalty", "id", "cmd", "limit"};
    private static final String[] PARAMS = {"base", "scale", "length", "tempo", "channel", "program", "kit",
        "exploration", "loop", "style", "swing"};

    @Test
    void everyFieldOfEveryCommandWithValuesOfEveryType() throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED + 2);
        long heap0 = heapAfterGc();
        Raw c = new Raw();
        int requests = 0;
        int oks = 0;
        int okRatings = 0;
        int[] codes = new int[ERRORS.size() + 1];
        List<String> codeNames = new ArrayList<>(new java.util.TreeSet<>(ERRORS));
        int n = 3000;
        for (int i = 0; i < n; i++) {
            String cmd = COMMANDS[rnd.nextInt(COMMANDS.length)];
            ObjectNode o = F.objectNode();
            o.put("cmd", cmd);
            int fields = rnd.nextInt(0, 4);
            for (int k = 0; k < fields; k++) {
                String f = FIELDS[rnd.nextInt(FIELDS.length)];
                if (f.equals("cmd")) {
                    continue; // a duplicate key is tested elsewhere; the tree keeps one
                }
                if (f.equals("set") && rnd.nextBoolean()) {
                    ObjectNode set = F.objectNode();
                    for (int p = rnd.nextInt(1, 4); p > 0; p--) {
                        set.set(PARAMS[rnd.nextInt(PARAMS.length)], anyValue(rnd, dir));
                    }
                    o.set("set", set);
                } else {
                    o.set(f, anyValue(rnd, dir));
                }
            }
            if (cmd.equals("rate") && rnd.nextInt(4) == 0) {
                o.put("overall", rnd.nextInt(1, 11)); // some valid ratings among the bad ones
            }
            byte[] line = Protocol.encode(o);
            c.send(line);
            requests++;
            ObjectNode r = c.reply();
            String what = o.toString().length() > 200 ? o.toString().substring(0, 200) + "..." : o.toString();
            if (r.path("ok").asBoolean()) {
                oks++;
                if (cmd.equals("rate")) {
                    okRatings++;
                }
            } else {
                assertError(r, what);
                codes[codeNames.indexOf(r.path("error").path("code").asText())]++;
            }
        }
        assertThat(drain(c, "after")).isEmpty();
        long heap1 = heapAfterGc();
        assertThat(storedRatings()).as("ratings stored = ratings acknowledged").isEqualTo(okRatings);
        assertStillPlaying();
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < codeNames.size(); k++) {
            sb.append(codeNames.get(k)).append(' ').append(codes[k]).append(", ");
        }
        System.out.printf("protocol fuzz: %d typed requests: %d ok (%d ratings, all stored), errors: %sno 'failed'; "
                + "heap %+d kB%n", requests, oks, okRatings, sb, (heap1 - heap0) / 1024);
    }

    @Test
    void hundredsOfConnectionsAtOnce() throws Exception {
        int clients = 300;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch connected = new CountDownLatch(clients);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger reset = new AtomicInteger();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        long heap0 = heapAfterGc();
        for (int i = 0; i < clients; i++) {
            int k = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    try (Raw c = new Raw()) {
                        connected.countDown(); // all connected at once before anyone asks
                        connected.await(60, TimeUnit.SECONDS);
                        try {
                            c.send("{\"cmd\":\"status\",\"id\":" + k + "}\n");
                        } catch (IOException e) {
                            // refused and closed already: its line waits to be read
                        }
                        String l;
                        try {
                            l = c.line();
                        } catch (java.net.SocketException e) {
                            // refused while its request sat unread: the kernel resets instead of handing over the line
                            reset.incrementAndGet();
                            return;
                        }
                        assertThat(l).as("client %d got a line", k).isNotNull();
                        ObjectNode r = Protocol.parseReply(l);
                        if (r.path("ok").asBoolean()) {
                            assertThat(r.path("id").asInt()).isEqualTo(k);
                            served.incrementAndGet();
                        } else {
                            assertThat(r.path("error").path("message").asText()).contains("too many connections");
                            String after;
                            try {
                                after = c.line();
                            } catch (java.net.SocketException e) {
                                after = null; // closed with our request unread: a reset is a close too
                            }
                            assertThat(after).as("closed after the refusal").isNull();
                            refused.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(120));
        }
        assertThat(failures).isEmpty();
        assertThat(served.get() + refused.get() + reset.get()).isEqualTo(clients);
        assertThat(served.get()).isGreaterThanOrEqualTo(1);
        assertThat(refused.get() + reset.get()).as("connections past the 16 that were open at once").isPositive();
        // every slot came back: a full set of 16 is served afterwards
        List<ControlClient> again = new ArrayList<>();
        try {
            // a slot may still be closing: a refused client is closed and another tried, until 16 are held at once
            org.hitlmidi.Await.until(java.time.Duration.ofSeconds(20), "16 clients served at once (every slot free)", () -> {
                ControlClient cc = null;
                try {
                    cc = ControlClient.connect(socket());
                    cc.call("status");
                    again.add(cc);
                } catch (IOException | RuntimeException e) {
                    if (cc != null) {
                        cc.close();
                    }
                }
                return again.size() >= org.hitlmidi.control.ControlServer.DEFAULT_MAX_CONNECTIONS;
            });
        } finally {
            again.forEach(ControlClient::close);
        }
        long heap1 = heapAfterGc();
        assertStillPlaying();
        System.out.printf("protocol fuzz: %d connections at once: %d served, %d refused with a line, %d reset (refused "
                + "with their request unread); all 16 slots free after; heap %+d kB%n", clients, served.get(), refused.get(),
                reset.get(), (heap1 - heap0) / 1024);
    }

    @Test
    void aClientThatNeverReadsIsDroppedAndTheDeviceGoesOn() throws Exception {
        long heap0 = heapAfterGc();
        Raw lazy = new Raw();
        lazy.send("{\"cmd\":\"subscribe\"}\n");
        int sent = 0;
        boolean dropped = false;
        try (ControlClient driver = ControlClient.connect(socket())) {
            // the lazy one asks for statuses and events and reads nothing; the driver makes events meanwhile
            for (int i = 0; i < 20_000 && !dropped; i++) {
                try {
                    lazy.send("{\"cmd\":\"status\"}\n");
                    sent++;
                } catch (IOException e) {
                    dropped = true;
                }
                if (i % 50 == 0) {
                    driver.call("next");
                }
            }
            assertThat(dropped).as("the device closed the lazy client after %d requests", sent).isTrue();
            assertThat(driver.call("status").path("ok").asBoolean()).isTrue();
        }
        long heap1 = heapAfterGc();
        assertThat(heap1 - heap0).as("heap growth, bytes").isLessThan(32L << 20);
        assertStillPlaying();
        assertThat(java.nio.file.Files.readString(device.logFile())).contains("unread");
        System.out.printf("protocol fuzz: a client that never reads was dropped after %d requests; heap %+d kB%n", sent,
                (heap1 - heap0) / 1024);
    }
}
