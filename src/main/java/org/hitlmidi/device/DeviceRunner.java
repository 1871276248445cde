package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hitlmidi.control.ControlServer;
import org.hitlmidi.midi.MidiPort;
import org.hitlmidi.midi.Player;
import org.hitlmidi.midi.PortOptions;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.SqliteStore;

/**
 * The device process: takes the data directory's lock, opens the log, the store and the port, builds the
 * {@link Device}, serves the control socket, and on stop (a client's "stop", SIGTERM, Ctrl-C) undoes it all in
 * reverse: note-offs first, then the socket, the port, the store, the lock.
 */
public final class DeviceRunner implements AutoCloseable {
    /**
     * @param socket        the control socket
     * @param defaultSocket the socket is in its default folder (which is then forced to mode 0700)
     * @param backend       port spec: auto, jack, alsa, coremidi, device:NAME, synth
     * @param jackServer    a JACK server name other than the default one
     * @param autoplay      play the first track as soon as the device is up
     * @param echo          where log lines also go (stderr in the foreground), or null
     * @param controller    the controller mapping to load (else the one chosen last, else the learned one)
     * @param clock         MIDI clock: off, send or follow; empty: the one chosen last, else off
     */
    public record Options(Path dataDir, Path socket, boolean defaultSocket, String profile, String backend,
                          Optional<String> jackServer, OptionalLong seed, boolean autoplay, PrintStream echo,
                          Optional<String> controller, Optional<String> clock) {
        /** Without a controller asked for, and no MIDI clock. */
        public Options(Path dataDir, Path socket, boolean defaultSocket, String profile, String backend,
                       Optional<String> jackServer, OptionalLong seed, boolean autoplay, PrintStream echo) {
            this(dataDir, socket, defaultSocket, profile, backend, jackServer, seed, autoplay, echo, Optional.empty(),
                    Optional.empty());
        }

        public PortOptions portOptions() {
            PortOptions p = PortOptions.defaults(dataDir);
            return jackServer.isPresent() ? p.withJackServer(jackServer.get()) : p;
        }
    }

    /** A port with the player on it; {@code ready} waits until the port is open (a JACK port host may still start). */
    public record Output(MidiPort port, Player player, String why, Ready ready) {
        /** A port already open. */
        public Output(MidiPort port, Player player, String why) {
            this(port, player, why, () -> {
            });
        }
    }

    /** Waits until the port is open; fails when it cannot open. */
    @FunctionalInterface
    public interface Ready {
        void await() throws IOException;
    }

    /** Opens the port named by a backend spec. */
    @FunctionalInterface
    public interface Outputs {
        Output open(String backend, PortOptions options) throws IOException;
    }

    private final DeviceLock lock;
    private final DeviceLog log;
    private final SqliteStore store;
    private final Output output;
    private final Device device;
    private final ControlServer server;
    private final AtomicReference<ControlServer> serverRef;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;
    private boolean closed;

    private DeviceRunner(DeviceLock lock, DeviceLog log, SqliteStore store, Output output, Device device,
                         ControlServer server, AtomicReference<ControlServer> serverRef) {
        this.lock = lock;
        this.log = log;
        this.store = store;
        this.output = output;
        this.device = device;
        this.server = server;
        this.serverRef = serverRef;
        this.hook = new Thread(this::close, "device-shutdown");
    }

    /** Starts the device; returns once the socket answers. */
    public static DeviceRunner start(Options o, Outputs outputs) throws IOException {
        DeviceLock lock = DeviceLock.acquire(o.dataDir());
        DeviceLog log = null;
        SqliteStore store = null;
        Output output = null;
        Device device = null;
        ControlServer server = null;
        Starting starting = new Starting(o.profile());
        try {
            log = DeviceLog.open(o.dataDir(), o.echo());
            log.accept("starting device " + org.hitlmidi.Version.current() + " (pid " + ProcessHandle.current().pid()
                    + ") on " + o.dataDir());
            // start-up (issue 13): the port first (a JACK port host is a JVM start of its own, which runs while this
            // one goes on), then the socket (status answers "loading"), while the store opens on a thread of its own;
            // then the device (the profile, the learner's replay) and the wait for the port
            java.util.concurrent.CompletableFuture<SqliteStore> opening = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> SqliteStore.openIn(o.dataDir()), r -> {
                        Thread t = new Thread(r, "device-store-open");
                        t.setDaemon(true);
                        t.start();
                    });
            try {
                output = outputs.open(o.backend(), o.portOptions());
                starting.port(output.port());
                server = ControlServer.start(o.socket(), o.defaultSocket(), starting, log,
                        ControlServer.DEFAULT_MAX_CONNECTIONS);
            } finally {
                store = joinStore(opening);
            }
            DeviceLog warn = log;
            store.onSkippedRow(w -> warn.accept("store: " + w));
            AtomicReference<ControlServer> ref = new AtomicReference<>(server);
            Device.Events events = (name, body) -> {
                ControlServer s = ref.get();
                if (s != null) {
                    s.broadcast(name, body);
                }
            };
            AtomicReference<DeviceRunner> self = new AtomicReference<>();
            Runnable stop = () -> {
                DeviceRunner r = self.get();
                if (r != null) {
                    Thread t = new Thread(r::close, "device-stop");
                    t.start();
                }
            };
            device = Device.open(store, Presets.namesOnly(o.dataDir()), output.port(), output.player(), events,
                    log, o.seed().isPresent() ? new SplittableRandom(o.seed().getAsLong()) : new SplittableRandom(),
                    o.profile(), stop, o.dataDir(), o.portOptions(), o.controller());
            output.ready().await();
            log.accept("port: " + output.port().backend() + " '" + output.port().name() + "' (" + output.why() + ")");
            if (o.clock().isPresent()) {
                device.clock(o.clock());
            }
            DeviceRunner r = new DeviceRunner(lock, log, store, output, device, server, ref);
            self.set(r);
            Runtime.getRuntime().addShutdownHook(r.hook);
            starting.ready(device);
            if (o.autoplay()) {
                device.play();
            }
            log.accept("device ready: socket " + o.socket());
            return r;
        } catch (IOException | RuntimeException e) {
            starting.failed(e);
            if (log != null) {
                log.accept("device failed to start: " + e.getMessage());
            }
            if (server != null) {
                server.close();
            }
            if (device != null) {
                device.close();
            } else if (output != null) {
                output.player().close();
            }
            if (output != null) {
                output.port().close();
            }
            if (store != null) {
                store.close();
            }
            if (log != null) {
                log.close();
            }
            lock.close();
            throw e;
        }
    }

    private static SqliteStore joinStore(java.util.concurrent.CompletableFuture<SqliteStore> opening) {
        try {
            return opening.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    public Device device() {
        return device;
    }

    public Path socket() {
        return server.socket();
    }

    public Path logFile() {
        return log.file();
    }

    /** Waits until the device has stopped (a client's stop, or {@link #close()}). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** Stops: note-offs, socket (queued replies flushed), port, store, lock. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            log.accept("stopping");
            serverRef.get().broadcast("stopping", emptyBody());
            server.close();
            device.close();
            output.port().close();
            store.close();
            log.accept("stopped");
        } catch (RuntimeException e) {
            log.accept("error while stopping: " + e);
        } finally {
            log.close();
            lock.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // we are the shutdown hook, or the JVM is going down anyway
            }
            stopped.countDown();
        }
    }

    private static ObjectNode emptyBody() {
        return org.hitlmidi.control.Protocol.nodes().objectNode();
    }
}
