package org.hitlmidi.midi;

/**
 * The narrow native seam of the ALSA backend: the few libasound sequencer calls it makes. {@link
 * org.hitlmidi.midi.nativ.AlsaSeqNative} is the real one (JNA); tests use a fake, since CI machines have no ALSA
 * kernel sequencer. Everything above it (event conversion, scheduling, the reader thread) is plain Java.
 */
interface AlsaSeq extends AutoCloseable {
    /** Opens the sequencer for input and output (non-blocking input) and names our client. */
    void open(String clientName) throws PortException;

    int clientId();

    /** A port others can subscribe to (readable) or write to (writable); returns its number. */
    int createPort(String name, boolean readable, boolean writable) throws PortException;

    /** A queue of our own, started: events sent with a time are scheduled on it. */
    int startQueue(String name) throws PortException;

    /** The queue's current time, nanoseconds since it started. */
    long queueNanos(int queue);

    /** Sends to every subscriber of {@code port} at {@code queueNanos} on {@code queue}. */
    void send(int port, int queue, long queueNanos, SeqEvent ev) throws PortException;

    /** The next event that arrived at one of our writable ports, or null when none is waiting. */
    SeqEvent poll();

    @Override
    void close();
}
