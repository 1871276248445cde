package org.hitlmidi.service;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Installs, removes and reports the device's background service in the user's own folders: a systemd user
 * unit in $XDG_CONFIG_HOME/systemd/user (default ~/.config/systemd/user) or a launchd agent in
 * ~/Library/LaunchAgents. Each action is first a list of steps, so --dry-run prints exactly what would happen.
 * systemctl/launchctl are run only when they are on the PATH; without them the file is still written.
 */
public final class UserService {
    /** One thing an action does. */
    public sealed interface Step permits Write, Delete, Run, Note {
    }

    public record Write(Path file, String text) implements Step {
    }

    public record Delete(Path file) implements Step {
    }

    /** A command; {@code mayFail} when failing means "already in that state" (disabling what is not enabled). */
    public record Run(List<String> argv, boolean mayFail) implements Step {
        public Run {
            argv = List.copyOf(argv);
        }
    }

    public record Note(String text) implements Step {
    }

    private final Platform platform;
    private final UserEnv env;
    private final CommandRunner runner;

    public UserService(Platform platform, UserEnv env, CommandRunner runner) {
        this.platform = platform;
        this.env = env;
        this.runner = runner;
    }

    /** Where the service file lives for this user. */
    public Path file() {
        if (platform == Platform.LAUNCHD) {
            return env.home().resolve("Library/LaunchAgents").resolve(ServiceFiles.LABEL + ".plist");
        }
        return env.xdgConfigHome().orElse(env.home().resolve(".config")).resolve("systemd/user")
                .resolve(ServiceFiles.UNIT);
    }

    /** The file's text for a device command. */
    public String text(List<String> command) {
        return platform == Platform.LAUNCHD
                ? ServiceFiles.launchdPlist(command, env.home().resolve("Library/Logs/hitl-midi.log"))
                : ServiceFiles.systemdUnit(command);
    }

    public List<Step> install(List<String> command, boolean start) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Write(file(), text(command)));
        Optional<Path> tool = manager(steps);
        if (tool.isPresent() && platform == Platform.SYSTEMD) {
            steps.add(run(tool.get(), false, "--user", "daemon-reload"));
            steps.add(run(tool.get(), false, "--user", "enable", ServiceFiles.UNIT));
            if (start) {
                // restart, not start: a device already running must pick up a changed unit
                steps.add(run(tool.get(), false, "--user", "restart", ServiceFiles.UNIT));
            }
        } else if (tool.isPresent()) {
            // unload first so a changed plist is read again; it fails when nothing was loaded, which is fine
            steps.add(run(tool.get(), true, "unload", file().toString()));
            if (start) {
                steps.add(run(tool.get(), false, "load", "-w", file().toString()));
            }
        }
        if (!start) {
            steps.add(new Note("not started now (--no-start); it starts at your next login"));
        }
        return steps;
    }

    public List<Step> uninstall() {
        List<Step> steps = new ArrayList<>();
        Optional<Path> tool = manager(steps);
        if (tool.isPresent() && platform == Platform.SYSTEMD) {
            steps.add(run(tool.get(), true, "--user", "disable", "--now", ServiceFiles.UNIT));
        } else if (tool.isPresent()) {
            steps.add(run(tool.get(), true, "unload", "-w", file().toString()));
        }
        steps.add(new Delete(file()));
        if (tool.isPresent() && platform == Platform.SYSTEMD) {
            steps.add(run(tool.get(), true, "--user", "daemon-reload"));
        }
        return steps;
    }

    /** What is installed, whether it is the file install would write now, and what the manager says. */
    public List<String> status(List<String> command) throws IOException {
        List<String> out = new ArrayList<>();
        Path f = file();
        if (!Files.isRegularFile(f)) {
            out.add("not installed (no " + f + ")");
            return out;
        }
        String now = Files.readString(f, StandardCharsets.UTF_8);
        out.add("installed: " + f);
        out.add(now.equals(text(command)) ? "up to date with this hitl-midi"
                : "differs from what `hitl-midi service install` would write now (run it again to update)");
        Optional<Path> tool = env.which(platform == Platform.SYSTEMD ? "systemctl" : "launchctl");
        if (tool.isPresent() && platform == Platform.SYSTEMD) {
            out.add("enabled: " + ask(run(tool.get(), true, "--user", "is-enabled", ServiceFiles.UNIT).argv()));
            out.add("active: " + ask(run(tool.get(), true, "--user", "is-active", ServiceFiles.UNIT).argv()));
        } else if (tool.isPresent()) {
            CommandRunner.Result r = runner.run(run(tool.get(), true, "list", ServiceFiles.LABEL).argv());
            out.add("loaded: " + (r.code() == 0 ? "yes" : "no"));
        }
        return out;
    }

    public boolean installed() {
        return Files.isRegularFile(file());
    }

    /**
     * Prints each step and, unless {@code dryRun}, does it. Returns false when a command that must succeed
     * failed; the steps before it stay done (the file is written), and the message says what to run by hand.
     */
    public boolean execute(List<Step> steps, boolean dryRun, PrintWriter out, PrintWriter err) throws IOException {
        String would = dryRun ? "would " : "";
        for (Step s : steps) {
            if (s instanceof Write w) {
                out.println(would + "write " + w.file() + (dryRun ? ":" : ""));
                if (dryRun) {
                    out.print(w.text());
                } else {
                    Files.createDirectories(w.file().getParent());
                    Path tmp = w.file().resolveSibling(w.file().getFileName() + ".tmp");
                    Files.writeString(tmp, w.text(), StandardCharsets.UTF_8);
                    Files.move(tmp, w.file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            } else if (s instanceof Delete d) {
                boolean present = Files.exists(d.file());
                out.println(present ? would + "remove " + d.file() : "nothing to remove at " + d.file());
                if (!dryRun && present) {
                    Files.delete(d.file());
                }
            } else if (s instanceof Run r) {
                out.println(would + "run " + String.join(" ", r.argv()));
                if (!dryRun) {
                    CommandRunner.Result res = runner.run(r.argv());
                    if (res.code() != 0 && !r.mayFail()) {
                        err.println("hitl-midi: '" + String.join(" ", r.argv()) + "' failed (exit " + res.code() + ")"
                                + (res.output().isEmpty() ? "" : ": " + res.output()));
                        err.println("hitl-midi: the file is in place; run that command in your login session");
                        return false;
                    }
                }
            } else if (s instanceof Note n) {
                out.println(n.text());
            }
        }
        return true;
    }

    /** systemctl or launchctl from the user's PATH (absolute, so the JVM's own PATH plays no part). */
    private Optional<Path> manager(List<Step> steps) {
        String program = platform == Platform.SYSTEMD ? "systemctl" : "launchctl";
        Optional<Path> found = env.which(program);
        if (found.isEmpty()) {
            steps.add(new Note(program + " is not on the PATH: only the file is changed, nothing is started or stopped"));
        }
        return found;
    }

    private static Run run(Path program, boolean mayFail, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        argv.addAll(List.of(args));
        return new Run(argv, mayFail);
    }

    private String ask(List<String> argv) throws IOException {
        CommandRunner.Result r = runner.run(argv);
        return r.output().isEmpty() ? "unknown (exit " + r.code() + ")" : r.output().lines().findFirst().orElse("");
    }
}
