package org.hitlmidi.service;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** The command a service runs to start the device: the same hitl-midi the user ran, then "device". */
public final class Launcher {
    /** Set by jpackage's native launcher to its own path. */
    public static final String JPACKAGE_APP_PATH = "jpackage.app-path";
    /** Set by installer/hitl-midi, the development launcher, to its own path. */
    public static final String DEV_LAUNCHER = "hitl.launcher";

    private Launcher() {
    }

    /**
     * {@code exec} if given, else the jpackage launcher, else the development launcher, else
     * {@code java -jar} with the running jar; then "device" and the data dir when one was chosen.
     */
    public static List<String> deviceCommand(Optional<Path> exec, Properties props, Optional<Path> runningJar,
                                             Optional<Path> dataDir) {
        List<String> argv = new ArrayList<>();
        Optional<String> launcher = exec.map(p -> p.toAbsolutePath().toString())
                .or(() -> Optional.ofNullable(props.getProperty(JPACKAGE_APP_PATH)))
                .or(() -> Optional.ofNullable(props.getProperty(DEV_LAUNCHER)));
        if (launcher.isPresent()) {
            argv.add(launcher.get());
        } else if (runningJar.isPresent()) {
            argv.add(Path.of(props.getProperty("java.home"), "bin", "java").toString());
            argv.addAll(DeviceJvm.options()); // a launcher sets them itself
            argv.add("-jar");
            argv.add(runningJar.get().toAbsolutePath().toString());
        } else {
            throw new IllegalArgumentException("cannot tell which hitl-midi to start (not run from a launcher or a "
                    + "jar): pass --exec PATH");
        }
        argv.add("device");
        dataDir.ifPresent(d -> {
            argv.add("--data-dir");
            argv.add(d.toAbsolutePath().toString());
        });
        return argv;
    }

    /** The jar this class was loaded from, if it was loaded from a jar. */
    public static Optional<Path> runningJar() {
        try {
            var src = Launcher.class.getProtectionDomain().getCodeSource();
            if (src == null) {
                return Optional.empty();
            }
            Path p = Path.of(src.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
