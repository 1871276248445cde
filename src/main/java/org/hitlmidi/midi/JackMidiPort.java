package org.hitlmidi.midi;

import com.sun.jna.Platform;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 * <p>Output is sample-accurate: {@link #send} puts the event, stamped on the port's clock ({@link #nowNanos()}: JACK's
 * frame counter in nanoseconds), on a preallocated lock-free ring; the process callback moves it to a small sorted
 * pending heap and writes it at the frame of the period that its time falls on. Input goes the other way through a
 * second ring to a normal thread that calls the receiver; that thread sleeps until the process callback wakes it
 * (an unpark, only in a period that brought input) or its next housekeeping is due, a few times a second. The
 * process callback allocates, locks, logs and blocks on nothing of ours (jnajack's JNA glue makes a Pointer or two
 * per call); a period whose buffer is full is counted and its rest goes next period. When the server goes away the
 * port becomes {@link PortState#LOST}; a housekeeping thread opens the client again when the server is back, and
 * reconnects the ports it was connected to. (The device does not use this class in its own process: it runs it in
 * a port host, {@code midi.porthost}, because libjack can take a JVM down with a dying server.)
 */
public final class JackMidiPort extends AbstractMidiPort {
    private static final int OUT_RING = 8192;
    private static final int IN_RING = 16384;
    private static final int PENDING = 4096;
    /** A note-on later than this is dropped rather than played wildly out of time (after a long stall). */
    private static final long STALE_NOTE_ON_NANOS = 1_000_000_000;
    /** Time for the process callback to wake after the cycle starts: events must be queued before. */
    private static final long WAKE_MARGIN_NANOS = 1_000_000;
    private static final long RECONNECT_EVERY_NANOS = 300_000_000;
    private static final long RESTORE_FOR_NANOS = 15_000_000_000L;
    /**
     * Events written in one period at most. PipeWire's libjack turns a period's JACK MIDI buffer into a control
     * sequence of the same 32 KiB, where a short event takes 24 bytes (8 in JACK's buffer): more than 1,364 of them
     * overflow it and the whole period is lost (0.3.65: none of 8,000 CCs written at one instant arrived). The rest
     * waits for the next period, as with a full buffer.
     */
    static final int MAX_EVENTS_PER_PERIOD = 1024;

    private final PortOptions options;
    private final EventRing out = new EventRing(OUT_RING);
    private final EventRing in = new EventRing(IN_RING);
    private final Object producer = new Object();
    /** Open {@link #beginBatch} calls: while above 0 what is sent waits on the ring unseen; guarded by producer. */
    private int batchDepth;
    private final AtomicLong inputOverflow = new AtomicLong();
    private final Thread housekeeper;
    /** "from\nto" of the connections we had, restored after the server comes back; guarded by itself. */
    private final Set<String> connections = new LinkedHashSet<>();
    private volatile long reconnectedAt;
    /** The out ring's {@link EventRing#offered()} when the server went: the process callback discards up to it. */
    private volatile long discardMark;

    private volatile Session session;
    private volatile boolean shutdownSeen;
    /** The port clock: the frame at the start of the last period (ours, monotonic across servers) and when that was. */
    private final PeriodClock clock = new PeriodClock();
    private volatile int periodFrames;
    private volatile int sampleRate;

    // process callback only: preallocated
    private final PendingEvents pending = new PendingEvents(PENDING);
    private final byte[] outBytes = new byte[3];
    /** Longest input event read; a longer one can only be a SysEx, skipped whole (real-time bytes inside it too). */
    private final byte[] inBytes = new byte[4096];
    private long inTime;
    private final MidiInputParser.Sink inSink = (st, d1, d2) -> {
        if (!in.offer(inTime, EventRing.pack(st, d1, d2))) {
            inputOverflow.incrementAndGet();
        }
    };
    private final JackMidi.Event inEvent = new JackMidi.Event();
    private volatile boolean resetPending;
    private volatile int pendingPublished;
    private volatile long sessionFrameBase;
    private long rtErrors;
    /** Periods whose MIDI buffer filled up (the rest waited for the next period). */
    private long fullPeriods;
    /** The most events written in one period. */
    private volatile int mostInAPeriod;
    private volatile long housekeeperWakes;
    /** The last error on the real-time side, for diagnostics. */
    private volatile Throwable lastRtError;
    private long staleDropped;

    /** One open client: replaced as a whole when the server comes back. */
    private static final class Session {
        final JackClient client;
        final JackPort outPort;
        final JackPort inPort;
        // process callback only
        boolean firstCycle = true;
        long last32;
        long frameBase;

        Session(JackClient client, JackPort outPort, JackPort inPort) {
            this.client = client;
            this.outPort = outPort;
            this.inPort = inPort;
        }
    }

    private JackMidiPort(PortOptions options) throws PortException {
        this.options = options;
        this.housekeeper = new Thread(this::housekeep, "hitl-midi-jack");
        this.housekeeper.setDaemon(true);
        this.session = openSession();
        awaitFirstPeriod();
        this.housekeeper.start();
    }

    private void awaitFirstPeriod() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!clock.started() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
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
            String[] taken = jack.getPorts(client, "^" + java.util.regex.Pattern.quote(options.clientName()) + ":",
                    JackPortType.MIDI, EnumSet.noneOf(JackPortFlags.class));
            if (taken != null && taken.length > 0) {
                // PipeWire's libjack ignores JackUseExactName: it opens us as NAME-44 and still tells us NAME, so the
                // ports everybody connects to by name would be another client's (jackd refuses the name instead)
                throw new JackException("the client name '" + options.clientName() + "' is taken (ports "
                        + String.join(", ", taken) + ")");
            }
            JackPort o = client.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
            JackPort i = client.registerPort("in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
            Session s = new Session(client, o, i);
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

    /** Frames to port-clock nanoseconds, rounded up so that {@link #nanosToFrames} gives the frame back. */
    public static long framesToNanos(long frames, int rate) {
        long whole = frames / rate;
        long rest = frames % rate;
        return whole * 1_000_000_000L + (rest * 1_000_000_000L + rate - 1) / rate;
    }

    /** Port-clock nanoseconds to the frame they fall in; exact for any time (no overflow, no doubles). */
    public static long nanosToFrames(long nanos, int rate) {
        long whole = nanos / 1_000_000_000L;
        long rest = nanos % 1_000_000_000L;
        return whole * rate + rest * rate / 1_000_000_000L;
    }

    // ---- the process callback: real-time thread ----

    private boolean process(JackClient client, int nframes) {
        Session s = session;
        if (s == null || s.client != client) {
            return true;
        }
        try {
            int rate = sampleRate;
            long frame32 = client.getLastFrameTime() & 0xFFFFFFFFL;
            if (s.firstCycle) {
                s.firstCycle = false;
                s.last32 = frame32;
                // the port clock goes on from where it was (a new server counts from 0 again)
                long base = clock.started() ? nanosToFrames(clock.portNanos(System.nanoTime(), rate), rate) : 0;
                s.frameBase = base - frame32;
                sessionFrameBase = s.frameBase;
            }
            if (frame32 < s.last32) {
                s.frameBase += 1L << 32; // JACK's 32-bit frame counter wrapped (every 24 h at 48 kHz)
                sessionFrameBase = s.frameBase;
            }
            s.last32 = frame32;
            long frame = s.frameBase + frame32;
            clock.publish(frame, System.nanoTime(), nframes);
            readInput(s, nframes, frame, rate);
            writeOutput(s, nframes, frame, rate);
        } catch (Throwable t) { // nothing may escape into JACK's thread
            rtErrors++;
            lastRtError = t;
        }
        return true;
    }

    private void readInput(Session s, int nframes, long frame, int rate) throws JackException {
        int n = JackMidi.getEventCount(s.inPort);
        if (n == 0) {
            return;
        }
        long mark = in.offered();
        for (int k = 0; k < n; k++) {
            JackMidi.eventGet(inEvent, s.inPort, k);
            int size = inEvent.size();
            if (size < 1 || size > inBytes.length) {
                continue;
            }
            inEvent.read(inBytes);
            inTime = framesToNanos(frame + inEvent.time(), rate);
            MidiInputParser.parse(inBytes, size, inSink); // whatever the sender put in the event
        }
        if (in.offered() != mark) {
            LockSupport.unpark(housekeeper); // the one wake-up of the input thread: only when input came
        }
    }

    private void writeOutput(Session s, int nframes, long frame, int rate) throws JackException {
        JackMidi.clearBuffer(s.outPort);
        if (resetPending) {
            resetPending = false;
            pending.clear(); // events of the lost session are stale
            out.discardUpTo(discardMark); // and so is what was queued for it; only this thread moves the ring's head
        }
        int avail = out.available();
        int taken = 0;
        while (taken < avail && pending.add(out.peekTime(taken), out.peekMessage(taken))) {
            taken++;
        }
        out.drop(taken);
        long staleFrames = nanosToFrames(STALE_NOTE_ON_NANOS, rate);
        int last = 0;
        int written = 0;
        while (pending.size() > 0) {
            long at = nanosToFrames(pending.firstTime(), rate) - frame;
            if (at >= nframes) {
                break; // a later period's
            }
            int m = pending.firstMessage();
            int st = EventRing.status(m);
            if (at < -staleFrames && (st & 0xF0) == Midi.NOTE_ON && EventRing.data2(m) > 0) {
                staleDropped++;
                pending.removeFirst();
                continue;
            }
            int len = Midi.length(st);
            if (written == MAX_EVENTS_PER_PERIOD || JackMidi.maxEventSize(s.outPort) < len) {
                fullPeriods++; // the period's buffer is full: the rest goes next period (asked, not thrown: no allocation)
                break;
            }
            int offset = (int) Math.max(at, last); // late ones at once; JACK wants non-decreasing times
            outBytes[0] = (byte) st;
            outBytes[1] = (byte) EventRing.data1(m);
            outBytes[2] = (byte) EventRing.data2(m);
            JackMidi.eventWrite(s.outPort, offset, outBytes, len);
            last = offset;
            written++;
            pending.removeFirst();
        }
        if (written > mostInAPeriod) {
            mostInAPeriod = written;
        }
        pendingPublished = pending.size();
    }

    // ---- the housekeeper: a normal thread ----

    /**
     * Delivers input when the process callback wakes it, notices a lost server, tries to reconnect and keeps the list
     * of connections: each due every {@link #RECONNECT_EVERY_NANOS}; between those it sleeps.
     */
    private void housekeep() {
        long lastAttempt = 0;
        long lastConnectionsCheck = 0;
        while (state() != PortState.CLOSED) {
            housekeeperWakes++;
            long now = System.nanoTime();
            deliverInput();
            if (shutdownSeen && state() == PortState.CONNECTED) {
                lost();
            }
            if (state() == PortState.LOST && now - lastAttempt > RECONNECT_EVERY_NANOS) {
                lastAttempt = now;
                reconnect();
            }
            if (state() == PortState.CONNECTED) {
                if (now - lastConnectionsCheck > RECONNECT_EVERY_NANOS) {
                    lastConnectionsCheck = now;
                    rememberConnections();
                }
            }
            long since = System.nanoTime() - (state() == PortState.LOST ? lastAttempt : lastConnectionsCheck);
            LockSupport.parkNanos(this, Math.max(1_000_000, RECONNECT_EVERY_NANOS - since));
        }
    }

    private void deliverInput() {
        int n = in.available();
        if (n == 0) {
            return;
        }
        for (int k = 0; k < n; k++) {
            int m = in.peekMessage(k);
            deliver(EventRing.status(m), EventRing.data1(m), EventRing.data2(m), in.peekTime(k));
        }
        in.drop(n);
    }

    private void lost() {
        session = null;
        setState(PortState.LOST);
        // the dead client is not closed: jack_client_close on a client whose server died crashes libjack (seen with
        // jack2 1.9.21); its few kilobytes stay until the process ends
    }

    private void reconnect() {
        synchronized (producer) {
            discardMark = out.offered(); // what was queued before is stale; the player keeps sending new events
        }
        resetPending = true; // the new session's process callback discards it (sends wait for CONNECTED)
        try {
            openSession();
        } catch (PortException e) {
            return; // not back yet
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
        if (state() != PortState.CONNECTED || Midi.length(status) == 0) {
            return countDropped();
        }
        boolean ok;
        synchronized (producer) {
            ok = out.offerHeld(atNanos, EventRing.pack(status, data1, data2));
            if (batchDepth == 0) {
                out.publish();
            }
        }
        if (!ok) {
            return countDropped();
        }
        return true;
    }

    /** Events sent from here to {@link #endBatch} reach the process callback together (see {@link MidiPort#beginBatch}). */
    @Override
    public void beginBatch() {
        synchronized (producer) {
            batchDepth++;
        }
    }

    @Override
    public void endBatch() {
        synchronized (producer) {
            if (batchDepth > 0 && --batchDepth == 0) {
                out.publish();
            }
        }
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
     * The port's clock: JACK's frame counter in nanoseconds (extrapolated between periods with nanoTime). Scheduling
     * on it keeps a track's events exactly on its frames even when the server's clock and the system's drift apart
     * (a sound card's crystal, or a starved dummy driver).
     */
    @Override
    public long nowNanos() {
        int rate = sampleRate;
        if (!clock.started() || rate == 0) {
            return System.nanoTime();
        }
        return clock.portNanos(System.nanoTime(), rate);
    }

    /**
     * The next period boundary whose process callback has not started yet (with a wake-up margin): an event for that
     * time, sent now, lands on its exact frame. On average half a period from now.
     */
    @Override
    public long earliestStart() {
        int rate = sampleRate;
        if (!clock.started() || rate == 0) {
            return nowNanos() + leadNanos();
        }
        return clock.nextBoundary(System.nanoTime(), WAKE_MARGIN_NANOS, rate);
    }

    @Override
    public long soonestStart() {
        int rate = sampleRate;
        if (!clock.started() || rate == 0) {
            return nowNanos() + leadNanos();
        }
        return clock.nextBoundary(System.nanoTime(), 0, rate);
    }

    /** The server's frame counter (as JACK clients see it, modulo 2^32) at a time on the port's clock. */
    long serverFrameAt(long portNanos) {
        return (nanosToFrames(portNanos, sampleRate) - sessionFrameBase) & 0xFFFFFFFFL;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int periodFrames() {
        return periodFrames;
    }

    /** Errors on the real-time side (a full period buffer) and note-ons dropped as stale, for diagnostics. */
    public String diagnostics() {
        return "rtErrors=" + rtErrors + " fullPeriods=" + fullPeriods + " staleNoteOns=" + staleDropped + " dropped=" + dropped()
                + " inputOverflow=" + inputOverflow.get() + (lastRtError == null ? "" : " lastRtError=" + lastRtError);
    }

    /** Exceptions caught on the real-time side (none expected). */
    public long rtErrors() {
        return rtErrors;
    }

    /** Periods whose MIDI buffer filled before all their events were written. */
    public long fullPeriods() {
        return fullPeriods;
    }

    /** The most events written in one period so far (at most {@link #MAX_EVENTS_PER_PERIOD}). */
    public int mostEventsInAPeriod() {
        return mostInAPeriod;
    }

    /** How often the housekeeping thread woke up: a few times a second when idle, once per period with input. */
    long housekeeperWakes() {
        return housekeeperWakes;
    }

    /** Note-ons dropped as too late (after a stall of over a second). */
    public long staleNoteOns() {
        return staleDropped;
    }

    /**
     * The clock as another process needs it to schedule on our frames: the last period's first frame (ours), the
     * nanoTime it began, its length, the rate, and what our frames minus the server's are; null before the first period.
     */
    public ClockState clockState() {
        int rate = sampleRate;
        if (!clock.started() || rate == 0) {
            return null;
        }
        long[] fn = clock.frameAndNanoTime();
        return new ClockState(fn[0], fn[1], (int) fn[2], rate, sessionFrameBase);
    }

    /** See {@link #clockState()}. */
    public record ClockState(long frame, long nanoTime, int period, int rate, long frameBase) {
    }

    /** Our ports' connections as the server has them now, "from\nto" each; empty when it cannot tell. */
    public java.util.Set<String> connectionsNow() {
        Session s = session;
        Set<String> now = new LinkedHashSet<>();
        if (s == null) {
            return now;
        }
        try {
            for (String p : s.outPort.getConnections()) {
                now.add(s.outPort.getName() + "\n" + p);
            }
            for (String p : s.inPort.getConnections()) {
                now.add(p + "\n" + s.inPort.getName());
            }
        } catch (JackException e) {
            return new LinkedHashSet<>();
        }
        return now;
    }

    /** Connects our output to another client's MIDI input, e.g. "fluidmidi:midi" (for tests and `hitl-midi ports`). */
    public void connectOut(String destination) throws PortException {
        connect(name(), destination);
    }

    /** Connects another client's MIDI output to our input. */
    public void connectIn(String source) throws PortException {
        connect(source, inputName());
    }

    /** Connects two ports of the server (one of them ours, where it is to be remembered and restored). */
    public void connect(String from, String to) throws PortException {
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

    /** Waits (up to a second) until everything queued has left, the panic of close included. */
    private void drain() {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < deadline && session != null) {
            long frame = clock.frame();
            if (out.available() == 0 && pendingPublished == 0) {
                // one more period, so the events written in the last one are through the graph
                while (clock.frame() == frame && System.nanoTime() < deadline && session != null) {
                    LockSupport.parkNanos(500_000);
                }
                return;
            }
            LockSupport.parkNanos(500_000);
        }
    }

    /** The panic of close leaves before the client does. */
    @Override
    protected void afterPanic() {
        drain();
    }

    @Override
    protected void release() {
        LockSupport.unpark(housekeeper);
        join(housekeeper, 1000);
        Session s = session;
        session = null;
        if (s != null) {
            s.client.close();
        }
    }
}
