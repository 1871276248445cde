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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Serves the control protocol on a Unix-domain socket (no TCP). Each connection has a reader thread that
 * handles its requests in order and a writer thread that drains a queue of lines, so the device only ever
 * enqueues: a client that stops reading is dropped once {@link Protocol#MAX_BACKLOG} bytes wait for it.
 */
public final class ControlServer implements AutoCloseable {
    public static final int DEFAULT_MAX_CONNECTIONS = 16;
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
    private final ServerSocketChannel server;
    private final Handler handler;
    private final Consumer<String> log;
    private final int maxConnections;
    /** The user the socket belongs to (ours), or null where the OS cannot tell a peer's user. */
    private final String owner;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread acceptor;
    private long nextId;

    private ControlServer(Path socket, ServerSocketChannel server, Handler handler, Consumer<String> log,
                          int maxConnections, String owner) {
        this.socket = socket;
        this.owner = owner;
        this.server = server;
        this.handler = handler;
        this.log = log;
        this.maxConnections = maxConnections;
        this.acceptor = new Thread(this::acceptLoop, "control-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Binds {@code socket} (mode 0600 in a 0700 folder) and starts serving. A stale socket file left by a
     * crashed device is replaced; one that still answers means another device runs, and is refused.
     *
     * @param defaultLocation true for the default folder, which is then forced to 0700
     */
    public static ControlServer start(Path socket, boolean defaultLocation, Handler handler, Consumer<String> log,
                                      int maxConnections) throws IOException {
        SocketPaths.prepareDirectory(socket, defaultLocation);
        if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (SocketPaths.answers(socket)) {
                throw new IOException("another device answers on " + socket + "; stop it first ('hitl-midi stop')");
            }
            Files.delete(socket);
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        String owner;
        try {
            ch.bind(UnixDomainSocketAddress.of(socket), 8);
            SocketPaths.restrict(socket);
            owner = ownerOf(socket);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        ControlServer s = new ControlServer(socket, ch, handler, log, maxConnections, owner);
        s.acceptor.start();
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
            Files.deleteIfExists(socket);
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

        @Override
        public void line(byte[] bytes, int length) {
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
            offer(Protocol.encode(Protocol.error(null, ErrorCode.BAD_REQUEST,
                    "line of " + length + " bytes is longer than " + Protocol.MAX_LINE + " bytes")));
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
