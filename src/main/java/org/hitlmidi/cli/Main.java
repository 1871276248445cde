package org.hitlmidi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.SocketPaths;
import org.hitlmidi.music.SmfException;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.sim.RaterException;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The `hitl-midi` command. */
@Command(name = "hitl-midi", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "A MIDI device that composes with a human in the loop: it plays short loops in a style, "
                + "you rate them, and a learner (by default a reward model; the paper's Q-learner as 'paper', "
                + "arXiv 2501.15304) learns your taste.",
        subcommands = {DeviceCommand.class, DeviceCommand.Start.class, DeviceCommand.Stop.class,
                SessionCommands.Status.class, SessionCommands.Params.class, SessionCommands.Play.class,
                SessionCommands.Next.class, SessionCommands.Replay.class, SessionCommands.Rate.class,
                LiveCommands.Variation.class, LiveCommands.Regenerate.class, LiveCommands.Scene.class,
                SessionCommands.Undo.class, SessionCommands.History.class, SessionCommands.Keep.class, SessionCommands.Export.class,
                SessionCommands.Panic.class, SessionCommands.PortsCmd.class, SessionCommands.ControllerCmd.class, SessionCommands.ClockCmd.class, SessionCommands.QuantizeCmd.class, SessionCommands.FollowCmd.class, SessionCommands.LearnerCmd.class, SimulateCommand.class, BenchCommand.class, ProfileCommand.class,
                GenerateCommand.class, DoctorCommand.class, ServiceCommand.class, PanelCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class},
        footer = "%nWith no command: starts the device in the background (as 'hitl-midi start') and opens the "
                + "panel; without a display (ssh, a server) only the device.")
public final class Main implements Callable<Integer> {
    /** Exit code of bad parameters or presets. */
    public static final int USAGE = 2;
    /** Exit code of a failure while working (a broken store, a dead rater). */
    public static final int FAILED = 1;

    @Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Where profiles and ratings live. Default: $XDG_DATA_HOME/hitl-midi (Linux), "
                    + "~/Library/Application Support/hitl-midi (macOS), %%APPDATA%%\\hitl-midi (Windows).")
    Path dataDir;

    @Option(names = "--socket", paramLabel = "PATH", scope = CommandLine.ScopeType.INHERIT,
            description = "The device's control socket. Default: one per data dir: $XDG_RUNTIME_DIR/hitl-midi/control.sock "
                    + "for the default data dir, $XDG_RUNTIME_DIR/hitl-midi/HASH/control.sock for another, "
                    + "else <data dir>/run/control.sock.")
    Path socket;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * No command: start the device in the background and open the panel, as a new user expects from the bare
     * name; with no display, the device alone (it runs headless, the panel can come later).
     */
    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!hasDisplay(System.getenv(), System.getProperty("os.name"))) {
            int rc = DeviceCommand.Start.start(this, new DeviceOptions(), out, err);
            if (rc == 0) {
                out.println("no display here: open the panel on a desktop with 'hitl-midi panel'");
            }
            return rc;
        }
        return PanelCommand.open(this, new DeviceOptions(), org.hitlmidi.panel.PanelView.Theme.LIGHT, false, true,
                true, out, err);
    }

    /** Windows and macOS always have one; elsewhere an X11 or Wayland display must be named. */
    static boolean hasDisplay(java.util.Map<String, String> env, String osName) {
        String os = osName.toLowerCase(java.util.Locale.ROOT);
        if (os.contains("win") || os.contains("mac") || os.contains("darwin")) {
            return true;
        }
        return !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
    }

    /** The control socket: --socket, else the default place for this data directory. */
    public Path socket() {
        return SocketPaths.socket(Optional.ofNullable(socket), dataDir(), DataDirs.dataDir(Optional.empty()));
    }

    /**
     * True when the user chose a socket other than the default one; its folder's mode is then theirs. A --socket that
     * names the default place (as {@code start} once passed to its device) is the default: its folder is made private.
     */
    boolean socketGiven() {
        return socket != null && !socket.toAbsolutePath().normalize().equals(
                SocketPaths.socket(Optional.empty(), dataDir(), DataDirs.dataDir(Optional.empty())).normalize());
    }

    public Path dataDir() {
        return DataDirs.dataDir(Optional.ofNullable(dataDir));
    }

    public Presets presets() {
        return new Presets(Optional.of(dataDir()));
    }

    public static void main(String[] args) {
        int quick = QuickClient.tryRun(args, System.out, System.err); // a session command to a running device
        if (quick >= 0) {
            System.exit(quick);
        }
        int device = DeviceFastPath.tryRun(args); // `device` with plain options: no picocli command tree to build
        if (device >= 0) {
            System.exit(device);
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** What a command that threw says, and its exit code. */
    static int failure(Exception ex, PrintWriter e, boolean debug) {
        if (debug) {
            ex.printStackTrace(e);
        }
        e.println("hitl-midi: " + ex.getMessage());
        e.flush();
        if (ex instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (ex instanceof ControlException ce) {
            switch (ce.code()) {
                case BAD_REQUEST:
                case BAD_VALUE:
                case UNKNOWN_COMMAND:
                    return USAGE;
                default:
                    return FAILED;
            }
        }
        if (ex instanceof StoreException || ex instanceof RaterException || ex instanceof SmfException
                || ex instanceof java.io.IOException) {
            return FAILED;
        }
        if (!debug) {
            e.println("(an unexpected " + ex.getClass().getSimpleName() + "; run with --debug for details)");
            e.flush();
        }
        return FAILED;
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return tree().run(args, out, err);
    }

    /**
     * picocli's model of every command, ready to run one command line. Building it is most of what a command costs
     * in a warm JVM (picocli reads every command's annotations again); the device builds the next one ahead
     * ({@link TreesAhead}). A tree runs once: picocli's reuse would carry values between command lines.
     */
    static Tree tree() {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        BenchCommand.real().ifPresent(bench -> {
            cl.getCommandSpec().removeSubcommand("bench");
            cl.addSubcommand("bench", bench);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("hitl-midi: " + ex.getMessage());
            e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> failure(ex, c.getErr(), main.debug));
        return new Tree(cl);
    }

    /** A command tree for one command line ({@link #tree()}). */
    static final class Tree {
        private final CommandLine cl;
        private boolean used;

        private Tree(CommandLine cl) {
            this.cl = cl;
        }

        int run(String[] args, PrintWriter out, PrintWriter err) {
            synchronized (this) {
                if (used) {
                    throw new IllegalStateException("a command tree runs one command line");
                }
                used = true;
            }
            cl.setOut(out);
            cl.setErr(err);
            try {
                return cl.execute(args);
            } finally {
                // a command may print without a newline, which an autoflushing writer does not flush
                out.flush();
                err.flush();
            }
        }
    }
}
