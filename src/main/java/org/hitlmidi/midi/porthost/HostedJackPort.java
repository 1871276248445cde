package org.hitlmidi.midi.porthost;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.hitlmidi.midi.AbstractMidiPort;
import org.hitlmidi.midi.BackendStatus;
import org.hitlmidi.midi.JackMidiPort;
import org.hitlmidi.midi.Midi;
import org.hitlmidi.midi.PortException;
import org.hitlmidi.midi.PortOptions;
import org.hitlmidi.midi.PortState;

/**
 * The device's JACK port, with the JACK client in a child process ({@link PortHost}) so that libjack never loads in
 * the device: a JACK server that dies, freezes or cancels a thread can take the host down, never the device. The
 * host is supervised: when it exits, crashes or misses its heartbeats for {@link #WATCHDOG_NANOS} (then it gets
 * SIGKILL) a new one starts, at once after a host that lived {@link #HEALTHY_NANOS}, else after a backoff that
 * doubles up to {@link #MAX_BACKOFF_NANOS}: a spare host, started and standing by while the other plays, takes over
 * (no JVM start in the way); it waits for the server to come back, the port connections are restored,
 * and the notes the dead host may have left sounding get their note-offs. The port clock goes on across hosts (each
 * new host's clock is offset to continue the last one), so a playing track goes on.
 *
 * <p>{@link #send} never blocks: events go through a bounded queue to a writer thread, which frames them to the host;
 * the host schedules them on its JACK frame clock, sample-accurate as in-process. Input comes back on a reader
 * thread. Idle, the threads sleep: the host sends a heartbeat every 200 ms, a watchdog looks twice a second.
 */
public final class HostedJackPort extends AbstractMidiPort {
    static final long WATCHDOG_NANOS = 2_000_000_000L;
    /** A new host's JVM may take this long to start on a loaded machine before its first frame. */
    static final long START_GRACE_NANOS = 30_000_000_000L;
    static final long HEALTHY_NANOS = 10_000_000_000L;
    static final long FIRST_BACKOFF_NANOS = 250_000_000;
    static final long MAX_BACKOFF_NANOS = 5_000_000_000L;
    /** From a send to the host's ring: a thread hand-off and a pipe, on a loaded machine. */
    static final long IPC_MARGIN_NANOS = 2_000_000;
    static final long WAKE_MARGIN_NANOS = 1_000_000;
    /** Note-offs for what a dead host may have left on go this long after the new one is ready: its connections first. */
    static final long RELEASE_AFTER_NANOS = 300_000_000;
    private static final int QUEUE = 8192;

    private final PortOptions options;
    private final List<String> command;
    private volatile Host host;
    /** A host started and standing by (its JVM up, libjack loaded) to take over at once from one that dies. */
    private volatile Host spare;
    private volatile Clock clock;
    private volatile boolean closed;
    private final CompletableFuture<String> started = new CompletableFuture<>();
    private final CompletableFuture<Void> bye = new CompletableFuture<>();

    private final Object queue = new Object();
    private final long[] qTime = new long[QUEUE];
    private final int[] qMsg = new int[QUEUE];
    private int qHead;
    private int qSize;
    /** Open {@link #beginBatch} calls; guarded by queue. */
    private int batchDepth;
    /** Notes a note-on went out for through the current host (16 channels x 128 keys); guarded by queue. */
    private final long[] touched = new long[32];

    private final Set<String> remembered = new LinkedHashSet<>(); // "from\nto"; guarded by itself
    private volatile Set<String> live = Set.of();
    /** Notified when the host reports its connections (not this: close holds this while it waits for the host). */
    private final Object liveChanged = new Object();

    private final Thread writer;
    private final Thread supervisor;
    private final Thread watchdog;
    private volatile long restarts;
    private volatile long watchdogKills;
    private volatile HostProtocol.Sync lastSync;

    /** One host process and what we know of it. */
    private static final class Host {
        final Process process;
        final HostProtocol.Writer out;
        final DataInputStream in;
        final long startedAt = System.nanoTime();
        volatile long lastHeard;
        volatile boolean heard;
        volatile boolean ready;
        volatile boolean connected;

        Host(Process process) {
            this.process = process;
            this.out = new HostProtocol.Writer(process.getOutputStream());
            this.in = HostProtocol.input(process.getInputStream());
        }
    }

    /** The clock of the current host plus the offset that makes it go on from the last host's. */
    private record Clock(HostProtocol.Sync sync, long offset) {
        long now(long nanoTime) {
            return offset + JackMidiPort.framesToNanos(sync.frame(), sync.rate()) + (nanoTime - sync.nanoTime());
        }
    }

    private final boolean standby;

    private HostedJackPort(PortOptions options, boolean standby) {
        this.options = options;
        this.standby = standby;
        this.command = command(options);
        this.writer = daemon(this::writeLoop, "hitl-midi-porthost-writer");
        this.supervisor = daemon(this::supervise, "hitl-midi-porthost-supervisor");
        this.watchdog = daemon(this::watch, "hitl-midi-porthost-watchdog");
        setState(PortState.LOST);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The system property naming an AppCDS archive of a port host's classes for the same jar (the launcher sets it). */
    public static final String CDS_PROPERTY = "hitl.porthost.cds";
    /** The system property with extra JVM options for a port host (diagnosis), space-separated. */
    public static final String JVM_OPTIONS_PROPERTY = "hitl.porthost.jvmOptions";

    /** The same Java and class path as ours, the host's main class, a small heap and a quick start. */
    static List<String> command(PortOptions options) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-XX:+UseSerialGC");
        c.add("-XX:-UsePerfData"); // no sampler thread waking 20 times a second (issue 16, break 8): see DeviceJvm
        // no safepoint every second for nothing, and so no VM thread and monitor deflation thread waking each second
        // (they wait on it): about 0.05 % of a core per idle host JVM here (issue 16, break 8; docs/reliability.md)
        c.add("-XX:+UnlockDiagnosticVMOptions");
        c.add("-XX:GuaranteedSafepointInterval=0");
        c.add("-Xms16m");
        c.add("-Xmx64m");
        c.add("-XX:TieredStopAtLevel=1");
        c.add("-Xshare:auto");
        // AppCDS (start-up, issue 13): the launcher's archive of a host's classes (PortHost --archive-training);
        // JVM warnings (a stale archive) to stderr: stdout carries the protocol
        String cds = System.getProperty(CDS_PROPERTY, "");
        if (!cds.isEmpty() && java.nio.file.Files.isRegularFile(Path.of(cds))) {
            c.add("-XX:SharedArchiveFile=" + cds);
        }
        c.add("-Xlog:disable");
        c.add("-Xlog:all=warning:stderr");
        // extra options for a host's JVM, for diagnosis (e.g. "-Xlog:gc:stderr"): split on spaces
        for (String o : System.getProperty(JVM_OPTIONS_PROPERTY, "").trim().split("\\s+")) {
            if (!o.isEmpty()) {
                c.add(o);
            }
        }
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(PortHost.class.getName());
        c.add(options.clientName());
        return c;
    }

    /**
     * Starts a port host and waits until its client is open on the server (the JVM start on a loaded machine
     * included); fails with the host's reason when no server answers.
     */
    public static HostedJackPort open(PortOptions options) throws PortException {
        return open(options, true);
    }

    private static HostedJackPort open(PortOptions options, boolean standby) throws PortException {
        HostedJackPort p = launch(options, standby);
        p.awaitOpen();
        return p;
    }

    /**
     * Starts a port host and returns at once, the port not yet connected (sends are refused until it is): the device
     * builds itself while the host's JVM starts (start-up, issue 13). {@link #awaitOpen()} then waits for the client.
     */
    public static HostedJackPort launch(PortOptions options) throws PortException {
        return launch(options, true);
    }

    private static HostedJackPort launch(PortOptions options, boolean standby) throws PortException {
        HostedJackPort p = new HostedJackPort(options, standby);
        try {
            p.host = p.spawn();
            p.start(p.host);
        } catch (IOException e) {
            throw new PortException("jack: cannot start the port host (" + e.getMessage() + ")", e);
        }
        p.supervisor.start();
        p.writer.start();
        p.watchdog.start();
        return p;
    }

    /** Waits until the first host's client is open; closes this port and fails with the host's reason otherwise. */
    public void awaitOpen() throws PortException {
        String failure;
        try {
            failure = started.get(START_GRACE_NANOS + 5_000_000_000L, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted while the port host started";
        } catch (ExecutionException | TimeoutException e) {
            failure = "the port host did not open its client in time";
        }
        if (failure != null) {
            close();
            throw new PortException(failure);
        }
        // a spare host now, not while the device loaded (launch, then its own start, then this): a JVM start would
        // have competed with it for the CPU
        standBy();
    }

    /** Whether a JACK server answers: a port host tries it (this process loads no libjack). */
    public static BackendStatus probe(PortOptions options) {
        try (HostedJackPort p = open(options.withClientName(options.clientName() + "-probe"), false)) {
            return new BackendStatus("jack", true, "a JACK server runs" + options.jackServer().map(s -> " ('" + s + "')")
                    .orElse("") + " at " + p.sampleRate() + " Hz, period " + p.periodFrames());
        } catch (PortException e) {
            return new BackendStatus("jack", false, "no JACK server runs (" + e.getMessage() + ")");
        }
    }

    /** Tells a host to begin (open its client, or wait for the server). */
    private void start(Host h) throws IOException {
        synchronized (h.out) {
            h.out.empty(HostProtocol.START);
            h.out.flush();
        }
        h.lastHeard = System.nanoTime();
    }

    private Host spawn() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        options.jackServer().ifPresent(s -> pb.environment().put("JACK_DEFAULT_SERVER", s));
        pb.environment().put("JACK_NO_START_SERVER", "1");
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        Host h = new Host(pb.start());
        h.lastHeard = h.startedAt;
        Process process = h.process;
        daemon(() -> forwardStderr(process.getErrorStream()), "hitl-midi-porthost-stderr").start();
        return h;
    }

    /** One limiter for every host of this port: libjack's lines repeat across the hosts that replace each other. */
    private final StderrLimiter stderrLimiter = new StderrLimiter();

    /**
     * Copies a host's stderr into ours (the device's log), rate-limited: while a JACK server stays down libjack
     * repeats its few lines about five times a second (issue 13). What was left out is said when the minute ends
     * (with the next line) and when the host ends.
     */
    private void forwardStderr(java.io.InputStream err) {
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(err,
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                List<String> out;
                synchronized (stderrLimiter) {
                    out = stderrLimiter.accept(line, System.nanoTime());
                }
                out.forEach(System.err::println);
            }
        } catch (IOException e) {
            // the host is gone; what it said is said
        }
        List<String> left;
        synchronized (stderrLimiter) {
            left = stderrLimiter.summary();
        }
        left.forEach(System.err::println);
    }

    // ---- the supervisor: reads the host's frames; starts a new host when it ends ----

    private void supervise() {
        int failures = 0;
        while (!closed) {
            Host h = host;
            try {
                while (true) {
                    HostProtocol.Frame f = HostProtocol.read(h.in);
                    h.lastHeard = System.nanoTime();
                    h.heard = true;
                    handle(h, f);
                }
            } catch (IOException | RuntimeException e) {
                // the host is gone (EOF), killed by the watchdog, or spoke nonsense: it is replaced
            }
            h.process.destroyForcibly();
            try {
                h.process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closed) {
                break;
            }
            if (!started.isDone()) {
                started.complete("jack: the port host ended before its client opened (exit "
                        + (h.process.isAlive() ? "?" : h.process.exitValue()) + ")");
                break;
            }
            if (state() == PortState.CONNECTED) {
                setState(PortState.LOST);
            }
            boolean healthy = h.connected && System.nanoTime() - h.startedAt > HEALTHY_NANOS;
            failures = healthy ? 0 : failures + 1;
            long delay = failures == 0 ? 0 : Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(failures - 1, 5));
            long until = System.nanoTime() + delay;
            while (!closed && System.nanoTime() < until) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            synchronized (queue) {
                qSize = 0; // what waited for the old host is stale
            }
            while (!closed) {
                try {
                    Host next = spare;
                    spare = null;
                    if (next == null || !next.process.isAlive()) {
                        next = spawn();
                    }
                    host = next;
                    start(next);
                    restarts++;
                    break;
                } catch (IOException e) {
                    LockSupport.parkNanos(MAX_BACKOFF_NANOS);
                }
            }
        }
    }

    private void handle(Host h, HostProtocol.Frame f) throws IOException {
        switch (f.type()) {
            case HostProtocol.READY -> {
                h.ready = true;
                List<String> restore;
                synchronized (remembered) {
                    restore = new ArrayList<>(remembered);
                }
                synchronized (h.out) {
                    for (String c : restore) {
                        String[] ends = c.split("\n", 2);
                        h.out.connect(ends[0], ends[1]);
                    }
                    h.out.flush();
                }
            }
            case HostProtocol.NO_SERVER -> {
                if (!started.isDone()) {
                    started.complete(f.data().readUTF());
                }
            }
            case HostProtocol.SYNC -> {
                HostProtocol.Sync s = HostProtocol.readSync(f);
                if (s.period() > 0 && h.ready) {
                    lastSync = s;
                    synced(h, s);
                }
            }
            case HostProtocol.INPUT -> {
                DataInputStream d = f.data();
                long at = d.readLong();
                int m = d.readInt();
                Clock c = clock;
                org.hitlmidi.midi.PathTrace.begin(this, at + (c == null ? 0 : c.offset()));
                deliver(HostProtocol.status(m), HostProtocol.data1(m), HostProtocol.data2(m), at + (c == null ? 0 : c.offset()));
            }
            case HostProtocol.CONNECTIONS -> {
                List<List<String>> lists = HostProtocol.readConnections(f);
                synchronized (remembered) {
                    remembered.clear();
                    remembered.addAll(lists.get(0));
                }
                live = Set.copyOf(lists.get(1));
                synchronized (liveChanged) {
                    liveChanged.notifyAll();
                }
            }
            case HostProtocol.LOST -> {
                if (state() == PortState.CONNECTED) {
                    setState(PortState.LOST); // it exits now; sends are refused until the next one is ready
                }
            }
            case HostProtocol.BYE -> bye.complete(null);
            default -> {
                // a newer host's frame: skipped
            }
        }
    }

    /** A host's clock: the first one of a new host continues the old clock; then the port is connected. */
    private void synced(Host h, HostProtocol.Sync s) {
        Clock old = clock;
        if (!h.connected) {
            long offset = 0;
            if (old != null) {
                long t = System.nanoTime();
                offset = old.now(t) - (JackMidiPort.framesToNanos(s.frame(), s.rate()) + (t - s.nanoTime()));
            }
            clock = new Clock(s, offset);
            h.connected = true;
            if (started.isDone()) {
                releaseTouched(); // a restart: what the dead host may have left sounding
            }
            setState(PortState.CONNECTED);
            if (!started.complete(null)) {
                standBy(); // the first spare starts when the port's opener is done waiting ({@link #awaitOpen})
            }
        } else {
            clock = new Clock(s, old.offset());
        }
    }

    /** Starts a spare host if none stands by; it costs a JVM idle on a blocking read (no wake-ups). */
    private void standBy() {
        synchronized (spareLock) { // the opener's and a restart's may meet
            standByLocked();
        }
    }

    private final Object spareLock = new Object();

    private void standByLocked() {
        Host s = spare;
        if (closed || !standby || (s != null && s.process.isAlive())) {
            return;
        }
        try {
            spare = spawn();
        } catch (IOException e) {
            spare = null; // the next restart spawns one itself
        }
    }

    private void releaseTouched() {
        long at = nowNanos() + RELEASE_AFTER_NANOS;
        synchronized (queue) {
            for (int w = 0; w < touched.length; w++) {
                long bits = touched[w];
                while (bits != 0) {
                    int b = Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    int k = w * 64 + b;
                    enqueue(at, HostProtocol.pack(Midi.NOTE_OFF | (k >> 7), k & 0x7F, 0));
                }
                touched[w] = 0;
            }
        }
        LockSupport.unpark(writer);
    }

    // ---- the writer: the queue to the host ----

    private boolean enqueue(long at, int m) {
        if (qSize == QUEUE) {
            return false;
        }
        int i = (qHead + qSize) % QUEUE;
        qTime[i] = at;
        qMsg[i] = m;
        qSize++;
        return true;
    }

    /**
     * Takes what the queue holds (none while a batch is open: a batch goes whole) and writes it to the host in one
     * flush: the host hands what arrives together to its process callback together ({@link PortHost}).
     */
    private void writeLoop() {
        long[] times = new long[512];
        int[] msgs = new int[512];
        while (!closed) {
            Host h = host;
            Clock c = clock;
            long offset = c == null ? 0 : c.offset();
            int written = 0;
            try {
                synchronized (h.out) {
                    while (true) {
                        int n = 0;
                        synchronized (queue) {
                            while (batchDepth == 0 && n < times.length && qSize > 0) {
                                times[n] = qTime[qHead];
                                msgs[n] = qMsg[qHead];
                                qHead = (qHead + 1) % QUEUE;
                                qSize--;
                                n++;
                            }
                        }
                        if (n == 0) {
                            break;
                        }
                        for (int k = 0; k < n; k++) {
                            h.out.send(times[k] - offset, msgs[k]);
                        }
                        written += n;
                    }
                    if (written > 0) {
                        h.out.flush();
                        org.hitlmidi.midi.PathTrace.mark(org.hitlmidi.midi.PathTrace.Stage.WRITTEN);
                    }
                }
            } catch (IOException e) {
                // the host is gone: the supervisor replaces it; these events are lost with it
            }
            if (written == 0) {
                LockSupport.park(this);
            }
        }
    }

    // ---- the watchdog: a host that stops answering is killed ----

    private void watch() {
        while (!closed) {
            LockSupport.parkNanos(this, WATCHDOG_NANOS / 4);
            Host h = host;
            if (h == null || closed) {
                continue;
            }
            long limit = h.heard ? WATCHDOG_NANOS : START_GRACE_NANOS;
            if (System.nanoTime() - h.lastHeard > limit && h.process.isAlive()) {
                watchdogKills++;
                h.process.destroyForcibly(); // SIGKILL: a frozen JVM answers nothing else
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

    public String inputName() {
        return options.clientName() + ":in";
    }

    @Override
    public boolean send(int status, int data1, int data2, long atNanos) {
        if (state() != PortState.CONNECTED || Midi.length(status) == 0) {
            return countDropped();
        }
        boolean ok;
        boolean inBatch;
        synchronized (queue) {
            inBatch = batchDepth > 0;
            ok = enqueue(atNanos, HostProtocol.pack(status, data1, data2));
            if (ok && (status & 0xF0) == Midi.NOTE_ON && data2 > 0) {
                int k = (status & 0x0F) << 7 | (data1 & 0x7F);
                touched[k >> 6] |= 1L << (k & 63);
            }
        }
        if (!ok) {
            return countDropped();
        }
        org.hitlmidi.midi.PathTrace.mark(org.hitlmidi.midi.PathTrace.Stage.SENT);
        if (!inBatch) {
            LockSupport.unpark(writer);
        }
        return true;
    }

    /** The writer takes nothing while a batch is open, then the batch and what came meanwhile in one write. */
    @Override
    public void beginBatch() {
        synchronized (queue) {
            batchDepth++;
        }
    }

    @Override
    public void endBatch() {
        synchronized (queue) {
            if (batchDepth > 0) {
                batchDepth--;
            }
        }
        LockSupport.unpark(writer);
    }

    @Override
    public long nowNanos() {
        Clock c = clock;
        return c == null ? System.nanoTime() : c.now(System.nanoTime());
    }

    @Override
    public long latencyNanos() {
        Clock c = clock;
        return c == null ? 0 : c.sync().period() * 1_000_000_000L / c.sync().rate();
    }

    @Override
    public long leadNanos() {
        return latencyNanos() + WAKE_MARGIN_NANOS + IPC_MARGIN_NANOS;
    }

    /** The next period boundary whose process callback has not started yet, with the host's margins. */
    @Override
    public long earliestStart() {
        return nextBoundary(WAKE_MARGIN_NANOS + IPC_MARGIN_NANOS);
    }

    /** The next period boundary, without the host's margins (see {@link MidiPort#soonestStart()}). */
    @Override
    public long soonestStart() {
        return nextBoundary(0);
    }

    private long nextBoundary(long marginNanos) {
        Clock c = clock;
        if (c == null) {
            return nowNanos() + leadNanos();
        }
        HostProtocol.Sync s = c.sync();
        long elapsed = Math.max(0, System.nanoTime() - s.nanoTime() + marginNanos);
        long periods = 1 + JackMidiPort.nanosToFrames(elapsed, s.rate()) / s.period();
        return c.offset() + JackMidiPort.framesToNanos(s.frame() + periods * s.period(), s.rate());
    }

    /** The server's frame counter (modulo 2^32, as JACK clients see it) at a time on this port's clock. */
    public long serverFrameAt(long portNanos) {
        Clock c = clock;
        return (JackMidiPort.nanosToFrames(portNanos - c.offset(), c.sync().rate()) - c.sync().frameBase()) & 0xFFFFFFFFL;
    }

    public int sampleRate() {
        Clock c = clock;
        return c == null ? 0 : c.sync().rate();
    }

    public int periodFrames() {
        Clock c = clock;
        return c == null ? 0 : c.sync().period();
    }

    /** How many hosts were started after the first, and how many of those the watchdog killed. */
    public long restarts() {
        return restarts;
    }

    public long watchdogKills() {
        return watchdogKills;
    }

    /** The host's process id (for tests and diagnostics); -1 while none runs. */
    public long hostPid() {
        Host h = host;
        return h == null || !h.process.isAlive() ? -1 : h.process.pid();
    }

    public String diagnostics() {
        HostProtocol.Sync s = lastSync;
        return "state=" + state() + " hostRestarts=" + restarts + " watchdogKills=" + watchdogKills + " dropped=" + dropped()
                + " connections=" + live.stream().map(c -> c.replace("\n", ">")).toList()
                + (s == null ? "" : " hostDropped=" + s.dropped() + " fullPeriods=" + s.fullPeriods()
                + " staleNoteOns=" + s.staleNoteOns() + " rtErrors=" + s.rtErrors());
    }

    /** Connects our output to another client's MIDI input, e.g. "fluidmidi:midi"; remembered across restarts. */
    public void connectOut(String destination) throws PortException {
        connect(name(), destination);
    }

    /** Connects another client's MIDI output to our input; remembered across restarts. */
    public void connectIn(String source) throws PortException {
        connect(source, inputName());
    }

    /** Asks the host to connect two ports and waits (up to 3 s) until the server has the connection. */
    public void connect(String from, String to) throws PortException {
        String pair = from + "\n" + to;
        Host h = host;
        if (state() != PortState.CONNECTED || h == null) {
            throw new PortException("jack: not connected to a server");
        }
        synchronized (remembered) {
            remembered.add(pair);
        }
        try {
            synchronized (h.out) {
                h.out.connect(from, to);
                h.out.flush();
            }
        } catch (IOException e) {
            throw new PortException("jack: the port host is gone (" + e.getMessage() + ")", e);
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        synchronized (liveChanged) {
            while (!live.contains(pair) && System.nanoTime() < deadline) {
                try {
                    liveChanged.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (!live.contains(pair)) {
            throw new PortException("jack: cannot connect " + from + " to " + to + " (no such port, or refused)");
        }
    }

    /** Waits until the queue is written, then asks the host to send what it holds and the panic, and to end. */
    @Override
    protected void afterPanic() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (queue) {
                if (qSize == 0) {
                    break;
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
        Host h = host;
        try {
            synchronized (h.out) {
                h.out.empty(HostProtocol.CLOSE);
                h.out.flush();
            }
            bye.get(2, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            // the host is gone or slow: it is killed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void release() {
        closed = true;
        Host s = spare;
        if (s != null) {
            s.process.destroyForcibly(); // it stands by: nothing of JACK's is open in it
        }
        Host h = host;
        if (h != null) {
            try {
                h.process.getOutputStream().close(); // a host that still runs sees EOF, sends all-notes-off, exits
                if (!h.process.waitFor(2, TimeUnit.SECONDS)) {
                    h.process.destroyForcibly();
                    h.process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                h.process.destroyForcibly();
            } catch (InterruptedException e) {
                h.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        LockSupport.unpark(writer);
        LockSupport.unpark(watchdog);
        LockSupport.unpark(supervisor);
        join(writer, 1000);
        join(watchdog, 1000);
        join(supervisor, 1000);
    }
}
