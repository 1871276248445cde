package org.hitlmidi.midi;

/**
 * The narrow native seam of the CoreMIDI backend: a client with one virtual source and one virtual destination,
 * host-time stamps. {@link CoreMidiNative} is the real one (JNA to CoreMIDI.framework, macOS only); tests use a fake.
 */
interface CoreMidi extends AutoCloseable {
    /** Receives the bytes of one packet of our destination, on CoreMIDI's thread: must return at once. */
    interface Input {
        void packet(long hostTime, byte[] data, int length);
    }

    /** Creates the client and the virtual source and destination, all named {@code name}. */
    void open(String name, Input input) throws PortException;

    /** The host clock now, in its ticks (mach_absolute_time). */
    long hostTime();

    /** Nanoseconds per host tick (mach_timebase_info numer / denom). */
    double nanosPerTick();

    /** Makes our virtual source emit {@code data} at {@code hostTime} (0: now). */
    void send(long hostTime, byte[] data, int length) throws PortException;

    @Override
    void close();
}
