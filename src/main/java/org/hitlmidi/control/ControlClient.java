package org.hitlmidi.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A connection to the device: blocking request/reply, and events after {@link #subscribe}. A reader thread
 * splits what arrives into replies (for the waiting request) and events (for the listener, called on that
 * thread: a listener must hand work off, e.g. with Platform.runLater, not block).
 *
 * <p>The device closes a connection that has no subscription and sent no request for its idle time (see
 * docs/protocol.md), and does no request that arrives after it said so. So a client that was closed for idling
 * connects again by itself at its next request, and sends again a request the close crossed: a panel left open
 * for an hour, or a script that rates now and then, goes on as if nothing happened.
 */
public final class ControlClient implements AutoCloseable {
    /** Replies and events can be larger than requests (a status with a 64-note track); this only bounds memory. */
    static final int MAX_REPLY_LINE = 16 << 20;
    private static final ObjectNode EOF = Protocol.nodes().objectNode();

    private final Path socket;
    private final Duration timeout;
    private volatile Link link;
    private volatile Consumer<ObjectNode> events = e -> { };
    private volatile boolean closed;
    private long nextId;

    /** One socket connection and what its reader thread hands over. */
    private final class Link {
        final SocketChannel ch;
        final LinkedBlockingQueue<ObjectNode> replies = new LinkedBlockingQueue<>();
        final Thread reader;
        /** The device's message when it closed this link for idling, else null. */
        volatile String idleClosed;

        Link(SocketChannel ch) {
            this.ch = ch;
            this.reader = new Thread(() -> readLoop(this), "control-client-read");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private ControlClient(Path socket, SocketChannel ch, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        this.link = new Link(ch);
    }

    public static ControlClient connect(Path socket) throws IOException {
        return connect(socket, Duration.ofSeconds(30));
    }

    /**
     * @param timeout longest wait for one reply
     * @throws DeviceNotRunningException when no socket exists or nothing accepts on it
     * @throws ForeignPeerException       when what accepts runs as another user (nothing was sent)
     */
    public static ControlClient connect(Path socket, Duration timeout) throws IOException {
        return new ControlClient(socket, open(socket), timeout);
    }

    private static SocketChannel open(Path socket) throws IOException {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // never connected
                }
            }
            throw new DeviceNotRunningException(socket, e);
        }
        try {
            checkPeer(socket, ch);
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was sent on it
            }
            throw e;
        }
        return ch;
    }

    /**
     * Before a byte is sent: the process that answers must run as our user (SO_PEERCRED). Another user who could
     * put a socket at this path (a folder left open) would otherwise read every rating and answer what it likes.
     */
    static void checkPeer(Path socket, SocketChannel ch) throws IOException {
        String foreign = Peers.foreignUser(ch);
        if (foreign != null) {
            throw new ForeignPeerException(Peers.message(socket, foreign));
        }
    }

    /** The socket answers, but for another user: not our device. */
    public static final class ForeignPeerException extends IOException {
        ForeignPeerException(String message) {
            super(message);
        }
    }

    /** Sends {@code request} (an id is added) and waits for its reply, ok or not. */
    public synchronized ObjectNode request(ObjectNode request) throws IOException {
        if (closed) {
            throw new IOException("the connection to the device is closed");
        }
        ObjectNode r = request.deepCopy();
        long id = ++nextId;
        r.put("id", id);
        byte[] line = Protocol.encode(r);
        Link l = link;
        if (l.idleClosed != null) {
            l = reconnect();
        }
        boolean resent = false;
        if (!send(l, line)) {
            l = reconnect();
            resent = true;
            send(l, line);
        }
        while (true) {
            ObjectNode reply;
            try {
                reply = l.replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the device", e);
            }
            if (reply == null) {
                throw new IOException("the device did not answer '" + r.path("cmd").asText() + "' within "
                        + timeout.toSeconds() + " s");
            }
            if (reply == EOF) {
                l.replies.add(EOF);
                if (l.idleClosed != null && !resent) { // the close crossed the request, which was not done
                    l = reconnect();
                    resent = true;
                    send(l, line);
                    continue;
                }
                String refused = refusal(l);
                if (refused != null) {
                    throw new IOException("the device refused the connection: " + refused);
                }
                throw new IOException("the device closed the connection"
                        + (l.idleClosed == null ? "" : " (" + l.idleClosed + ")"));
            }
            JsonNode rid = reply.get("id");
            if (rid != null && rid.canConvertToLong() && rid.asLong() == id) {
                return reply;
            }
            if (rid == null && ErrorCode.of(reply.path("error").path("code").asText()) == ErrorCode.FAILED) {
                // the device's reason for closing a connection it will not serve (too many, another user)
                throw new IOException("the device refused the connection: "
                        + reply.path("error").path("message").asText("refused"));
            }
            // a reply to an earlier request that timed out, or the idle close's line: skip it
        }
    }

    /**
     * Writes a line; false when the write failed because the device had closed the link for idling (its reader may
     * still be on the way to the closing line: it is given a moment).
     */
    private boolean send(Link l, byte[] line) throws IOException {
        try {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                l.ch.write(b);
            }
            return true;
        } catch (IOException e) {
            try {
                l.reader.join(1000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            if (l.idleClosed == null) {
                String refused = refusal(l);
                throw refused != null ? new IOException("the device refused the connection: " + refused, e) : e;
            }
            return false;
        }
    }

    /**
     * The line a device sends before it closes a connection it will not serve (too many connections, another user),
     * which a client that wrote first would otherwise report as "Broken pipe"; null when none came.
     */
    private static String refusal(Link l) {
        for (ObjectNode o : l.replies) {
            if (o != EOF && !o.has("id") && !o.path("ok").asBoolean(true)
                    && ErrorCode.of(o.path("error").path("code").asText()) == ErrorCode.FAILED) {
                return o.path("error").path("message").asText("refused");
            }
        }
        return null;
    }

    private Link reconnect() throws IOException {
        Link old = link;
        try {
            old.ch.close();
        } catch (IOException ignored) {
            // the device closed it already
        }
        Link l = new Link(open(socket));
        link = l;
        if (closed) { // close() ran meanwhile, on the link before this one
            l.ch.close();
            throw new IOException("the connection to the device is closed");
        }
        return l;
    }

    /** Sends a command and returns its reply; an error reply is thrown as {@link ControlException}. */
    public ObjectNode call(String cmd, ObjectNode fields) throws IOException {
        ObjectNode req = Protocol.nodes().objectNode();
        req.put("cmd", cmd);
        if (fields != null) {
            req.setAll(fields);
        }
        ObjectNode reply = request(req);
        if (!reply.path("ok").asBoolean(false)) {
            JsonNode e = reply.path("error");
            throw new ControlException(ErrorCode.of(e.path("code").asText()), e.path("message").asText("error"));
        }
        return reply;
    }

    public ObjectNode call(String cmd) throws IOException {
        return call(cmd, null);
    }

    /** Subscribes to {@code names} (all when empty); {@code listener} then hears every event line. */
    public ObjectNode subscribe(Collection<String> names, Consumer<ObjectNode> listener) throws IOException {
        events = listener;
        ObjectNode f = Protocol.nodes().objectNode();
        if (!names.isEmpty()) {
            var a = f.putArray("events");
            names.forEach(a::add);
        }
        return call("subscribe", f);
    }

    /** Whether requests can be sent: true too after an idle close, which the next request mends. */
    public boolean isOpen() {
        Link l = link;
        return !closed && (l.reader.isAlive() || l.idleClosed != null);
    }

    private void readLoop(Link l) {
        LineFramer framer = new LineFramer(MAX_REPLY_LINE);
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        LineFramer.Sink sink = new LineFramer.Sink() {
            @Override
            public void line(byte[] bytes, int length) {
                ObjectNode o;
                try {
                    o = Protocol.parseReply(new String(bytes, 0, length, StandardCharsets.UTF_8));
                } catch (ControlException e) {
                    return;
                }
                if (o.has("event") && !o.has("ok")) {
                    try {
                        events.accept(o);
                    } catch (RuntimeException e) {
                        // a listener's bug must not stop replies from arriving
                    }
                    return;
                }
                JsonNode err = o.path("error");
                if (!o.has("id") && ErrorCode.of(err.path("code").asText()) == ErrorCode.IDLE_TIMEOUT) {
                    l.idleClosed = err.path("message").asText("closed for idling");
                }
                l.replies.add(o);
            }

            @Override
            public void overlong(long length) {
                l.replies.add(Protocol.error(null, ErrorCode.FAILED, "the device sent a line of " + length + " bytes"));
            }
        };
        try {
            while (true) {
                buf.clear();
                if (l.ch.read(buf) < 0) {
                    break;
                }
                buf.flip();
                framer.feed(buf, sink);
            }
        } catch (IOException e) {
            // closed by us or by the device
        }
        l.replies.add(EOF);
    }

    @Override
    public void close() {
        closed = true;
        try {
            link.ch.close();
        } catch (IOException ignored) {
            // nothing left to send
        }
    }
}
