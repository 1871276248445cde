package org.hitlmidi.midi.porthost;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The framed binary protocol between the device and its port host, over the host's stdin (device to host) and a copy
 * of its stdout (host to device). A frame is a big-endian u16 length (of what follows), a u8 type and the payload: a
 * reader skips a type it does not know, so either side can grow. Times are on the port clock (the JACK frame counter
 * in nanoseconds); a short message is packed as status | data1 << 8 | data2 << 16.
 *
 * <p>Device to host: {@code START} (a host waits for it before it does anything: a spare host stands by, started and
 * idle), {@code SEND} (i64 time, i32 message), {@code CONNECT} (utf from, utf to), {@code CLOSE} (send what is
 * queued, answer {@code BYE}, exit). Host to device: {@code READY} (i32 rate, i32 period) when its client is
 * open, {@code NO_SERVER} (utf why) when it is not (it keeps trying), {@code SYNC} every {@link #HEARTBEAT_NANOS}, the
 * heartbeat with the clock (i64 period's first frame, i64 its nanoTime, i32 period, i32 rate, i64 our frames minus
 * the server's; period 0 while there is no client) and counters (i64 dropped, full periods, stale note-ons, errors),
 * {@code INPUT} (i64 time, i32 message), {@code CONNECTIONS} when they change (the ones to restore after a restart:
 * i32 n, n x utf from, utf to; then the live ones, the same way), {@code
 * LOST} (utf why) before it exits because the server went, {@code BYE}.
 */
public final class HostProtocol {
    public static final int SEND = 1;
    public static final int CONNECT = 2;
    public static final int CLOSE = 3;
    public static final int START = 4;
    public static final int READY = 16;
    public static final int NO_SERVER = 17;
    public static final int SYNC = 18;
    public static final int INPUT = 19;
    public static final int CONNECTIONS = 20;
    public static final int LOST = 21;
    public static final int BYE = 22;

    /** How often the host says it lives (its SYNC). */
    public static final long HEARTBEAT_NANOS = 200_000_000;

    private static final int MAX_FRAME = 0xFFFF;

    private HostProtocol() {
    }

    public static int pack(int status, int data1, int data2) {
        return (status & 0xFF) | (data1 & 0x7F) << 8 | (data2 & 0x7F) << 16;
    }

    public static int status(int m) {
        return m & 0xFF;
    }

    public static int data1(int m) {
        return (m >> 8) & 0x7F;
    }

    public static int data2(int m) {
        return (m >> 16) & 0x7F;
    }

    /** The clock and counters of a {@code SYNC}; {@code period == 0}: the host has no client (yet). */
    public record Sync(long frame, long nanoTime, int period, int rate, long frameBase, long dropped, long fullPeriods,
                       long staleNoteOns, long rtErrors) {
    }

    /** One frame read: its type and payload. */
    public record Frame(int type, byte[] payload) {
        public DataInputStream data() {
            return new DataInputStream(new ByteArrayInputStream(payload));
        }
    }

    /** Writes frames; one writer at a time (callers synchronize on it). Not thread-safe by itself. */
    public static final class Writer {
        private final DataOutputStream out;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        private final DataOutputStream body = new DataOutputStream(buf);

        public Writer(OutputStream out) {
            this.out = new DataOutputStream(new java.io.BufferedOutputStream(out, 8192));
        }

        private DataOutputStream begin() {
            buf.reset();
            return body;
        }

        private void end(int type) throws IOException {
            if (buf.size() + 1 > MAX_FRAME) {
                throw new IOException("frame too long: " + buf.size());
            }
            out.writeShort(buf.size() + 1);
            out.writeByte(type);
            buf.writeTo(out);
        }

        public void send(long atNanos, int message) throws IOException {
            out.writeShort(13);
            out.writeByte(SEND);
            out.writeLong(atNanos);
            out.writeInt(message);
        }

        public void input(long atNanos, int message) throws IOException {
            out.writeShort(13);
            out.writeByte(INPUT);
            out.writeLong(atNanos);
            out.writeInt(message);
        }

        public void connect(String from, String to) throws IOException {
            DataOutputStream d = begin();
            d.writeUTF(from);
            d.writeUTF(to);
            end(CONNECT);
        }

        public void empty(int type) throws IOException {
            begin();
            end(type);
        }

        public void ready(int rate, int period) throws IOException {
            DataOutputStream d = begin();
            d.writeInt(rate);
            d.writeInt(period);
            end(READY);
        }

        public void text(int type, String why) throws IOException {
            DataOutputStream d = begin();
            d.writeUTF(why.length() > 2000 ? why.substring(0, 2000) : why);
            end(type);
        }

        public void sync(Sync s) throws IOException {
            DataOutputStream d = begin();
            d.writeLong(s.frame());
            d.writeLong(s.nanoTime());
            d.writeInt(s.period());
            d.writeInt(s.rate());
            d.writeLong(s.frameBase());
            d.writeLong(s.dropped());
            d.writeLong(s.fullPeriods());
            d.writeLong(s.staleNoteOns());
            d.writeLong(s.rtErrors());
            end(SYNC);
        }

        /** What to restore after a restart (the live ones and those waiting for their ports), and the live ones. */
        public void connections(List<String[]> remembered, List<String[]> live) throws IOException {
            DataOutputStream d = begin();
            for (List<String[]> list : List.of(remembered, live)) {
                d.writeInt(list.size());
                for (String[] p : list) {
                    d.writeUTF(p[0]);
                    d.writeUTF(p[1]);
                }
            }
            end(CONNECTIONS);
        }

        public void flush() throws IOException {
            out.flush();
        }
    }

    /** Reads the next frame; EOFException at the end of the stream (the other side is gone). */
    public static Frame read(DataInputStream in) throws IOException {
        int len = in.readUnsignedShort();
        if (len < 1) {
            throw new IOException("empty frame");
        }
        int type = in.readUnsignedByte();
        byte[] payload = new byte[len - 1];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    public static DataInputStream input(InputStream in) {
        return new DataInputStream(new java.io.BufferedInputStream(in, 8192));
    }

    public static Sync readSync(Frame f) throws IOException {
        DataInputStream d = f.data();
        return new Sync(d.readLong(), d.readLong(), d.readInt(), d.readInt(), d.readLong(), d.readLong(), d.readLong(),
                d.readLong(), d.readLong());
    }

    /** A {@code CONNECTIONS} frame: the remembered ones, then the live ones, "from\nto" each. */
    public static List<List<String>> readConnections(Frame f) throws IOException {
        DataInputStream d = f.data();
        List<List<String>> lists = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            int n = d.readInt();
            if (n < 0 || n > 10_000) {
                throw new IOException("bad connection count " + n);
            }
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(d.readUTF() + "\n" + d.readUTF());
            }
            lists.add(out);
        }
        return lists;
    }

    /** Whether the stream ended (EOF) rather than broke. */
    static boolean ended(IOException e) {
        return e instanceof EOFException;
    }
}
