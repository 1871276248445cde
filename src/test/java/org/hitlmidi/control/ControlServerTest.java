package org.hitlmidi.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real Unix socket, with a small handler of its own: "echo" and "subscribe". */
class ControlServerTest {
    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger statusCalls = new java.util.concurrent.atomic.AtomicInteger();
    private final List<AutoCloseable> open = new ArrayList<>();

    private ControlServer server;

    private final ControlServer.Handler handler = (r, caller) -> {
        switch (r.cmd()) {
            case "subscribe":
                caller.subscribe(java.util.Set.of());
                return null;
            case "status":
                statusCalls.incrementAndGet();
                return Protocol.nodes().objectNode().put("n", r.integer("n", 0, 100));
            case "stop":
                throw new IllegalStateException("boom");
            default:
                throw new ControlException(ErrorCode.NOT_FOUND, "no " + r.cmd());
        }
    };

    private Path start(int maxConnections) throws IOException {
        return start(maxConnections, ControlServer.DEFAULT_IDLE_TIMEOUT);
    }

    private Path start(int maxConnections, Duration idle) throws IOException {
        Path sock = dir.resolve("run").resolve("control.sock");
        server = ControlServer.start(sock, true, handler, log::add, maxConnections, idle);
        return sock;
    }

    /** Waits up to 20 s (a generous bound on a loaded machine) for {@code done}. */
    private static boolean eventually(java.util.function.BooleanSupplier done) throws InterruptedException {
        return org.hitlmidi.Await.within(java.time.Duration.ofSeconds(20), done::getAsBoolean);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A raw client: writes bytes, reads reply lines. */
    private final class Raw implements AutoCloseable {
        final SocketChannel ch;
        final StringBuilder pending = new StringBuilder();

        Raw(Path sock) throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(sock));
            open.add(this);
        }

        void send(byte[] b) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }

        void send(String s) throws IOException {
            send(s.getBytes(StandardCharsets.UTF_8));
        }

        ObjectNode reply() throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (pending.indexOf("\n") < 0) {
                buf.clear();
                if (ch.read(buf) < 0) {
                    throw new IOException("closed by the server");
                }
                pending.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
            }
            int nl = pending.indexOf("\n");
            String line = pending.substring(0, nl);
            pending.delete(0, nl + 1);
            return Protocol.parseReply(line);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    @Test
    void socketIsPrivateToTheUser() throws Exception {
        Path sock = start(4);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent()))).isEqualTo("rwx------");
        server.close();
        assertThat(sock).doesNotExist();
    }

    @Test
    void anExistingDefaultFolderWithLooseModesIsTightened() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxrwxrwx"));
        start(4);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run))).isEqualTo("rwx------");
    }

    @Test
    void everyBadLineGetsAnErrorAndTheSameConnectionKeepsWorking() throws Exception {
        Raw c = new Raw(start(4));
        String[] bad = {"hello", "[1]", "{\"cmd\":\"fly\",\"id\":9}", "{\"cmd\":\"status\",\"n\":\"7\"}",
            "{\"cmd\":\"status\",\"n\":101}", "{\"cmd\":\"rate\"}", "{\"cmd\":\"stop\"}", ""};
        String[] codes = {"bad_request", "bad_request", "unknown_command", "bad_value", "bad_value", "not_found",
            "failed", "bad_request"};
        for (int i = 0; i < bad.length; i++) {
            c.send(bad[i] + "\n");
            ObjectNode r = c.reply();
            assertThat(r.path("ok").asBoolean()).as(bad[i]).isFalse();
            assertThat(r.path("error").path("code").asText()).as(bad[i]).isEqualTo(codes[i]);
            c.send("{\"id\":" + i + ",\"cmd\":\"status\",\"n\":" + i + "}\n");
            ObjectNode ok = c.reply();
            assertThat(ok.path("ok").asBoolean()).isTrue();
            assertThat(ok.path("id").asInt()).isEqualTo(i);
            assertThat(ok.path("n").asInt()).isEqualTo(i);
        }
    }

    @Test
    void invalidUtf8AndATwoMebibyteLineAreRefusedWithoutClosing() throws Exception {
        Raw c = new Raw(start(4));
        c.send(new byte[] {'{', '"', 'c', 'm', 'd', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}', '\n'});
        assertThat(c.reply().path("error").path("message").asText()).contains("UTF-8");
        byte[] huge = new byte[2 << 20];
        java.util.Arrays.fill(huge, (byte) 'a');
        c.send(huge);
        c.send("\n{\"id\":\"after\",\"cmd\":\"status\",\"n\":1}\n");
        ObjectNode r = c.reply();
        assertThat(r.path("error").path("code").asText()).isEqualTo("bad_request");
        assertThat(r.path("error").path("message").asText()).contains(String.valueOf(2 << 20));
        assertThat(c.reply().path("id").asText()).isEqualTo("after");
    }

    @Test
    void aSubscriberThatNeverReadsIsDroppedAndBroadcastNeverBlocks() throws Exception {
        Path sock = start(4);
        Raw lazy = new Raw(sock);
        lazy.send("{\"cmd\":\"subscribe\"}\n");
        try (ControlClient reader = ControlClient.connect(sock)) {
            List<ObjectNode> got = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch last = new CountDownLatch(1);
            reader.subscribe(List.of(), e -> {
                got.add(e);
                if (e.path("i").asInt() == 1999) {
                    last.countDown();
                }
            });
            while (server.connections() < 2) {
                Thread.onSpinWait();
            }
            String pad = "p".repeat(4000);
            for (int i = 0; i < 2000; i++) { // 8 MB of events, far past the 1 MiB backlog of the lazy client
                server.broadcast("cc", Protocol.nodes().objectNode().put("i", i).put("pad", pad));
                int sent = i;
                // the reading client keeps up: its backlog stays near 400 kB
                org.hitlmidi.Await.until(java.time.Duration.ofSeconds(20), "the reading client's events",
                        () -> got.size() >= sent - 100);
            }
            assertThat(server.dropped()).isEqualTo(1);
            assertThat(log).anyMatch(l -> l.contains("unread"));
            assertThat(last.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(got).hasSize(2000);
            assertThat(reader.call("status", Protocol.nodes().objectNode().put("n", 3)).path("n").asInt()).isEqualTo(3);
        }
    }

    @Test
    void connectionsPastTheLimitAreToldWhyAndClosed() throws Exception {
        Path sock = start(2);
        try (ControlClient a = ControlClient.connect(sock); ControlClient b = ControlClient.connect(sock)) {
            a.call("status", Protocol.nodes().objectNode().put("n", 1));
            b.call("status", Protocol.nodes().objectNode().put("n", 1));
            Raw third = new Raw(sock);
            ObjectNode r = third.reply();
            assertThat(r.path("error").path("message").asText()).contains("too many connections");
            assertThatThrownBy(third::reply).isInstanceOf(IOException.class);
            assertThat(a.call("status", Protocol.nodes().objectNode().put("n", 2)).path("n").asInt()).isEqualTo(2);
        }
    }

    /** Break 10 of issue 16: with every slot held, our client said "Broken pipe" instead of the device's reason. */
    @Test
    void ourClientSaysTooManyConnectionsNotBrokenPipe() throws Exception {
        Path sock = start(1);
        try (ControlClient a = ControlClient.connect(sock)) {
            a.subscribe(List.of(), e -> { });
            for (int i = 0; i < 5; i++) { // the refusal may come before or after the request is written: try both ways
                try (ControlClient b = ControlClient.connect(sock)) {
                    if (i % 2 == 1) { // the server has refused and closed it: the write itself fails (EPIPE)
                        long refusals = i + 1;
                        assertThat(eventually(() -> log.stream().filter(l -> l.contains("refused a connection"))
                                .count() >= refusals)).isTrue();
                    }
                    assertThatThrownBy(() -> b.call("status", Protocol.nodes().objectNode().put("n", 1)))
                            .hasMessageContaining("too many connections").hasMessageNotContaining("Broken pipe");
                }
            }
        }
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveOneIsRefused() throws Exception {
        Path sock = start(4);
        assertThatThrownBy(() -> ControlServer.start(sock, true, handler, log::add, 4))
                .hasMessageContaining("another device answers");
        server.close();
        staleSocket(sock); // what a kill -9 leaves: a socket file of ours nobody listens on
        server = ControlServer.start(sock, true, handler, log::add, 4);
        try (ControlClient c = ControlClient.connect(sock)) {
            assertThat(c.call("status", Protocol.nodes().objectNode().put("n", 5)).path("n").asInt()).isEqualTo(5);
        }
    }

    /** Binds {@code path} and closes without removing it: the socket file a killed device leaves behind. */
    private static void staleSocket(Path path) throws IOException {
        try (java.nio.channels.ServerSocketChannel s = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(path).exists();
    }

    /** Break 1 of issue 16: a --socket naming the database replaced it with the socket. */
    @Test
    void whatIsNotAStaleSocketOfOursIsRefusedAndLeftUntouched() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path file = Files.writeString(run.resolve("hitl-midi.db"), "214 ratings");
        Path folder = Files.createDirectory(run.resolve("folder"));
        Path link = Files.createSymbolicLink(run.resolve("link.sock"), file);
        Path fifo = run.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path theirs = run.resolve("theirs.sock");
        staleSocket(theirs);
        Files.setOwner(theirs, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        String[] kinds = {"a regular file", "a directory", "a symbolic link", "a FIFO", "another user"};
        Path[] paths = {file, folder, link, fifo, theirs};
        for (int i = 0; i < paths.length; i++) {
            Path p = paths[i];
            Object before = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
            assertThatThrownBy(() -> ControlServer.start(p, true, handler, log::add, 4)).as(kinds[i])
                    .hasMessageContaining(kinds[i]).hasMessageContaining("left untouched");
            assertThat(Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey()).as(kinds[i]).isEqualTo(before);
        }
        assertThat(Files.readString(file)).isEqualTo("214 ratings");
    }

    /** Break 3 of issue 16: an existing default folder left open, or made by another user, stayed so. */
    @Test
    void theDefaultFoldersAreOursAnd0700OrTheServerRefusesThem() throws Exception {
        Path top = Files.createDirectories(dir.resolve("xdg").resolve("hitl-midi"));
        Path hashed = Files.createDirectories(top.resolve("0123456789abcdef"));
        Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(hashed, PosixFilePermissions.fromString("rwxrwxrwx"));
        server = ControlServer.start(hashed.resolve("control.sock"), true, handler, log::add, 4);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(top))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hashed))).isEqualTo("rwx------");
        server.close();
        server = null;

        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.setOwner(theirs, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> ControlServer.start(theirs.resolve("control.sock"), true, handler, log::add, 4))
                .hasMessageContaining("belongs to another user").hasMessageContaining("left untouched");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(theirs))).isEqualTo("rwxrwxrwx");
        assertThat(theirs.resolve("control.sock")).doesNotExist();

        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(dir.resolve("linked"), elsewhere);
        assertThatThrownBy(() -> ControlServer.start(link.resolve("control.sock"), true, handler, log::add, 4))
                .hasMessageContaining("symbolic link");
        assertThat(elsewhere.resolve("control.sock")).doesNotExist();
    }

    @Test
    void aSocketReplacedWhileTheServerRanIsNotRemovedAtClose() throws Exception {
        Path sock = start(4);
        Files.delete(sock);
        Files.writeString(sock, "someone's file");
        server.close();
        assertThat(Files.readString(sock)).isEqualTo("someone's file");
        assertThat(log).anyMatch(l -> l.contains("no longer our socket"));
    }

    @Test
    void aClientWithNoDeviceSaysSoWithTheHint() {
        Path none = dir.resolve("none.sock");
        assertThatThrownBy(() -> ControlClient.connect(none)).isInstanceOf(DeviceNotRunningException.class)
                .hasMessageContaining("no device running").hasMessageContaining("hitl-midi start");
        assertThat(SocketPaths.answers(none)).isFalse();
    }

    @Test
    @Timeout(60)
    void anIdleConnectionIsToldWhyAndClosedWhileASubscriberStays() throws Exception {
        Path sock = start(2, Duration.ofMillis(300));
        Raw idle = new Raw(sock);
        idle.send("{\"id\":1,\"cmd\":\"status\",\"n\":1}\n");
        assertThat(idle.reply().path("n").asInt()).isEqualTo(1);
        Raw subscriber = new Raw(sock);
        subscriber.send("{\"id\":2,\"cmd\":\"subscribe\"}\n");
        assertThat(subscriber.reply().path("ok").asBoolean()).isTrue();

        ObjectNode last = idle.reply(); // blocks until the server speaks: the test's timeout bounds it
        assertThat(last.path("ok").asBoolean()).isFalse();
        assertThat(last.has("id")).as("not a reply to a request").isFalse();
        assertThat(last.path("error").path("code").asText()).isEqualTo("idle_timeout");
        assertThat(last.path("error").path("message").asText()).contains("no request for 300 ms")
                .contains("no subscription");
        assertThatThrownBy(idle::reply).as("then closed").isInstanceOf(IOException.class);
        assertThat(eventually(() -> server.connections() == 1)).as("its slot is free").isTrue();
        // the server logs after it queued the close, so the line may come a moment after the client saw the close
        assertThat(eventually(() -> log.stream().anyMatch(l -> l.contains("closed client")
                && l.contains("no request for 300 ms")))).as("the log says why").isTrue();

        // the freed slot takes a new client (2 at most: the subscriber and this one)
        ControlClient other = ControlClient.connect(sock);
        open.add(other);
        assertThat(other.call("status", Protocol.nodes().objectNode().put("n", 4)).path("n").asInt()).isEqualTo(4);
        // the subscriber, idle times later (the new client was closed for idling meanwhile), still hears events and
        // gets replies
        assertThat(eventually(() -> log.stream().filter(l -> l.contains("closed client")).count() >= 2))
                .as("the other client was closed for idling too").isTrue();
        server.broadcast("cc", Protocol.nodes().objectNode().put("i", 7));
        ObjectNode event = subscriber.reply();
        assertThat(event.path("event").asText()).isEqualTo("cc");
        assertThat(event.path("i").asInt()).isEqualTo(7);
        subscriber.send("{\"id\":3,\"cmd\":\"status\",\"n\":3}\n");
        assertThat(subscriber.reply().path("n").asInt()).isEqualTo(3);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void ourClientConnectsAgainByItselfAfterAnIdleClose() throws Exception {
        Path sock = start(4, Duration.ofMillis(200));
        try (ControlClient c = ControlClient.connect(sock)) {
            assertThat(c.call("status", Protocol.nodes().objectNode().put("n", 1)).path("n").asInt()).isEqualTo(1);
            assertThat(eventually(() -> log.stream().anyMatch(l -> l.contains("closed client"))
                    && server.connections() == 0)).as("closed for idling").isTrue();
            assertThat(c.isOpen()).as("usable: the next request connects again").isTrue();
            assertThat(c.call("status", Protocol.nodes().objectNode().put("n", 2)).path("n").asInt()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(1);
        }
        assertThat(statusCalls.get()).as("each request done once").isEqualTo(2);
    }

    @Test
    void theIdleTimeIsCheckedAndSaidPlainly() {
        assertThat(ControlServer.describe(Duration.ofMinutes(10).toNanos())).isEqualTo("10 min");
        assertThat(ControlServer.describe(Duration.ofSeconds(90).toNanos())).isEqualTo("90 s");
        assertThat(ControlServer.describe(Duration.ofMillis(1500).toNanos())).isEqualTo("1500 ms");
        assertThatThrownBy(() -> start(4, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
