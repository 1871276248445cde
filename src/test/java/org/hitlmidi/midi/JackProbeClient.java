package org.hitlmidi.midi;

import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * A second JACK client that plays the other side, for tests and {@code bench timing}: it records every MIDI event
 * arriving at its {@code in} port with its absolute frame (the period's first frame plus the event's offset), and
 * sends an event from its {@code out} port at the start of the next period, noting that frame. The server's frame
 * counter is the ruler: no thread's wake-up time enters the figures.
 */
public final class JackProbeClient implements AutoCloseable {
    private final JackClient client;
    private final JackPort in;
    private final JackPort out;
    private final int capacity;
    private final long[] frames;
    private final int[] messages;
    private final AtomicInteger count = new AtomicInteger();
    private final JackMidi.Event event = new JackMidi.Event();
    private final byte[] buf = new byte[3];
    private final byte[] sendBuf = new byte[3];
    private volatile int pendingSend = -1;
    private volatile long sentFrame = -1;
    private volatile boolean serverGone;

    private JackProbeClient(JackClient client, int capacity) throws JackException {
        this.client = client;
        this.capacity = capacity;
        this.frames = new long[capacity];
        this.messages = new int[capacity];
        this.in = client.registerPort("in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
        this.out = client.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
        client.setProcessCallback(this::process);
        client.onShutdown(c -> serverGone = true);
        client.activate();
    }

    /** Opens a client named {@code name} on the server JACK_DEFAULT_SERVER points at (set by opening our port). */
    public static JackProbeClient open(String name, int capacity) throws PortException {
        try {
            JackClient c = Jack.getInstance().openClient(name, EnumSet.of(JackOptions.JackNoStartServer,
                    JackOptions.JackUseExactName), EnumSet.noneOf(JackStatus.class));
            return new JackProbeClient(c, capacity);
        } catch (JackException e) {
            throw new PortException("jack: cannot open probe client " + name + " (" + e.getMessage() + ")", e);
        }
    }

    private boolean process(JackClient c, int nframes) {
        try {
            long base = c.getLastFrameTime() & 0xFFFFFFFFL;
            int n = JackMidi.getEventCount(in);
            for (int k = 0; k < n; k++) {
                JackMidi.eventGet(event, in, k);
                int size = event.size();
                if (size < 1 || size > 3) {
                    continue;
                }
                event.read(buf);
                int i = count.get();
                if (i < capacity) {
                    frames[i] = base + event.time();
                    messages[i] = EventRing.pack(buf[0] & 0xFF, size > 1 ? buf[1] : 0, size > 2 ? buf[2] : 0);
                    count.lazySet(i + 1);
                }
            }
            JackMidi.clearBuffer(out);
            int m = pendingSend;
            if (m >= 0) {
                sendBuf[0] = (byte) EventRing.status(m);
                sendBuf[1] = (byte) EventRing.data1(m);
                sendBuf[2] = (byte) EventRing.data2(m);
                JackMidi.eventWrite(out, 0, sendBuf, Midi.length(EventRing.status(m)));
                sentFrame = base;
                pendingSend = -1; // after sentFrame: a waiting sender then sees this send's frame
            }
        } catch (JackException e) {
            // a test reads what arrived; nothing may escape into JACK
        }
        return true;
    }

    public String inName() {
        return client.getName() + ":in";
    }

    public String outName() {
        return client.getName() + ":out";
    }

    public void connect(String from, String to) throws PortException {
        try {
            Jack.getInstance().connect(client, from, to);
        } catch (JackException e) {
            throw new PortException("jack: cannot connect " + from + " to " + to + " (" + e.getMessage() + ")", e);
        }
    }

    /** Events received so far. */
    public int count() {
        return count.get();
    }

    /** The keys with more note-ons than note-offs (or fewer) in what was read, as "channel/key: count". */
    public java.util.List<String> hangingKeys() {
        int[] on = new int[16 * 128];
        for (int i = 0; i < count(); i++) {
            int st = status(i) & 0xF0;
            int k = (status(i) & 0x0F) << 7 | data1(i);
            if (st == Midi.NOTE_ON && data2(i) > 0) {
                on[k]++;
            } else if (st == Midi.NOTE_OFF || st == Midi.NOTE_ON) {
                on[k]--;
            }
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int k = 0; k < on.length; k++) {
            if (on[k] != 0) {
                out.add(((k >> 7) + 1) + "/" + (k & 0x7F) + ": " + on[k]);
            }
        }
        return out;
    }

    /** Absolute frame of the i-th event received. */
    public long frame(int i) {
        return frames[i];
    }

    public int status(int i) {
        return EventRing.status(messages[i]);
    }

    public int data1(int i) {
        return EventRing.data1(messages[i]);
    }

    public int data2(int i) {
        return EventRing.data2(messages[i]);
    }

    /** Forgets what arrived. Call only while nothing is arriving. */
    public void reset() {
        count.set(0);
    }

    /**
     * Sends a message at frame 0 of the next period; {@link #sentFrame()} tells which frame that was. Waits (up to
     * 5 s) for the previous one to leave first: there is one slot.
     */
    public void sendNextPeriod(int status, int data1, int data2) throws InterruptedException {
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(5), () -> pendingSend < 0);
        sentFrame = -1;
        pendingSend = EventRing.pack(status, data1, data2);
    }

    /** The absolute frame the last {@link #sendNextPeriod} left at, or -1 while it has not left. */
    public long sentFrame() {
        return sentFrame;
    }

    public int sampleRate() throws JackException {
        return client.getSampleRate();
    }

    /** Whether JACK said its server went away (then {@link #close} leaves the dead client alone). */
    public boolean serverGone() {
        return serverGone;
    }

    /**
     * Closes the client; not when its server went away, as jack_client_close on a client of a dead server crashes
     * libjack (1.9.21; the dead client is left to the process's end): a caller that killed the server waits for
     * {@link #serverGone} first.
     */
    @Override
    public void close() {
        if (serverGone) {
            return;
        }
        client.close();
    }
}
