package org.hitlmidi.midi.porthost;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.hitlmidi.midi.JackMidiPort;
import org.hitlmidi.midi.PortException;
import org.hitlmidi.midi.PortOptions;
import org.hitlmidi.midi.PortState;
import org.hitlmidi.midi.nativ.Posix;

/**
 * The port host: a child process of the device (the same jar, this main class) that owns the JACK client, so that
 * libjack never runs in the device's JVM. It opens a {@link JackMidiPort} and speaks {@link HostProtocol} with the
 * device: events in, input and the clock out, a heartbeat every 200 ms. It never tries to survive its server: when the
 * server goes it says so and exits at once ({@link Runtime#halt}: no libjack teardown, which is what crashed or froze
 * a JVM), and the device starts a new host. While no server answers it tries again every 100 ms for 30 s, then
 * every second. When
 * the device goes (its end of stdin closes) it sends all-notes-off and exits. Nothing but frames goes to the
 * device: stdout is moved to stderr before libjack loads (libjack prints some messages to stdout).
 *
 * <p>Arguments: {@code CLIENT_NAME}. The server is the one JACK_DEFAULT_SERVER names, or the default one.
 */
public final class PortHost {
    /** While no server answers: tries this often for the first {@link #QUICK_RETRIES_FOR_NANOS}, then once a second. */
    static final long RETRY_NANOS = 100_000_000;
    static final long QUICK_RETRIES_FOR_NANOS = 30_000_000_000L;
    static final long SLOW_RETRY_NANOS = 1_000_000_000L;
    /** For this long after the client opens, the connections the device asks for are made as their ports appear. */
    static final long RESTORE_FOR_NANOS = 15_000_000_000L;
    /** Events handed to the process callback together at most (a batch longer than a period's 1,024 goes on anyway). */
    static final int MAX_BATCH = 512;

    private final HostProtocol.Writer out;
    private final String clientName;
    /** Connections the device asked for ("from\nto") and since when; made as their ports appear, for a while. */
    private final Map<String, Long> wanted = new LinkedHashMap<>(); // guarded by itself
    private volatile JackMidiPort port;
    private volatile long openedAt;
    private volatile Thread keeper;
    private volatile boolean closing;
    private final java.util.concurrent.CountDownLatch startSignal = new java.util.concurrent.CountDownLatch(1);

    private PortHost(HostProtocol.Writer out, String clientName) {
        this.out = out;
        this.clientName = clientName;
    }

    /** The argument of a run that only loads a host's classes and exits: the launcher's AppCDS archive of a host. */
    public static final String ARCHIVE_TRAINING = "--archive-training";

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals(ARCHIVE_TRAINING)) {
            // what a host loads before its client opens (no server needed): JNA, libjack's binding, the protocol
            Class.forName(Posix.class.getName(), true, PortHost.class.getClassLoader());
            warmUp();
            new HostProtocol.Writer(java.io.OutputStream.nullOutputStream()).flush();
            System.exit(0);
        }
        if (args.length != 1) {
            System.err.println("usage: PortHost CLIENT_NAME (started by the device, speaks a binary protocol on stdout)");
            System.exit(2);
        }
        OutputStream protocol = protocolStream();
        PortHost host = new PortHost(new HostProtocol.Writer(protocol), args[0]);
        host.run();
    }

    /** A copy of fd 1 for the frames; fd 1 and System.out then go to stderr. */
    private static OutputStream protocolStream() throws IOException {
        int fd = Posix.dup(1);
        if (fd < 0 || Posix.dup2(2, 1) < 0) {
            throw new IOException("cannot move stdout aside (dup: " + fd + ")");
        }
        System.setOut(new PrintStream(new FileOutputStream(java.io.FileDescriptor.err), true));
        return new FileOutputStream("/dev/fd/" + fd);
    }

    private void run() throws InterruptedException {
        // standing by: a spare host (started while another plays) does nothing until the device says START; it
        // loads its classes and libjack now, so that it is ready at once when the server comes back
        Thread warm = new Thread(PortHost::warmUp, "hitl-midi-porthost-warm");
        warm.setDaemon(true);
        warm.start();
        Thread reader = new Thread(this::readDevice, "hitl-midi-porthost-in");
        reader.setDaemon(true);
        reader.start();
        startSignal.await();
        Thread k = new Thread(this::keepConnected, "hitl-midi-porthost-jack");
        k.setDaemon(true);
        keeper = k;
        k.start();
        // the heartbeat: a thread that touches nothing of JACK's, so a server frozen in a call cannot stop it; a
        // JVM frozen (a safepoint that never comes) stops it, and the device then kills us
        while (true) {
            heartbeat();
            LockSupport.parkNanos(HostProtocol.HEARTBEAT_NANOS);
        }
    }

    /** Loads what opening a client needs (libjack included: harmless without a server). */
    private static void warmUp() {
        try {
            org.jaudiolibs.jnajack.Jack.getInstance();
            HostProtocol.pack(0x90, 60, 100);
            JackMidiPort.framesToNanos(48000, 48000);
        } catch (Throwable t) {
            // a missing libjack shows when the client opens
        }
    }

    private void heartbeat() {
        JackMidiPort p = port;
        JackMidiPort.ClockState c = p == null ? null : p.clockState();
        HostProtocol.Sync s = c == null ? new HostProtocol.Sync(0, 0, 0, 0, 0, 0, 0, 0, 0)
                : new HostProtocol.Sync(c.frame(), c.nanoTime(), c.period(), c.rate(), c.frameBase(), p.dropped(),
                p.fullPeriods(), p.staleNoteOns(), p.rtErrors());
        write(w -> w.sync(s));
    }

    @FunctionalInterface
    private interface Write {
        void to(HostProtocol.Writer w) throws IOException;
    }

    /** Writes and flushes one frame; a device that is gone ends us. */
    private void write(Write frame) {
        synchronized (out) {
            try {
                frame.to(out);
                out.flush();
            } catch (IOException e) {
                Runtime.getRuntime().halt(0);
            }
        }
    }

    /** Opens the client (again every 250 ms while no server answers), then restores and reports connections. */
    private void keepConnected() {
        PortOptions options = PortOptions.defaults(Path.of(".")).withClientName(clientName);
        boolean said = false;
        long since = System.nanoTime();
        while (port == null) {
            try {
                JackMidiPort p = JackMidiPort.open(options);
                p.setStateListener(this::stateChanged);
                p.setReceiver((st, d1, d2, at) -> write(w -> w.input(at, HostProtocol.pack(st, d1, d2))));
                openedAt = System.nanoTime();
                port = p;
                write(w -> w.ready(p.sampleRate(), p.periodFrames()));
                heartbeat(); // the clock at once: the device is connected from here
            } catch (PortException e) {
                if (!said) {
                    said = true;
                    write(w -> w.text(HostProtocol.NO_SERVER, e.getMessage()));
                }
                // a server being restarted is back within seconds; one that is not wakes us only once a second
                LockSupport.parkNanos(System.nanoTime() - since < QUICK_RETRIES_FOR_NANOS ? RETRY_NANOS : SLOW_RETRY_NANOS);
            }
        }
        String reported = null;
        while (true) {
            JackMidiPort p = port;
            Set<String> pending = restore(p); // the other clients come back at their own pace
            Set<String> live = p.connectionsNow();
            Set<String> remembered = new LinkedHashSet<>(live);
            remembered.addAll(pending);
            String report = remembered + "|" + live;
            if (!report.equals(reported)) {
                reported = report;
                write(w -> w.connections(pairs(remembered), pairs(live)));
            }
            // quick while a connection waits for its ports, else only to notice the user's changes
            LockSupport.parkNanos(pending.isEmpty() ? 500_000_000 : 100_000_000);
        }
    }

    private static List<String[]> pairs(Set<String> connections) {
        List<String[]> out = new ArrayList<>();
        for (String c : connections) {
            out.add(c.split("\n", 2));
        }
        return out;
    }

    /** Makes the wanted connections whose ports are there; returns those still waiting (within their time). */
    private Set<String> restore(JackMidiPort p) {
        List<String> want = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (wanted) {
            wanted.entrySet().removeIf(e -> now - Math.max(e.getValue(), openedAt) > RESTORE_FOR_NANOS);
            want.addAll(wanted.keySet());
        }
        Set<String> waiting = new LinkedHashSet<>();
        if (want.isEmpty()) {
            return waiting;
        }
        Set<String> have = p.connectionsNow();
        List<String> ports = p.midiPorts(); // jack_get_ports: no error printed for a port not there yet
        for (String c : want) {
            String[] ends = c.split("\n", 2);
            if (have.contains(c)) {
                continue;
            }
            if (ports.contains(ends[0]) && ports.contains(ends[1])) {
                try {
                    p.connect(ends[0], ends[1]);
                    continue;
                } catch (PortException e) {
                    // gone again, or refused: next round
                }
            }
            waiting.add(c);
        }
        return waiting;
    }

    private void stateChanged(PortState s) {
        if (s == PortState.LOST && !closing) {
            // no jack_client_close, no thread teardown: leave now, the device starts a new host
            write(w -> w.text(HostProtocol.LOST, "the JACK server went away"));
            Runtime.getRuntime().halt(3);
        }
    }

    private void readDevice() {
        DataInputStream in = HostProtocol.input(System.in);
        JackMidiPort batch = null; // the port a batch is open on, while SENDs that came in one write are read
        int inBatch = 0;
        try {
            while (true) {
                HostProtocol.Frame f = HostProtocol.read(in);
                if (batch != null && f.type() != HostProtocol.SEND) {
                    batch.endBatch();
                    batch = null;
                }
                switch (f.type()) {
                    case HostProtocol.START -> startSignal.countDown();
                    case HostProtocol.SEND -> {
                        DataInputStream d = f.data();
                        long at = d.readLong();
                        int m = d.readInt();
                        JackMidiPort p = port;
                        if (p != null) {
                            // what the device wrote at once (a chord and its programs) reaches the process callback
                            // at once: never the first of it in one period and the rest in the next
                            if (batch == null) {
                                batch = p;
                                inBatch = 0;
                                p.beginBatch();
                            }
                            p.send(HostProtocol.status(m), HostProtocol.data1(m), HostProtocol.data2(m), at);
                            if (in.available() == 0 || ++inBatch >= MAX_BATCH) {
                                batch.endBatch();
                                batch = null;
                            }
                        }
                    }
                    case HostProtocol.CONNECT -> {
                        DataInputStream d = f.data();
                        String from = d.readUTF();
                        String to = d.readUTF();
                        synchronized (wanted) {
                            wanted.put(from + "\n" + to, System.nanoTime());
                        }
                        LockSupport.unpark(keeper);
                    }
                    case HostProtocol.CLOSE -> {
                        closeAndExit(true);
                    }
                    default -> {
                        // a newer device's frame: skipped
                    }
                }
            }
        } catch (EOFException e) {
            endBatch(batch);
            closeAndExit(false); // the device is gone: no note may hang
        } catch (IOException e) {
            endBatch(batch);
            closeAndExit(false);
        }
    }

    private static void endBatch(JackMidiPort batch) {
        if (batch != null) {
            batch.endBatch(); // else the panic of close would wait behind it
        }
    }

    /** Sends what is queued and all-notes-off (JackMidiPort.close waits until they are out), says BYE, exits. */
    private void closeAndExit(boolean bye) {
        closing = true;
        JackMidiPort p = port;
        if (p != null && p.state() == PortState.CONNECTED) {
            p.close();
        }
        if (bye) {
            write(w -> w.empty(HostProtocol.BYE));
        }
        Runtime.getRuntime().halt(0);
    }
}
