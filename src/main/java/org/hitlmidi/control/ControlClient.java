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
 */
public final class ControlClient implements AutoCloseable {
    /** Replies and events can be larger than requests (a status with a 64-note track); this only bounds memory. */
    static final int MAX_REPLY_LINE = 16 << 20;
    private static final ObjectNode EOF = Protocol.nodes().objectNode();

    private final SocketChannel ch;
    private final LinkedBlockingQueue<ObjectNode> replies = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Duration timeout;
    private volatile Consumer<ObjectNode> events = e -> { };
    private volatile boolean closed;
    private long nextId;

    private ControlClient(SocketChannel ch, Duration timeout) {
        this.ch = ch;
        this.timeout = timeout;
        this.reader = new Thread(this::readLoop, "control-client-read");
        reader.setDaemon(true);
        reader.start();
    }

    public static ControlClient connect(Path socket) throws DeviceNotRunningException {
        return connect(socket, Duration.ofSeconds(30));
    }

    /**
     * @param timeout longest wait for one reply
     * @throws DeviceNotRunningException when no socket exists or nothing accepts on it
     */
    public static ControlClient connect(Path socket, Duration timeout) throws DeviceNotRunningException {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new ControlClient(ch, timeout);
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
        ByteBuffer b = ByteBuffer.wrap(line);
        while (b.hasRemaining()) {
            ch.write(b);
        }
        while (true) {
            ObjectNode reply;
            try {
                reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the device", e);
            }
            if (reply == null) {
                throw new IOException("the device did not answer '" + r.path("cmd").asText() + "' within "
                        + timeout.toSeconds() + " s");
            }
            if (reply == EOF) {
                replies.add(EOF);
                throw new IOException("the device closed the connection");
            }
            JsonNode rid = reply.get("id");
            if (rid != null && rid.canConvertToLong() && rid.asLong() == id) {
                return reply;
            }
            // a reply to an earlier request that timed out: skip it
        }
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

    public boolean isOpen() {
        return !closed && reader.isAlive();
    }

    private void readLoop() {
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
                } else {
                    replies.add(o);
                }
            }

            @Override
            public void overlong(long length) {
                replies.add(Protocol.error(null, ErrorCode.FAILED, "the device sent a line of " + length + " bytes"));
            }
        };
        try {
            while (true) {
                buf.clear();
                if (ch.read(buf) < 0) {
                    break;
                }
                buf.flip();
                framer.feed(buf, sink);
            }
        } catch (IOException e) {
            // closed by us or by the device
        }
        replies.add(EOF);
    }

    @Override
    public void close() {
        closed = true;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing left to send
        }
    }
}
