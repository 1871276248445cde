package org.hitlmidi.midi;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * An ALSA sequencer client ({@code hitl-midi}) with a readable, subscribable output port {@code out} and a writable
 * input port {@code in}. Events are scheduled on a sequencer queue of ours at their time, so the kernel delivers them
 * on time (no thread of ours has to wake at the right moment). The port clock is nanoTime; the queue's clock is
 * mapped to it by one offset measured from paired readings when the port opens. The offset is re-measured now and
 * then, but only a drift beyond {@link #DRIFT_NANOS} replaces it: a queue time is the scheduled port time minus a
 * fixed offset, so events keep the schedule's exact spacing however long a reading takes or when it was made
 * (re-adopting every reading shifted later events by its jitter: 35 ns on a slow VM). Input is read by a normal thread.
 */
public final class AlsaMidiPort extends AbstractMidiPort {
    private static final long RESYNC_NANOS = 500_000_000;
    /** A re-measured offset replaces the one in use only when they differ by more than this (a real drift). */
    static final long DRIFT_NANOS = 1_000_000;
    private final AlsaSeq seq;
    private final String clientName;
    private final int outPort;
    private final int queue;
    private final Thread reader;
    private final Object producer = new Object();
    private volatile long offsetNanos; // nanoTime - queue time
    private volatile long syncedAt;
    private boolean measured; // guarded by producer (or the constructor)

    AlsaMidiPort(AlsaSeq seq, String clientName) throws PortException {
        this.seq = seq;
        this.clientName = clientName;
        seq.open(clientName);
        try {
            this.outPort = seq.createPort("out", true, false);
            seq.createPort("in", false, true);
            this.queue = seq.startQueue(clientName);
        } catch (PortException e) {
            seq.close();
            throw e;
        }
        sync();
        reader = new Thread(this::read, "hitl-midi-alsa-in");
        reader.setDaemon(true);
        reader.start();
    }

    public static AlsaMidiPort open(PortOptions o) throws PortException {
        return open(o, AlsaSeqNative::new);
    }

    static AlsaMidiPort open(PortOptions o, Supplier<AlsaSeq> natives) throws PortException {
        if (!Ports.alsaSequencerPresent()) {
            throw new PortException("alsa: no ALSA sequencer here (/dev/snd/seq is missing; `modprobe snd-seq`?)");
        }
        try {
            return new AlsaMidiPort(natives.get(), o.clientName());
        } catch (LinkageError e) {
            throw new PortException("alsa: libasound is not installed (" + e.getMessage() + ")", e);
        }
    }

    static BackendStatus probe() {
        return Ports.alsaSequencerPresent()
                ? new BackendStatus("alsa", true, "the ALSA sequencer is there (/dev/snd/seq)")
                : new BackendStatus("alsa", false, "no ALSA sequencer (/dev/snd/seq is missing)");
    }

    /** Pairs nanoTime with the queue's clock; the first time, or when the clocks drifted apart. */
    private void sync() {
        long now = offsetTo(() -> seq.queueNanos(queue));
        if (!measured || Math.abs(now - offsetNanos) > DRIFT_NANOS) {
            offsetNanos = now;
            measured = true;
        }
        syncedAt = System.nanoTime();
    }

    /** Re-measures the offset now (the reader does it every {@link #RESYNC_NANOS}); for tests. */
    void resync() {
        synchronized (producer) {
            sync();
        }
    }

    /** The queue time an event scheduled at {@code atNanos} (port clock) is sent at. */
    long queueTimeOf(long atNanos) {
        return Math.max(0, atNanos - offsetNanos);
    }

    private void read() {
        while (state() != PortState.CLOSED) {
            SeqEvent ev = seq.poll();
            if (ev == null) {
                if (System.nanoTime() - syncedAt > RESYNC_NANOS) {
                    synchronized (producer) {
                        sync();
                    }
                }
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            int[] m = ev.toMessage();
            if (m != null) {
                deliver(m[0], m[1], m[2], System.nanoTime());
            }
        }
    }

    @Override
    public String backend() {
        return "alsa";
    }

    @Override
    public String name() {
        return clientName + ":out";
    }

    /** The sequencer address others connect to, e.g. "128:0" (for aconnect). */
    public String address() {
        return seq.clientId() + ":" + outPort;
    }

    @Override
    public boolean send(int status, int data1, int data2, long atNanos) {
        SeqEvent ev = SeqEvent.of(status, data1, data2);
        if (state() != PortState.CONNECTED || ev == null) {
            return countDropped();
        }
        synchronized (producer) {
            try {
                seq.send(outPort, queue, queueTimeOf(atNanos), ev);
                return true;
            } catch (PortException e) {
                return countDropped();
            }
        }
    }

    @Override
    protected void release() {
        join(reader, 1000);
        seq.close();
    }
}
