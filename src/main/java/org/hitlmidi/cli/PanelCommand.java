package org.hitlmidi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.SocketPaths;
import org.hitlmidi.panel.PanelView;
import org.hitlmidi.panel.PanelWindow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `hitl-midi panel`: the window with the rating knobs, a client of the device's control socket. */
@Command(name = "panel", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Open the panel: rating knobs, the current track, your ratings, parameters and MIDI-learn. "
                + "Starts the device in the background when none runs; closing the panel leaves the device running.")
final class PanelCommand implements Callable<Integer> {
    /** How long the panel waits for one reply before it treats the device as gone. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DeviceOptions device;

    @Option(names = "--theme", paramLabel = "light|dark", defaultValue = "light",
            description = "Colour theme. Default: ${DEFAULT-VALUE}.")
    String theme;

    @Option(names = "--on-top", description = "Keep the window above other windows (e.g. over a DAW).")
    boolean onTop;

    @Option(names = "--no-sub-ratings", description = "Hide the musicality, novelty and coherence knobs.")
    boolean noSubRatings;

    @Option(names = "--no-start", description = "Do not start a device; wait for one to appear.")
    boolean noStart;

    @Override
    public Integer call() throws Exception {
        return open(main, device, parseTheme(theme), onTop, !noSubRatings, !noStart, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    static PanelView.Theme parseTheme(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "light" -> PanelView.Theme.LIGHT;
            case "dark" -> PanelView.Theme.DARK;
            default -> throw new IllegalArgumentException("--theme " + s + ": use light or dark");
        };
    }

    /** Held: java.util.logging keeps loggers only weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");

    /**
     * JavaFX warns "Unsupported JavaFX configuration: classes were loaded from 'unnamed module'" at every start
     * from a classpath jar (ours is shaded; the packages run the same jar). It runs the same, so the warning says
     * nothing to a user: its logger keeps only errors.
     */
    public static void quietJavaFx() {
        JAVAFX_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    /** Starts the device unless one answers (when {@code start}), then shows the panel until it is closed. */
    static int open(Main main, DeviceOptions device, PanelView.Theme theme, boolean onTop, boolean subRatings,
                    boolean start, PrintWriter out, PrintWriter err) throws Exception {
        Path socket = main.socket();
        if (start && !SocketPaths.answers(socket)) {
            int rc = DeviceCommand.Start.start(main, device, out, err);
            if (rc != 0) {
                return rc;
            }
        }
        Runnable startDevice = () -> {
            Thread t = new Thread(() -> {
                try {
                    DeviceCommand.Start.start(main, device, out, err);
                } catch (Exception e) {
                    err.println("hitl-midi: could not start the device: " + e.getMessage());
                }
            }, "panel-start-device");
            t.setDaemon(true);
            t.start();
        };
        quietJavaFx();
        PanelWindow.showAndWait(new PanelWindow.Options(() -> ControlClient.connect(socket, REPLY_TIMEOUT), theme,
                onTop, subRatings, startDevice));
        return 0;
    }
}
