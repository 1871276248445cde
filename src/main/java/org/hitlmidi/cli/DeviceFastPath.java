package org.hitlmidi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * `hitl-midi device` without picocli (start-up, issue 13): picocli builds the model of every command before it runs
 * one, about 0.6 s of CPU, and its classes (compiled for Java 5) cannot go in an AppCDS archive. A command line of
 * the global options ({@code --data-dir}, {@code --socket}, {@code --debug}), {@code device} and its own options
 * (those of {@link DeviceOptions} and {@code --quiet}, each at most once, as NAME VALUE or NAME=VALUE) is read here
 * into the same fields picocli fills and runs {@link DeviceCommand#run}; anything else (help, an unknown or repeated
 * option, a value that looks like an option, a bad number) goes the long way, where picocli says what is wrong.
 * DeviceFastPathTest checks that both ways read the same options.
 */
final class DeviceFastPath {
    private static final Set<String> GLOBAL_VALUES = Set.of("--data-dir", "--socket");
    private static final Set<String> DEVICE_VALUES = Set.of("--backend", "--profile", "--jack-server", "--controller",
            "--clock", "--seed");

    private DeviceFastPath() {
    }

    /** A device command line as read here. */
    record Parsed(Main main, DeviceOptions options, boolean quiet) {
    }

    /** The device's exit code when the command line is one for this path, else -1 (nothing was run). */
    static int tryRun(String[] args) {
        if ("0".equals(System.getenv("HITL_QUICK_DEVICE"))) {
            return -1;
        }
        Optional<Parsed> p = parse(args);
        if (p.isEmpty()) {
            return -1;
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return DeviceCommand.run(p.get().main(), p.get().options(), p.get().quiet(), out);
        } catch (Exception e) {
            return Main.failure(e, err, p.get().main().debug);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static Optional<Parsed> parse(String[] args) {
        Main main = new Main();
        DeviceOptions o = new DeviceOptions();
        boolean quiet = false;
        boolean device = false;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                if (device || !a.equals("device")) {
                    return Optional.empty(); // a positional argument, or another command
                }
                device = true;
                continue;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (!device && !GLOBAL_VALUES.contains(name) && !name.equals("--debug")) {
                return Optional.empty(); // the device's options come after `device`
            }
            if (!seen.add(name)) {
                return Optional.empty(); // picocli refuses an option given twice
            }
            boolean takesValue = GLOBAL_VALUES.contains(name) || device && DEVICE_VALUES.contains(name);
            if (takesValue) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        return Optional.empty();
                    }
                    value = args[++i];
                }
                if (value.isEmpty() || value.startsWith("-")) {
                    return Optional.empty();
                }
            } else if (value != null) {
                return Optional.empty(); // a flag with a value, or an option this path does not know
            }
            switch (name) {
                case "--data-dir" -> main.dataDir = Path.of(value);
                case "--socket" -> main.socket = Path.of(value);
                case "--debug" -> main.debug = true;
                case "--backend" -> o.backend = value;
                case "--profile" -> o.profile = value;
                case "--jack-server" -> o.jackServer = value;
                case "--controller" -> o.controller = value;
                case "--clock" -> o.clock = value;
                case "--seed" -> {
                    try {
                        o.seed = Long.valueOf(value);
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
                case "--no-play" -> o.noPlay = true;
                case "--quiet" -> quiet = true;
                default -> {
                    return Optional.empty(); // --help, --version, anything else: picocli's
                }
            }
        }
        return device ? Optional.of(new Parsed(main, o, quiet)) : Optional.empty();
    }
}
