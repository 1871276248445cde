package org.hitlmidi.midi;

import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.hitlmidi.midi.nativ.JackTimes;
import org.hitlmidi.midi.nativ.Posix;
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
 * A JACK client ({@code hitl-midi}) with a MIDI output {@code out} and a MIDI input {@code in}. Works with PipeWire's
 * JACK too.
 *
 * <p>Output is sample-accurate: {@link #send} puts the event, stamped in nanoTime, on a preallocated lock-free
 * ring; the process callback moves it to a small sorted pending list and writes it at the frame of the period
 * that its time falls on, mapping nanoTime to frames through the cycle times JACK keeps (its own delay-locked
 * loop). Input goes the other way through a second ring to a normal thread that calls the receiver. The process
 * callback allocates, locks, logs and blocks on nothing of ours (jnajack's JNA glue makes a Pointer or two per
 * cycle). When the server goes away the port becomes {@link PortState#LOST}; a housekeeping thread opens the
 * client again when the server is back, and reconnects the ports it was connected to.
 */
public final class JackMidiPort implements MidiPort {
    private static final int OUT_RING = 8192;
    private static final int IN_RING = 16384;
    private static final int PENDING = 4096;
    /** A note-on later than this is dropped rather than played out of time (after a reconnect, a stall). */
    private static final long STALE_NOTE_ON_NANOS = 50_000_000;
    /** Time for the process callback to wake after the cycle starts: events must be queued before. */
    private static final long WAKE_MARGIN_NANOS = 1_000_000;
    private static final long RECONNECT_EVERY_NANOS = 300_000_000;
    private static final long CALIBRATE_EVERY_NANOS = 200_000_000;
    private static final long RESTORE_FOR_NANOS = 15_000_000_000L;

    private final PortOptions options;
    private final EventRing out = new EventRing(OUT_RING);
    private final EventRing in = new EventRing(IN_RING);
    private final Object producer = new Object();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong inputOverflow = new AtomicLong();
    private final Thread housekeeper;
    /** "from\nto" of the connections we had, restored after the server comes back; guarded by itself. */
    private final Set<String> connections = new LinkedHashSet<>();
    private volatile long reconnectedAt;

    private volatile Session session;
    private volatile PortState state = PortState.CONNECTED;
    private volatile MidiReceiver receiver;
    private volatile Consumer<PortState> stateListener = s -> { };
    private volatile boolean shutdownSeen;
    private volatile long clockOffsetNanos; // nanoTime - JACK time
    private volatile long cycleStartNanos;
    private volatile long cycleNextNanos;
    private volatile int periodFrames;
    private volatile int sampleRate;

    // process callback only: preallocated
    private final long[] pendTime = new long[PENDING];
    private final int[] pendMsg = new int[PENDING];
    private int pendN;
    private final int[] cycFrames = new int[1];
    private final long[] cycUsecs = new long[1];
    private final long[] cycNext = new long[1];
    private final float[] cycPeriod = new float[1];
    private final byte[] outBytes = new byte[3];
    private final byte[] inBytes = new byte[3];
    private final JackMidi.Event inEvent = new JackMidi.Event();
    private long rtErrors;
    private long staleDropped;

    /** One open client: replaced as a whole when the server comes back. */
    private static final class Session {
        final JackClient client;
        final Pointer clientPtr;
        final JackPort outPort;
        final JackPort inPort;

        Session(JackClient client, Pointer clientPtr, JackPort outPort, JackPort inPort) {
            this.client = client;
            this.clientPtr = clientPtr;
            this.outPort = outPort;
            this.inPort = inPort;
        }
    }

    private JackMidiPort(PortOptions options) throws PortException {
        this.options = options;
        this.session = openSession();
        this.housekeeper = new Thread(this::housekeep, "hitl-midi-jack");
        this.housekeeper.setDaemon(true);
        this.housekeeper.start();
    }

    public static JackMidiPort open(PortOptions options) throws PortException {
        pointAtServer(options);
        return new JackMidiPort(options);
    }

    /** Whether a JACK server answers, without starting one. */
    public static BackendStatus probe(PortOptions options) {
        try {
            pointAtServer(options);
            Jack jack = Jack.getInstance();
            JackClient c = jack.openClient(options.clientName() + "-probe",
                    EnumSet.of(JackOptions.JackNoStartServer), EnumSet.noneOf(JackStatus.class));
            int rate = c.getSampleRate();
            int period = c.getBufferSize();
            c.close();
            return new BackendStatus("jack", true, "a JACK server runs" + options.jackServer().map(s -> " ('" + s + "')")
                    .orElse("") + " at " + rate + " Hz, period " + period);
        } catch (JackException | PortException e) {
            return new BackendStatus("jack", false, "no JACK server runs (" + e.getMessage() + ")");
        } catch (LinkageError e) {
            return new BackendStatus("jack", false, "libjack is not installed (" + e.getMessage() + ")");
        }
    }

    /** libjack has no server-name argument in jnajack's API; it reads JACK_DEFAULT_SERVER when a client opens. */
    private static void pointAtServer(PortOptions options) throws PortException {
        if (options.jackServer().isEmpty()) {
            return;
        }
        if (Platform.isWindows()) {
            throw new PortException("jack: choosing a JACK server by name is not supported on Windows");
        }
        Posix.setenv("JACK_DEFAULT_SERVER", options.jackServer().get(), 1);
    }

    private Session openSession() throws PortException {
        JackClient client = null;
        try {
            Jack jack = Jack.getInstance();
            client = jack.openClient(options.clientName(), EnumSet.of(JackOptions.JackNoStartServer, JackOptions.JackUseExactName),
                    EnumSet.noneOf(JackStatus.class));
            JackPort o = client.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
            JackPort i = client.registerPort("in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
            Session s = new Session(client, clientPointer(client), o, i);
            calibrate(); // libjack's clock works only while a client is open
            periodFrames = client.getBufferSize();
            sampleRate = client.getSampleRate();
            shutdownSeen = false;
            session = s;
            client.onShutdown(c -> {
                shutdownSeen = true; // JACK's thread: only a flag, the housekeeper does the rest
                LockSupport.unpark(housekeeper);
            });
            client.setBuffersizeCallback((c, frames) -> periodFrames = frames);
            client.setProcessCallback(this::process);
            client.activate();
            return s;
        } catch (JackException e) {
            if (client != null) {
                client.close();
            }
            session = null;
            throw new PortException("jack: cannot open client '" + options.clientName() + "' (" + e.getMessage()
                    + "); is a JACK server running" + options.jackServer().map(n -> " under the name '" + n + "'").orElse("")
                    + "? Start one with e.g. `jackd -d alsa` or qjackctl, or use --backend synth", e);
        } catch (LinkageError e) {
            throw new PortException("jack: libjack is not installed (" + e.getMessage() + ")", e);
        }
    }

    private static Pointer clientPointer(JackClient client) throws JackException {
        try {
            Field f = JackClient.class.getDeclaredField("clientPtr");
            f.setAccessible(true);
            return ((PointerType) f.get(client)).getPointer();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new JackException("cannot reach the native client of jnajack " + e);
        }
    }

    /** nanoTime minus the JACK clock, from the tightest of a few paired readings; only while a client is open. */
    private void calibrate() throws PortException {
        try {
            long best = Long.MAX_VALUE;
            long offset = 0;
            for (int k = 0; k < 5; k++) {
                long a = System.nanoTime();
                long j = JackTimes.jack_get_time();
                long b = System.nanoTime();
                if (b - a < best) {
                    best = b - a;
                    offset = (a + b) / 2 - j * 1000;
                }
            }
            clockOffsetNanos = offset;
        } catch (LinkageError e) {
            throw new PortException("jack: libjack is not installed (" + e.getMessage() + ")", e);
        }
    }

    // ---- the process callback: real-time thread ----

    private boolean process(JackClient client, int nframes) {
        Session s = session;
        if (s == null || s.client != client) {
            return true;
        }
        try {
            JackTimes.jack_get_cycle_times(s.clientPtr, cycFrames, cycUsecs, cycNext, cycPeriod);
            long offset = clockOffsetNanos;
            long start = cycUsecs[0] * 1000 + offset;
            long next = cycNext[0] * 1000 + offset;
            if (next <= start) {
                next = start + (long) (nframes * 1e9 / Math.max(1, sampleRate));
            }
            cycleStartNanos = start;
            cycleNextNanos = next;
            readInput(s, nframes, start, next);
            writeOutput(s, nframes, start, next);
        } catch (Throwable t) { // nothing may escape into JACK's thread
            rtErrors++;
        }
        return true;
    }

    private void readInput(Session s, int nframes, long start, long next) throws JackException {
        int n = JackMidi.getEventCount(s.inPort);
        double nanosPerFrame = (next - start) / (double) nframes;
        for (int k = 0; k < n; k++) {
            JackMidi.eventGet(inEvent, s.inPort, k);
            int size = inEvent.size();
            if (size < 1 || size > 3) {
                continue; // sysex and others are not ours
            }
            inEvent.read(inBytes);
            int st = inBytes[0] & 0xFF;
            int len = Midi.length(st);
            if (len == 0 || len > size) {
                continue;
            }
            long t = start + (long) (inEvent.time() * nanosPerFrame);
            if (!in.offer(t, EventRing.pack(st, len > 1 ? inBytes[1] : 0, len > 2 ? inBytes[2] : 0))) {
                inputOverflow.incrementAndGet();
            }
        }
    }

    private void writeOutput(Session s, int nframes, long start, long next) throws JackException {
        JackMidi.clearBuffer(s.outPort);
        int avail = out.available();
        int taken = 0;
        while (taken < avail && pendN < PENDING) {
            insertPending(out.peekTime(taken), out.peekMessage(taken));
            taken++;
        }
        out.drop(taken);
        double framesPerNano = nframes / (double) (next - start);
        int last = 0;
        int i = 0;
        while (i < pendN && pendTime[i] < next) {
            long t = pendTime[i];
            int m = pendMsg[i];
            int st = EventRing.status(m);
            if (t < start - STALE_NOTE_ON_NANOS && (st & 0xF0) == Midi.NOTE_ON && EventRing.data2(m) > 0) {
                staleDropped++;
                i++;
                continue;
            }
            int frame = t <= start ? 0 : (int) Math.round((t - start) * framesPerNano);
            if (frame >= nframes) {
                break; // rounds into the next period: it goes there at frame 0
            }
            frame = Math.max(frame, last); // JACK wants non-decreasing times within a period
            int len = Midi.length(st);
            outBytes[0] = (byte) st;
            outBytes[1] = (byte) EventRing.data1(m);
            outBytes[2] = (byte) EventRing.data2(m);
            try {
                JackMidi.eventWrite(s.outPort, frame, outBytes, len);
            } catch (JackException e) {
                rtErrors++; // the period's buffer is full: the rest goes next period
                break;
            }
            last = frame;
            i++;
        }
        if (i > 0) {
            System.arraycopy(pendTime, i, pendTime, 0, pendN - i);
            System.arraycopy(pendMsg, i, pendMsg, 0, pendN - i);
            pendN -= i;
        }
    }

    /** Keeps the pending list sorted by time; equal times keep their order of arrival. */
    private void insertPending(long t, int m) {
        int pos = pendN;
        while (pos > 0 && pendTime[pos - 1] > t) {
            pos--;
        }
        if (pos < pendN) {
            System.arraycopy(pendTime, pos, pendTime, pos + 1, pendN - pos);
            System.arraycopy(pendMsg, pos, pendMsg, pos + 1, pendN - pos);
        }
        pendTime[pos] = t;
        pendMsg[pos] = m;
        pendN++;
    }

    // ---- the housekeeper: a normal thread ----

    private void housekeep() {
        long lastCalibration = System.nanoTime();
        long lastAttempt = 0;
        long lastConnectionsCheck = 0;
        while (state != PortState.CLOSED) {
            long now = System.nanoTime();
            deliverInput();
            if (shutdownSeen && state == PortState.CONNECTED) {
                lost();
            }
            if (state == PortState.LOST && now - lastAttempt > RECONNECT_EVERY_NANOS) {
                lastAttempt = now;
                reconnect();
            }
            if (state == PortState.CONNECTED) {
                if (now - lastCalibration > CALIBRATE_EVERY_NANOS) {
                    lastCalibration = now;
                    try {
                        calibrate();
                    } catch (PortException e) {
                        // keeps the last offset
                    }
                }
                if (now - lastConnectionsCheck > RECONNECT_EVERY_NANOS) {
                    lastConnectionsCheck = now;
                    rememberConnections();
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void deliverInput() {
        int n = in.available();
        if (n == 0) {
            return;
        }
        MidiReceiver r = receiver;
        for (int k = 0; k < n; k++) {
            int m = in.peekMessage(k);
            if (r != null) {
                try {
                    r.receive(EventRing.status(m), EventRing.data1(m), EventRing.data2(m), in.peekTime(k));
                } catch (RuntimeException e) {
                    Thread t = Thread.currentThread();
                    t.getUncaughtExceptionHandler().uncaughtException(t, e);
                }
            }
        }
        in.drop(n);
    }

    private void lost() {
        Session s = session;
        session = null;
        setState(PortState.LOST);
        if (s != null) {
            // the server is gone: closing may wait on a dead socket, so not on this thread
            Thread closer = new Thread(s.client::close, "hitl-midi-jack-close");
            closer.setDaemon(true);
            closer.start();
        }
    }

    private void reconnect() {
        try {
            openSession();
        } catch (PortException e) {
            return; // not back yet
        }
        synchronized (producer) {
            out.clear(); // what was queued while lost is stale; the player keeps sending new events
        }
        reconnectedAt = System.nanoTime();
        restoreConnections();
        setState(PortState.CONNECTED);
    }

    private void rememberConnections() {
        Session s = session;
        if (s == null) {
            return;
        }
        if (System.nanoTime() - reconnectedAt < RESTORE_FOR_NANOS) {
            restoreConnections(); // the other clients come back at their own pace
            return;
        }
        try {
            Set<String> now = new LinkedHashSet<>();
            for (String p : s.outPort.getConnections()) {
                now.add(s.outPort.getName() + "\n" + p);
            }
            for (String p : s.inPort.getConnections()) {
                now.add(p + "\n" + s.inPort.getName());
            }
            synchronized (connections) {
                connections.clear();
                connections.addAll(now);
            }
        } catch (JackException e) {
            // the server may be going away; keep what we knew
        }
    }

    private void restoreConnections() {
        Session s = session;
        if (s == null) {
            return;
        }
        List<String> wanted;
        synchronized (connections) {
            wanted = new ArrayList<>(connections);
        }
        for (String c : wanted) {
            String[] ends = c.split("\n", 2);
            try {
                if (!List.of(Jack.getInstance().getAllConnections(s.client, ends[0])).contains(ends[1])) {
                    Jack.getInstance().connect(s.client, ends[0], ends[1]);
                }
            } catch (JackException e) {
                // the other client is not back (yet): the user connects it again
            }
        }
    }

    private void setState(PortState s) {
        state = s;
        try {
            stateListener.accept(s);
        } catch (RuntimeException e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    // ---- the MidiPort API ----

    @Override
    public String backend() {
        return "jack";
    }

    @Override
    public String name() {
        return options.clientName() + ":out";
    }

    /** Our input port's full name, e.g. "hitl-midi:in". */
    public String inputName() {
        return options.clientName() + ":in";
    }

    @Override
    public boolean send(int status, int data1, int data2, long atNanos) {
        if (state != PortState.CONNECTED || Midi.length(status) == 0) {
            dropped.incrementAndGet();
            return false;
        }
        boolean ok;
        synchronized (producer) {
            ok = out.offer(atNanos, EventRing.pack(status, data1, data2));
        }
        if (!ok) {
            dropped.incrementAndGet();
        }
        return ok;
    }

    @Override
    public void setReceiver(MidiReceiver r) {
        receiver = r;
    }

    @Override
    public void setStateListener(Consumer<PortState> listener) {
        stateListener = listener == null ? s -> { } : listener;
    }

    @Override
    public PortState state() {
        return state;
    }

    @Override
    public long latencyNanos() {
        int sr = sampleRate;
        return sr == 0 ? 0 : periodFrames * 1_000_000_000L / sr;
    }

    @Override
    public long leadNanos() {
        return latencyNanos() + WAKE_MARGIN_NANOS;
    }

    /**
     * The next period boundary whose process callback has not started yet (with a wake-up margin): an event for that
     * time, sent now, lands on its exact frame. On average half a period from now.
     */
    @Override
    public long earliestStart() {
        long now = System.nanoTime();
        long next = cycleNextNanos;
        long period = Math.max(1, next - cycleStartNanos);
        if (next == 0 || next < now - 4 * period) {
            return now + leadNanos();
        }
        long t = next;
        while (t < now + WAKE_MARGIN_NANOS) {
            t += period;
        }
        return t;
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int periodFrames() {
        return periodFrames;
    }

    /** Errors on the real-time side (a full period buffer) and note-ons dropped as stale, for diagnostics. */
    public String diagnostics() {
        return "rtErrors=" + rtErrors + " staleNoteOns=" + staleDropped + " dropped=" + dropped.get()
                + " inputOverflow=" + inputOverflow.get();
    }

    /** Connects our output to another client's MIDI input, e.g. "fluidmidi:midi" (for tests and `hitl-midi ports`). */
    public void connectOut(String destination) throws PortException {
        connect(name(), destination);
    }

    /** Connects another client's MIDI output to our input. */
    public void connectIn(String source) throws PortException {
        connect(source, inputName());
    }

    private void connect(String from, String to) throws PortException {
        Session s = session;
        if (s == null) {
            throw new PortException("jack: not connected to a server");
        }
        try {
            Jack.getInstance().connect(s.client, from, to);
        } catch (JackException e) {
            throw new PortException("jack: cannot connect " + from + " to " + to + " (" + e.getMessage() + ")", e);
        }
        synchronized (connections) {
            connections.add(from + "\n" + to);
        }
    }

    /** MIDI ports of every client on the server (for `hitl-midi ports`). */
    public List<String> midiPorts() {
        Session s = session;
        if (s == null) {
            return List.of();
        }
        try {
            return List.of(Jack.getInstance().getPorts(s.client, null, JackPortType.MIDI, null));
        } catch (JackException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (state == PortState.CLOSED) {
                return;
            }
            if (state == PortState.CONNECTED) {
                Midi.panic(this, System.nanoTime());
                // lets two periods pass so the panic leaves before the client goes
                LockSupport.parkNanos(Math.min(200_000_000, 2 * leadNanos() + 2_000_000));
            }
            state = PortState.CLOSED;
        }
        LockSupport.unpark(housekeeper);
        try {
            housekeeper.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Session s = session;
        session = null;
        if (s != null) {
            s.client.close();
        }
        stateListener.accept(PortState.CLOSED);
    }
}
