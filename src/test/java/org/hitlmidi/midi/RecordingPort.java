package org.hitlmidi.midi;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A real port with a tap: every message sent goes on to the wrapped port and is counted here, with the notes
 * sounding right now (per channel and key), so a test can tell that a device keeps playing and that every
 * note-on got its note-off. Not a mock: the wrapped port plays as usual.
 */
public final class RecordingPort implements MidiPort {
    private final MidiPort port;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong noteOns = new AtomicLong();
    private final AtomicLong noteOffs = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    /** Note-ons minus note-offs per channel and key; guarded by this. */
    private final int[] sounding = new int[16 * 128];
    private long allNotesOff;

    public RecordingPort(MidiPort port) {
        this.port = port;
    }

    @Override
    public String backend() {
        return port.backend();
    }

    @Override
    public String name() {
        return port.name();
    }

    @Override
    public boolean send(int status, int data1, int data2, long atNanos) {
        sent.incrementAndGet();
        int kind = status & 0xF0;
        int ch = status & 0x0F;
        synchronized (this) {
            if (kind == Midi.NOTE_ON && data2 > 0) {
                noteOns.incrementAndGet();
                sounding[ch * 128 + (data1 & 0x7F)]++;
            } else if (kind == Midi.NOTE_OFF || kind == Midi.NOTE_ON) {
                noteOffs.incrementAndGet();
                int k = ch * 128 + (data1 & 0x7F);
                sounding[k] = Math.max(0, sounding[k] - 1);
            } else if (kind == Midi.CONTROL_CHANGE && (data1 == Midi.CC_ALL_NOTES_OFF || data1 == Midi.CC_ALL_SOUND_OFF)) {
                allNotesOff++;
                java.util.Arrays.fill(sounding, ch * 128, ch * 128 + 128, 0);
            }
        }
        return port.send(status, data1, data2, atNanos);
    }

    @Override
    public void beginBatch() {
        port.beginBatch();
    }

    @Override
    public void endBatch() {
        port.endBatch();
    }

    public long sent() {
        return sent.get();
    }

    public long noteOns() {
        return noteOns.get();
    }

    public long noteOffs() {
        return noteOffs.get();
    }

    /** Notes whose note-on has had no note-off (nor an all-notes-off on their channel) yet. */
    public synchronized int sounding() {
        int n = 0;
        for (int v : sounding) {
            n += v;
        }
        return n;
    }

    public synchronized long allNotesOff() {
        return allNotesOff;
    }

    @Override
    public void setReceiver(MidiReceiver receiver) {
        port.setReceiver((status, data1, data2, atNanos) -> {
            received.incrementAndGet();
            receiver.receive(status, data1, data2, atNanos);
        });
    }

    /** Messages that came in through the port and went on to its receiver. */
    public long received() {
        return received.get();
    }

    @Override
    public void setStateListener(Consumer<PortState> listener) {
        port.setStateListener(listener);
    }

    @Override
    public PortState state() {
        return port.state();
    }

    @Override
    public long nowNanos() {
        return port.nowNanos();
    }

    @Override
    public long latencyNanos() {
        return port.latencyNanos();
    }

    @Override
    public long leadNanos() {
        return port.leadNanos();
    }

    @Override
    public long earliestStart() {
        return port.earliestStart();
    }

    @Override
    public long soonestStart() {
        return port.soonestStart();
    }

    @Override
    public long dropped() {
        return port.dropped();
    }

    @Override
    public void close() {
        port.close();
    }
}
