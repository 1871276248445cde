package org.hitlmidi.control;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts a byte stream into '\n'-terminated lines of at most {@code maxLine} bytes. A longer line is not
 * buffered: its bytes are skipped up to the next newline and reported once as overlong, so a peer can never
 * make us hold more than {@code maxLine} bytes.
 */
public final class LineFramer {
    /** Hears each complete line (without '\n'; the array is reused after the call) and each overlong one. */
    public interface Sink {
        void line(byte[] bytes, int length);

        void overlong(long length);
    }

    private final int maxLine;
    private byte[] buf = new byte[256];
    private int size;
    private long skipped = -1;

    public LineFramer(int maxLine) {
        this.maxLine = maxLine;
    }

    public void feed(ByteBuffer data, Sink sink) {
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b == '\n') {
                if (skipped >= 0) {
                    long n = skipped;
                    skipped = -1;
                    sink.overlong(n);
                } else {
                    int n = size;
                    size = 0;
                    sink.line(buf, n);
                }
            } else if (skipped >= 0) {
                skipped++;
            } else if (size == maxLine) {
                skipped = size + 1L;
                size = 0;
                buf = new byte[256];
            } else {
                if (size == buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(maxLine, buf.length * 2));
                }
                buf[size++] = b;
            }
        }
    }

    /** Bytes of an unfinished line held now. */
    public int pending() {
        return size;
    }
}
