package org.hitlmidi.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.DeviceClient;
import org.hitlmidi.control.DeviceReply;
import org.hitlmidi.control.DeviceRequest;
import org.hitlmidi.control.DeviceNotRunningException;
import org.hitlmidi.control.SocketPaths;
import org.hitlmidi.device.DeviceLog;
import org.hitlmidi.device.DeviceRunner;
import org.hitlmidi.service.Launcher;
import org.hitlmidi.store.Profile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "device", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run the device in the foreground: the MIDI port, the learner and the control socket. "
                + "Ctrl-C stops it (all notes off first). Logs also go to <data dir>/logs/device.log.")
public final class DeviceCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DeviceOptions options;

    @Option(names = "--quiet", hidden = true, description = "Log to the file only (start's child: its output is the log).")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        return run(main, options, quiet, spec.commandLine().getOut());
    }

    /** Runs the device until it stops (picocli's way here, and {@link DeviceFastPath}'s without picocli). */
    static int run(Main main, DeviceOptions options, boolean quiet, PrintWriter out) throws Exception {
        Profile.checkName(options.profile);
        DeviceRunner r = DeviceRunner.start(runnerOptions(main, options, quiet ? null : System.err),
                org.hitlmidi.device.PortOutputs::open);
        r.device().runCommandLines(QuickClient.inDevice()); // the CLI's quick path (the `cli` request)
        out.println("hitl-midi device running (pid " + ProcessHandle.current().pid()
                + "); control socket " + r.socket() + "; log " + r.logFile());
        out.flush();
        r.awaitStopped();
        return 0;
    }

    static DeviceRunner.Options runnerOptions(Main main, DeviceOptions o, java.io.PrintStream echo) {
        return new DeviceRunner.Options(main.dataDir(), main.socket(), !main.socketGiven(), o.profile, o.backend,
                Optional.ofNullable(o.jackServer), o.seed == null ? OptionalLong.empty() : OptionalLong.of(o.seed), !o.noPlay, echo,
                Optional.ofNullable(o.controller).map(c -> Remote.presetName(main, org.hitlmidi.midi.ControllerConfig.KIND, c)),
                Optional.ofNullable(o.clock));
    }

    @Command(name = "start", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Start the device in the background (detached, output to <data dir>/logs/device.log) and "
                    + "wait until it answers.")
    static final class Start implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DeviceOptions options;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
                description = "How long to wait for the device to answer. Default: ${DEFAULT-VALUE}.")
        double waitSeconds = 30;

        @Override
        public Integer call() throws Exception {
            if (!(waitSeconds > 0)) {
                throw new IllegalArgumentException("--wait " + waitSeconds + " must be above 0 seconds");
            }
            return start(main, options, spec.commandLine().getOut(), spec.commandLine().getErr(), waitSeconds);
        }

        static int start(Main main, DeviceOptions o, PrintWriter out, PrintWriter err) throws IOException,
                InterruptedException {
            return start(main, o, out, err, 30);
        }

        static int start(Main main, DeviceOptions o, PrintWriter out, PrintWriter err, double waitSeconds)
                throws IOException, InterruptedException {
            Profile.checkName(o.profile);
            Path socket = main.socket();
            Path dataDir = main.dataDir();
            if (SocketPaths.answers(socket)) {
                DeviceReply.Status s = status(socket);
                out.println("a device is already running (pid " + s.pid() + ") on " + socket);
                return 0;
            }
            if (o.controller != null) { // the device takes preset names: a mapping file is put among the user's first
                o.controller = Remote.presetName(main, org.hitlmidi.midi.ControllerConfig.KIND, o.controller);
            }
            Path logFile = DeviceLog.prepare(dataDir);
            List<String> cmd = new ArrayList<>(launcher());
            cmd.addAll(List.of("--data-dir", dataDir.toString()));
            if (main.socketGiven()) {
                cmd.addAll(List.of("--socket", socket.toString()));
            }
            cmd.addAll(List.of("device", "--quiet"));
            cmd.addAll(o.asArguments());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")));
            Process p = pb.start();
            long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    err.println("hitl-midi: the device exited with code " + p.exitValue() + "; the end of " + logFile
                            + ":");
                    tail(logFile, 8).forEach(l -> err.println("  " + l));
                    return Main.FAILED;
                }
                if (SocketPaths.answers(socket)) {
                    try {
                        DeviceReply.Status s = status(socket);
                        var port = s.port();
                        out.println("hitl-midi device started (pid " + s.pid() + "), profile '"
                                + s.profile() + "', port " + port.backend() + " '"
                                + port.name() + "' " + port.state());
                        out.println("control socket " + socket);
                        out.println("log " + logFile);
                        return 0;
                    } catch (DeviceNotRunningException e) {
                        // it is binding right now; ask again
                    }
                }
                Thread.sleep(50);
            }
            p.destroy();
            err.println("hitl-midi: the device did not answer on " + socket + " within " + waitSeconds
                    + " s and was stopped; see " + logFile);
            return Main.FAILED;
        }

        private static DeviceReply.Status status(Path socket) throws IOException {
            try (DeviceClient c = DeviceClient.connect(socket)) {
                return c.call(new DeviceRequest.Status());
            }
        }

        /**
         * How to run this very hitl-midi again: its jpackage launcher, java -jar the jar we run from, or the class
         * path we run on (tests, IDEs); detached into its own session with setsid where there is one, so that
         * closing the terminal does not take the device along.
         */
        static List<String> launcher() {
            List<String> cmd = new ArrayList<>();
            for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
                if (Files.isExecutable(Path.of(setsid))) {
                    cmd.add(setsid);
                    break;
                }
            }
            String app = System.getProperty(Launcher.JPACKAGE_APP_PATH);
            Optional<Path> jar = Launcher.runningJar();
            if (app != null) {
                cmd.add(app);
                return cmd;
            }
            cmd.add(Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString());
            cmd.addAll(org.hitlmidi.service.DeviceJvm.options()); // the packaged launcher has them in its options
            if (jar.isPresent()) {
                cmd.add("-jar");
                cmd.add(jar.get().toString());
            } else {
                // what the jar's manifest (Add-Exports) gives the built-in synth when run with -jar
                cmd.add("--add-exports");
                cmd.add("java.desktop/com.sun.media.sound=ALL-UNNAMED");
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add(Main.class.getName());
            }
            return cmd;
        }

        private static boolean isWindows() {
            return System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("win");
        }

        private static List<String> tail(Path file, int n) {
            try {
                List<String> all = Files.readAllLines(file);
                return all.subList(Math.max(0, all.size() - n), all.size());
            } catch (IOException e) {
                return List.of("(cannot read it: " + e.getMessage() + ")");
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Stop the running device (all notes off first) and wait until it has exited.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "20",
                description = "How long to wait for the device to exit. Default: ${DEFAULT-VALUE}.")
        double waitSeconds = 20;

        @Override
        public Integer call() throws Exception {
            Path socket = main.socket();
            long pid;
            try (DeviceClient c = DeviceClient.connect(socket)) {
                pid = c.call(new DeviceRequest.Status()).pid();
                c.call(new DeviceRequest.Stop());
            } catch (DeviceNotRunningException e) {
                spec.commandLine().getOut().println("no device was running on " + socket);
                return 0;
            }
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
            if (h.isPresent() && pid != ProcessHandle.current().pid()) {
                try {
                    h.get().onExit().get((long) (waitSeconds * 1000), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    spec.commandLine().getErr().println("hitl-midi: the device (pid " + pid + ") did not exit within "
                            + waitSeconds + " s");
                    return Main.FAILED;
                } catch (java.util.concurrent.ExecutionException e) {
                    // onExit never fails; treat as exited
                }
            } else {
                while (SocketPaths.answers(socket) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            spec.commandLine().getOut().println("stopped the device (pid " + pid + ")");
            return 0;
        }
    }
}
