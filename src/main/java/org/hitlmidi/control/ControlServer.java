package org.hitlmidi.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Serves the control protocol on a Unix-domain socket (no TCP). Each connection has a reader thread that
 * handles its requests in order and a writer thread that drains a queue of lines, so the device only ever
 * enqueues: a client that stops reading is dropped once {@link Protocol#MAX_BACKLOG} bytes wait for it.
 *
 * <p>Connections are few ({@link #DEFAULT_MAX_CONNECTIONS}), so one that holds a slot doing nothing is closed: after
 * the idle time with no request and no subscription it gets a last {@link ErrorCode#IDLE_TIMEOUT} line and the slot
 * is free. A subscriber stays as long as it reads.
 */
public final class ControlServer implements AutoCloseable {
    public static final int DEFAULT_MAX_CONNECTIONS = 16;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    private static final byte[] CLOSE = new byte[0];

    /** Does one request. Throws {@link ControlException} for an error reply; any other exception is FAILED. */
    @FunctionalInterface
    public interface Handler {
        ObjectNode handle(Request request, Caller caller);
    }

    /** What a handler may do to the connection a request came on. */
    public interface Caller {
        /** Sends the named events (all when empty) to this connection from now on. */
        void subscribe(Set<String> events);

        /** Runs after the reply is queued (e.g. stopping the device once "ok" is on its way). */
        void afterReply(Runnable action);
    }

    private final Path socket;
    /** The bound socket file's inode: only that file is removed at close, never what replaced it. */
    private final Object socketKey;
    private final ServerSocketChannel server;
    private final Handler handler;
    private final Consumer<String> log;
    private final int maxConnections;
    private final long idleNanos;
    /** The user the socket belongs to (ours), or null where the OS cannot tell a peer's user. */
    private final String owner;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread acceptor;
    private final Thread sweeper;
    private long nextId;

    private ControlServer(Path socket, ServerSocketChannel server, Handler handler, Consumer<String> log,
                          int maxConnections, Duration idleTimeout, String owner, Object socketKey) {
        this.socket = socket;
        this.socketKey = socketKey;
        this.owner = owner;
        this.server = server;
        this.handler = handler;
        this.log = log;
        this.maxConnections = maxConnections;
        this.idleNanos = idleTimeout.toNanos();
        this.acceptor = new Thread(this::acceptLoop, "control-accept");
        acceptor.setDaemon(true);
        this.sweeper = new Thread(this::sweepLoop, "control-idle");
        sweeper.setDaemon(true);
    }

    /** {@link #start(Path, boolean, Handler, Consumer, int, Duration)} with the default idle time, 10 minutes. */
    public static ControlServer start(Path socket, boolean defaultLocation, Handler handler, Consumer<String> log,
                                      int maxConnections) throws IOException {
        return start(socket, defaultLocation, handler, log, maxConnections, DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * Binds {@code socket} (mode 0600 in a 0700 folder) and starts serving. A stale socket file left by a
     * crashed device is replaced; one that still answers means another device runs, and is refused.
     *
     * @param defaultLocation true for the default folder, which is then forced to 0700
     * @param idleTimeout     how long a connection with no subscription may go without a request before it is closed
     */
    public static ControlServer start(Path socket, boolean defaultLocation, Handler handler, Consumer<String> log,
                                      int maxConnections, Duration idleTimeout) throws IOException {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, not " + idleTimeout);
        }
        SocketPaths.prepareDirectory(socket, defaultLocation);
        if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            String notOurs = SocketPaths.notOurSocket(socket);
            if (notOurs != null) {
                throw new IOException("will not use " + socket + " as the control socket: " + notOurs
                        + "; it was left untouched. Pass another --socket PATH");
            }
            if (SocketPaths.answers(socket)) {
                throw new IOException("another device answers on " + socket + "; stop it first ('hitl-midi stop')");
            }
            Files.delete(socket); // a socket of ours nobody answers on: what a killed device leaves
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        String owner;
        Object key;
        try {
            ch.bind(UnixDomainSocketAddress.of(socket), 8);
            SocketPaths.restrict(socket);
            owner = ownerOf(socket);
            key = SocketPaths.fileKey(socket);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        ControlServer s = new ControlServer(socket, ch, handler, log, maxConnections, idleTimeout, owner, key);
        s.acceptor.start();
        s.sweeper.start();
        return s;
    }

    public Path socket() {
        return socket;
    }

    private static String ownerOf(Path socket) throws IOException {
        try {
            return Files.getOwner(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** The peer's user name (SO_PEERCRED, Linux and macOS), or null where the OS cannot tell. */
    private static String peerUser(SocketChannel ch) {
        try {
            return ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    public int connections() {
        return connections.size();
    }

    /** Clients dropped for not reading. */
    public long dropped() {
        return dropped.get();
    }

    /** Queues an event for every subscriber that asked for it; never blocks. */
    public void broadcast(String event, ObjectNode body) {
        byte[] line = null;
        for (Connection c : connections) {
            Set<String> wanted = c.events;
            if (wanted != null && (wanted.isEmpty() || wanted.contains(event))) {
                if (line == null) {
                    line = Protocol.encode(Protocol.event(event, body));
                }
                c.offer(line);
            }
        }
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    log.accept("control: accept failed, no more connections: " + e);
                }
                return;
            }
            // the socket's mode keeps other users out; this is the second lock, for a --socket in a folder (or with
            // a mode) that lets them reach it
            String peer = owner == null ? null : peerUser(ch);
            if (peer != null && !peer.equals(owner)) {
                refuse(ch, "this device serves only its user '" + owner + "'", "refused a connection from user '"
                        + peer + "'");
                continue;
            }
            if (connections.size() >= maxConnections) {
                refuse(ch, "too many connections (" + maxConnections + "); close another client first",
                        "refused a connection, " + maxConnections + " open");
                continue;
            }
            Connection c = new Connection(ch, ++nextId);
            connections.add(c);
            c.start();
        }
    }

    /** Looks for idle connections a few times per idle time (at least every second, at most every 10 ms). */
    private void sweepLoop() {
        long every = Math.max(10_000_000L, Math.min(1_000_000_000L, idleNanos / 4));
        while (!closed.get()) {
            LockSupport.parkNanos(every);
            long now = System.nanoTime();
            for (Connection c : connections) {
                c.closeIfIdle(now);
            }
        }
    }

    /** "10 min", "90 s", "300 ms": the idle time as the closing line says it. */
    static String describe(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        if (d.toSeconds() >= 60 && d.toSeconds() % 60 == 0 && d.toNanosPart() == 0) {
            return d.toMinutes() + " min";
        }
        if (d.toMillis() >= 1000 && d.toMillisPart() == 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }

    private void refuse(SocketChannel ch, String why, String logLine) {
        try (ch) {
            ch.write(ByteBuffer.wrap(Protocol.encode(Protocol.error(null, ErrorCode.FAILED, why))));
        } catch (IOException ignored) {
            // the refused peer left already
        }
        log.accept("control: " + logLine);
    }

    /** Stops accepting, lets each connection flush what is queued (up to a second), then closes all. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a listening socket has nothing to lose
        }
        LockSupport.unpark(sweeper);
        for (Connection c : connections) {
            c.closeAfterFlush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (Connection c : connections) {
            try {
                c.writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Connection c : connections) {
            c.close("device stopping");
        }
        try {
            Object now = SocketPaths.fileKey(socket);
            if (socketKey == null) {
                Files.deleteIfExists(socket); // an OS with no inodes to compare (Windows)
            } else if (now != null && now.equals(socketKey)) {
                Files.delete(socket);
            } else if (now != null) {
                log.accept("control: " + socket + " is no longer our socket (replaced while we ran); left it alone");
            }
        } catch (IOException e) {
            log.accept("control: cannot remove " + socket + ": " + e);
        }
    }

    private final class Connection implements Caller, LineFramer.Sink {
        private final SocketChannel ch;
        private final long id;
        private final LinkedBlockingQueue<byte[]> out = new LinkedBlockingQueue<>();
        private final AtomicLong backlog = new AtomicLong();
        private final AtomicBoolean closedFlag = new AtomicBoolean();
        private final LineFramer framer = new LineFramer(Protocol.MAX_LINE);
        private final Thread reader;
        private final Thread writer;
        private volatile Set<String> events;
        private Runnable after;
        // guarded by this: a request is either done before the idle close, or not done at all
        private long lastRequest = System.nanoTime();
        private boolean busy;
        private boolean idleClosed;

        Connection(SocketChannel ch, long id) {
            this.ch = ch;
            this.id = id;
            this.reader = new Thread(this::readLoop, "control-" + id + "-read");
            this.writer = new Thread(this::writeLoop, "control-" + id + "-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
        }

        void start() {
            writer.start();
            reader.start();
        }

        void offer(byte[] line) {
            if (closedFlag.get()) {
                return;
            }
            if (backlog.addAndGet(line.length) > Protocol.MAX_BACKLOG) {
                dropped.incrementAndGet();
                close("it left more than " + Protocol.MAX_BACKLOG + " bytes unread");
                return;
            }
            out.add(line);
        }

        private void readLoop() {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            try {
                while (!closedFlag.get()) {
                    buf.clear();
                    if (ch.read(buf) < 0) {
                        break;
                    }
                    buf.flip();
                    framer.feed(buf, this);
                }
            } catch (IOException e) {
                // the peer went away or we closed the channel; either ends this connection
            }
            closeAfterFlush();
        }

        /** Closes this connection with a last line saying why, if it has no subscription and no request for the idle time. */
        void closeIfIdle(long now) {
            synchronized (this) {
                if (busy || idleClosed || events != null || now - lastRequest < idleNanos) {
                    return;
                }
                idleClosed = true;
            }
            String idle = describe(idleNanos);
            offer(Protocol.encode(Protocol.error(null, ErrorCode.IDLE_TIMEOUT, "closed: no request for " + idle
                    + " and no subscription (a device serves at most " + maxConnections + " connections); connect"
                    + " again to go on")));
            closeAfterFlush();
            log.accept("control: closed client " + id + ": no request for " + idle + " and no subscription");
        }

        /** False once the connection was closed for idling: what comes after is not done. */
        private synchronized boolean begin() {
            if (idleClosed) {
                return false;
            }
            busy = true;
            return true;
        }

        private synchronized void end() {
            busy = false;
            lastRequest = System.nanoTime();
        }

        @Override
        public void line(byte[] bytes, int length) {
            if (!begin()) {
                return;
            }
            try {
                handle(bytes, length);
            } finally {
                end();
            }
        }

        private void handle(byte[] bytes, int length) {
            JsonNode rid = null;
            ObjectNode reply;
            after = null;
            try {
                Request r = Protocol.decode(bytes, length);
                rid = r.id();
                reply = Protocol.ok(rid, handler.handle(r, this));
            } catch (ControlException e) {
                reply = Protocol.error(rid != null ? rid : Protocol.idOf(e), e.code(), e.getMessage());
            } catch (RuntimeException e) {
                log.accept("control: request failed: " + e);
                reply = Protocol.error(rid, ErrorCode.FAILED, String.valueOf(e.getMessage()));
            }
            offer(Protocol.encode(reply));
            Runnable a = after;
            after = null;
            if (a != null) {
                a.run();
            }
        }

        @Override
        public void overlong(long length) {
            if (!begin()) {
                return;
            }
            try {
                offer(Protocol.encode(Protocol.error(null, ErrorCode.BAD_REQUEST,
                        "line of " + length + " bytes is longer than " + Protocol.MAX_LINE + " bytes")));
            } finally {
                end();
            }
        }

        @Override
        public void subscribe(Set<String> wanted) {
            events = Set.copyOf(wanted);
        }

        @Override
        public void afterReply(Runnable action) {
            after = action;
        }

        private void writeLoop() {
            try {
                while (true) {
                    byte[] line = out.take();
                    if (line == CLOSE) {
                        break;
                    }
                    ByteBuffer b = ByteBuffer.wrap(line);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    backlog.addAndGet(-line.length);
                }
            } catch (IOException e) {
                // the peer went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close(null);
        }

        void closeAfterFlush() {
            if (!closedFlag.get()) {
                out.add(CLOSE);
            }
        }

        void close(String why) {
            if (!closedFlag.compareAndSet(false, true)) {
                return;
            }
            connections.remove(this);
            if (why != null) {
                log.accept("control: dropped client " + id + ": " + why);
            }
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing is pending that closing could lose
            }
            out.clear();
            out.add(CLOSE);
        }
    }
}
