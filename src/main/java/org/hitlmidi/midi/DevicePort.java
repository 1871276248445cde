package org.hitlmidi.midi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Transmitter;

/**
 * An existing OS MIDI device through javax.sound.midi: a hardware synth, an IAC bus on macOS, loopMIDI on Windows
 * (where the OS has no virtual ports). Sends to the device named, and listens on the input of the same name when
 * there is one. Most device drivers ignore timestamps, so a sender thread of ours releases each event at its time.
 */
public final class DevicePort extends AbstractMidiPort {
    private final String name;
    private final MidiDevice outDevice;
    private final Receiver out;
    private final MidiDevice inDevice;
    private final Transmitter in;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition due = lock.newCondition();
    private final PriorityQueue<Timed> queue = new PriorityQueue<>();
    private final Thread sender;
    private long seq;

    private record Timed(long at, long seq, ShortMessage msg) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Takes devices already open; package-private so tests can pass in-memory ones. */
    DevicePort(String name, MidiDevice outDevice, MidiDevice inDevice) throws MidiUnavailableException {
        this.name = name;
        this.outDevice = outDevice;
        this.out = outDevice.getReceiver();
        this.inDevice = inDevice;
        if (inDevice != null) {
            this.in = inDevice.getTransmitter();
            this.in.setReceiver(new Receiver() {
                @Override
                public void send(MidiMessage m, long ts) {
                    if (m instanceof ShortMessage sm) {
                        deliver(sm.getStatus(), sm.getData1(), sm.getData2(), System.nanoTime());
                    }
                }

                @Override
                public void close() {
                }
            });
        } else {
            this.in = null;
        }
        sender = new Thread(this::deliver, "hitl-midi-device-sender");
        sender.setDaemon(true);
        sender.setPriority(Thread.MAX_PRIORITY);
        sender.start();
    }

    static BackendStatus probe() {
        List<String> n = names();
        return new BackendStatus("device", !n.isEmpty(), n.isEmpty() ? "no MIDI devices found by javax.sound.midi"
                : n.size() + " MIDI device(s): use device:NAME");
    }

    /** Devices we could send to or listen on: not Java's own synth and sequencer. */
    static List<String> names() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            try {
                MidiDevice d = MidiSystem.getMidiDevice(info);
                if (!(d instanceof Synthesizer) && !(d instanceof Sequencer)) {
                    out.add(info.getName());
                }
            } catch (MidiUnavailableException e) {
                // not openable: not listed
            }
        }
        return new ArrayList<>(out);
    }

    /** Opens the device whose name equals {@code name} (or, failing that, contains it, ignoring case). */
    public static DevicePort open(String name) throws PortException {
        MidiDevice outDev = find(name, true);
        if (outDev == null) {
            throw new PortException("device: no MIDI output named '" + name + "'; there are: " + names());
        }
        MidiDevice inDev = find(name, false);
        try {
            outDev.open();
            if (inDev != null) {
                inDev.open();
            }
            return new DevicePort(outDev.getDeviceInfo().getName(), outDev, inDev);
        } catch (MidiUnavailableException e) {
            outDev.close();
            if (inDev != null) {
                inDev.close();
            }
            throw new PortException("device: cannot open '" + name + "' (" + e.getMessage() + ")", e);
        }
    }

    private static MidiDevice find(String name, boolean output) {
        MidiDevice partial = null;
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            try {
                MidiDevice d = MidiSystem.getMidiDevice(info);
                if (d instanceof Synthesizer || d instanceof Sequencer) {
                    continue;
                }
                boolean fits = output ? d.getMaxReceivers() != 0 : d.getMaxTransmitters() != 0;
                if (!fits) {
                    continue;
                }
                if (info.getName().equals(name)) {
                    return d;
                }
                if (partial == null && info.getName().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))) {
                    partial = d;
                }
            } catch (MidiUnavailableException e) {
                // skip
            }
        }
        return partial;
    }

    private void deliver() {
        lock.lock();
        try {
            while (state() != PortState.CLOSED || !queue.isEmpty()) {
                Timed t = queue.peek();
                long now = System.nanoTime();
                if (t == null) {
                    if (state() == PortState.CLOSED) {
                        return;
                    }
                    due.await();
                } else if (t.at() > now) {
                    due.awaitNanos(t.at() - now);
                } else {
                    queue.poll();
                    try {
                        out.send(t.msg(), -1);
                    } catch (IllegalStateException e) {
                        countDropped();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String backend() {
        return "device";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean send(int status, int data1, int data2, long atNanos) {
        int len = Midi.length(status);
        if (state() != PortState.CONNECTED || len == 0) {
            return countDropped();
        }
        ShortMessage m = new ShortMessage();
        try {
            if (len == 1) {
                m.setMessage(status);
            } else {
                m.setMessage(status, data1 & 0x7F, len == 3 ? data2 & 0x7F : 0);
            }
        } catch (InvalidMidiDataException e) {
            return countDropped();
        }
        lock.lock();
        try {
            queue.add(new Timed(atNanos, seq++, m));
            due.signal();
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** The sender delivers what is queued (the panic of close too), then ends; the devices close after it. */
    @Override
    protected void release() {
        lock.lock();
        try {
            due.signal();
        } finally {
            lock.unlock();
        }
        join(sender, 1000);
        if (in != null) {
            in.close();
            inDevice.close();
        }
        out.close();
        outDevice.close();
    }
}
