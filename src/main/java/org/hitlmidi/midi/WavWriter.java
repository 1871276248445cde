package org.hitlmidi.midi;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A 16-bit PCM WAV file written as a stream; the sizes in its header are patched on every flush and on close. */
final class WavWriter implements AutoCloseable {
    private static final int HEADER = 44;
    private final RandomAccessFile file;
    private final int channels;
    private final int rate;
    private long dataBytes;

    WavWriter(Path path, int rate, int channels) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        this.file = new RandomAccessFile(path.toFile(), "rw");
        this.file.setLength(0);
        this.rate = rate;
        this.channels = channels;
        file.write(header());
    }

    void write(byte[] pcm, int len) throws IOException {
        file.write(pcm, 0, len);
        dataBytes += len;
    }

    /** Makes what was written so far a valid file, so a crash leaves a playable WAV. */
    void flush() throws IOException {
        long pos = file.getFilePointer();
        file.seek(0);
        file.write(header());
        file.seek(pos);
    }

    private byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) Math.min(0xFFFFFFFFL, 36 + dataBytes));
        b.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '}).putInt(16).putShort((short) 1)
                .putShort((short) channels).putInt(rate).putInt(rate * channels * 2).putShort((short) (channels * 2))
                .putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) Math.min(0xFFFFFFFFL, dataBytes));
        return b.array();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            file.close();
        }
    }
}
