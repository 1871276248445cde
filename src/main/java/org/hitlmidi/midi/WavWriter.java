package org.hitlmidi.midi;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A 16-bit PCM WAV file written as a stream, bounded in size, readable at any moment: the built-in synth's output
 * when there is no sound card, over a session of any length.
 *
 * <p>The sizes in the header are patched on every {@link #flush} and on close, so what was flushed is always a valid
 * file; bytes go straight to the OS (no buffer of ours), so a kill -9 loses at most what came after the last flush
 * (the bytes are in the file, but the header does not count them). When a write would take the file past its limit,
 * the file is finished, renamed to {@link #previous(Path) NAME.1.wav} (replacing an older one) and a new one starts:
 * the last one to two limits of audio are kept, never more than twice the limit on disk. A file left by an earlier
 * run is renamed the same way at the start, so a restart does not wipe what was just played; if that run was killed,
 * its header is first made to count every whole frame on disk, so the tail it had not flushed is back too.
 */
final class WavWriter implements AutoCloseable {
    static final int HEADER = 44;
    /** The sizes in a RIFF header are 32-bit. */
    static final long MAX_LIMIT = 0xFFFFFFFFL;
    /** 200 MB: about 19 minutes of 44.1 kHz 16-bit stereo. */
    static final long DEFAULT_LIMIT = 200_000_000L;

    private final Path path;
    private final int channels;
    private final int rate;
    private final int frameBytes;
    private final long dataLimit;
    private RandomAccessFile file;
    private long dataBytes;

    /**
     * @param limitBytes the most a file may take, header included: at least a second of audio, at most 4 GiB
     */
    WavWriter(Path path, int rate, int channels, long limitBytes) throws IOException {
        if (rate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("a WAV needs a positive rate and channel count");
        }
        this.path = path;
        this.rate = rate;
        this.channels = channels;
        this.frameBytes = channels * 2;
        long second = (long) rate * frameBytes;
        if (limitBytes < HEADER + second || limitBytes > MAX_LIMIT) {
            throw new IllegalArgumentException("a WAV file limit must be between " + (HEADER + second)
                    + " bytes (a second of audio) and " + MAX_LIMIT + " bytes (what a WAV header can count), not "
                    + limitBytes);
        }
        this.dataLimit = (limitBytes - HEADER) / frameBytes * frameBytes;
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (Files.exists(path) && Files.size(path) > HEADER) {
            countWholeFrames(path);
            keepAsPrevious();
        }
        open();
    }

    /** Where the file before the current one is kept: {@code synth.wav} -> {@code synth.1.wav}. */
    static Path previous(Path path) {
        String name = path.getFileName().toString();
        int dot = name.toLowerCase(java.util.Locale.ROOT).endsWith(".wav") ? name.length() - 4 : name.length();
        return path.resolveSibling(name.substring(0, dot) + ".1" + name.substring(dot));
    }

    /**
     * Makes the header of a WAV of ours count every whole frame in the file (what a killed writer wrote after its last
     * flush); a file that is not one of ours (16-bit PCM, the data chunk right after a 16-byte fmt chunk) is left as
     * it is.
     */
    static void countWholeFrames(Path wav) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(wav.toFile(), "rw")) {
            byte[] h = new byte[HEADER];
            f.readFully(h);
            ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
            boolean ours = b.getInt(0) == 0x46464952 && b.getInt(8) == 0x45564157 && b.getInt(12) == 0x20746d66
                    && b.getInt(16) == 16 && b.getShort(20) == 1 && b.getShort(34) == 16 && b.getInt(36) == 0x61746164;
            int frame = b.getShort(32);
            if (!ours || frame <= 0) {
                return;
            }
            long whole = Math.min(f.length() - HEADER, MAX_LIMIT - HEADER) / frame * frame;
            if (whole > (b.getInt(40) & 0xFFFFFFFFL)) {
                b.putInt(4, (int) (36 + whole)).putInt(40, (int) whole);
                f.seek(0);
                f.write(h);
            }
        }
    }

    private void keepAsPrevious() throws IOException {
        Files.move(path, previous(path), StandardCopyOption.REPLACE_EXISTING);
    }

    private void open() throws IOException {
        createPrivate(path);
        file = new RandomAccessFile(path.toFile(), "rw");
        file.setLength(0);
        dataBytes = 0;
        file.write(header());
    }

    /** What the synth played is the user's alone, like the rest of the data dir: created 0600, never via a symlink. */
    private static void createPrivate(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException(path + " is a symbolic link; the synth does not write through it (move it away)");
        }
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> mode =
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        try {
            Files.createFile(path, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(mode));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(path, mode);
        }
    }

    /** Appends whole frames ({@code len} a multiple of the frame size); rolls over to a new file at the limit. */
    void write(byte[] pcm, int len) throws IOException {
        if (len % frameBytes != 0) {
            throw new IllegalArgumentException(len + " bytes are not whole frames of " + frameBytes + " bytes");
        }
        int off = 0;
        while (off < len) {
            if (dataBytes == dataLimit) {
                roll();
            }
            int n = (int) Math.min(len - off, dataLimit - dataBytes);
            file.write(pcm, off, n);
            dataBytes += n;
            off += n;
        }
    }

    private void roll() throws IOException {
        finish();
        keepAsPrevious();
        open();
    }

    /** Makes what was written so far a valid file, so a crash leaves a playable WAV. */
    void flush() throws IOException {
        long pos = file.getFilePointer();
        file.seek(0);
        file.write(header()); // 44 bytes at offset 0: one write, whole or not at all when the process is killed
        file.seek(pos);
    }

    private byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + dataBytes));
        b.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '}).putInt(16).putShort((short) 1)
                .putShort((short) channels).putInt(rate).putInt(rate * frameBytes).putShort((short) frameBytes)
                .putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataBytes);
        return b.array();
    }

    private void finish() throws IOException {
        try {
            flush();
        } finally {
            file.close();
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
