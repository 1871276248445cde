package org.hitlmidi.midi;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * CoreMIDI (macOS): a virtual source and a virtual destination named {@code hitl-midi}, which every DAW on the Mac
 * lists. Messages carry host-time stamps, so CoreMIDI delivers them on time; the port clock (nanoTime) is converted
 * to host time only here, at the boundary. Incoming packets are split into short messages by a normal thread: the
 * native callback only queues the bytes. Hardware devices are listed and opened through CoreMidi4J by the
 * {@code device:NAME} backend.
 */
public final class CoreMidiPort extends AbstractMidiPort {
    private static final long RESYNC_NANOS = 500_000_000;
    private final CoreMidi native_;
    private final String clientName;
    private final BlockingQueue<byte[]> incoming = new ArrayBlockingQueue<>(4096);
    private final Thread reader;
    private final Object producer = new Object();
    private final byte[] out = new byte[3];
    private volatile double nanosPerTick;
    private volatile long offsetNanos; // nanoTime - host time in ns
    private volatile long syncedAt;

    CoreMidiPort(CoreMidi natives, String clientName) throws PortException {
        this.native_ = natives;
        this.clientName = clientName;
        natives.open(clientName, (hostTime, data, length) -> {
            byte[] copy = java.util.Arrays.copyOf(data, length);
            if (!incoming.offer(copy)) {
                countDropped();
            }
        });
        this.nanosPerTick = natives.nanosPerTick();
        sync();
        reader = new Thread(this::read, "hitl-midi-coremidi-in");
        reader.setDaemon(true);
        reader.start();
    }

    public static CoreMidiPort open(PortOptions o) throws PortException {
        if (!Ports.isMac()) {
            throw new PortException("coremidi: CoreMIDI is on macOS only");
        }
        return open(o, CoreMidiNative::new);
    }

    static CoreMidiPort open(PortOptions o, Supplier<CoreMidi> natives) throws PortException {
        try {
            return new CoreMidiPort(natives.get(), o.clientName());
        } catch (LinkageError e) {
            throw new PortException("coremidi: CoreMIDI.framework cannot be loaded (" + e.getMessage() + ")", e);
        }
    }

    static BackendStatus probe() {
        return Ports.isMac() ? new BackendStatus("coremidi", true, "macOS: CoreMIDI virtual source and destination")
                : new BackendStatus("coremidi", false, "not macOS");
    }

    /** Pairs nanoTime with host time. */
    private void sync() {
        offsetNanos = offsetTo(() -> Math.round(native_.hostTime() * nanosPerTick));
        syncedAt = System.nanoTime();
    }

    /** Host ticks of a time on the port clock; 0 (CoreMIDI's "now") for a time already past. */
    long hostTimeOf(long atNanos) {
        if (atNanos <= System.nanoTime()) {
            return 0;
        }
        return Math.round((atNanos - offsetNanos) / nanosPerTick);
    }

    private void read() {
        while (state() != PortState.CLOSED) {
            byte[] packet;
            try {
                packet = incoming.poll(1, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (packet == null) {
                if (System.nanoTime() - syncedAt > RESYNC_NANOS) {
                    synchronized (producer) {
                        sync();
                    }
                }
                continue;
            }
            split(packet, this::deliver);
        }
    }

    /** Splits a packet into short messages: realtime bytes (which may sit inside another message) first; sysex skipped. */
    static void split(byte[] packet, MidiReceiver r) {
        if (r == null) {
            return;
        }
        long now = System.nanoTime();
        byte[] p = new byte[packet.length];
        int n = 0;
        for (byte value : packet) {
            int b = value & 0xFF;
            if (b >= 0xF8) {
                r.receive(b, 0, 0, now);
            } else {
                p[n++] = value;
            }
        }
        int i = 0;
        boolean inSysex = false;
        while (i < n) {
            int b = p[i] & 0xFF;
            if (b == 0xF0) {
                inSysex = true;
                i++;
                continue;
            }
            if (inSysex || b < 0x80) {
                inSysex = inSysex && b != 0xF7;
                i++;
                continue;
            }
            int len = Midi.length(b);
            if (len == 0 || i + len > n) {
                i++;
                continue;
            }
            r.receive(b, len > 1 ? p[i + 1] & 0x7F : 0, len > 2 ? p[i + 2] & 0x7F : 0, now);
            i += len;
        }
    }

    @Override
    public String backend() {
        return "coremidi";
    }

    @Override
    public String name() {
        return clientName;
    }

    @Override
    public boolean send(int status, int data1, int data2, long atNanos) {
        int len = Midi.length(status);
        if (state() != PortState.CONNECTED || len == 0) {
            return countDropped();
        }
        synchronized (producer) {
            out[0] = (byte) status;
            out[1] = (byte) (data1 & 0x7F);
            out[2] = (byte) (data2 & 0x7F);
            try {
                native_.send(hostTimeOf(atNanos), out, len);
                return true;
            } catch (PortException e) {
                return countDropped();
            }
        }
    }

    @Override
    protected void release() {
        join(reader, 1000);
        native_.close();
    }
}
