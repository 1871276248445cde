package org.hitlmidi.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hitlmidi.service.CommandRunner;
import org.hitlmidi.service.Launcher;
import org.hitlmidi.service.Platform;
import org.hitlmidi.service.UserEnv;
import org.hitlmidi.service.UserService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `hitl-midi service install|uninstall|status|show`: the device as a background service at login. */
@Command(name = "service", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run the device in the background from login: a systemd user unit (Linux, in "
                + "$XDG_CONFIG_HOME/systemd/user) or a launchd agent (macOS, in ~/Library/LaunchAgents) that starts "
                + "'hitl-midi device' and restarts it when it fails.",
            "systemctl --user / launchctl are run when they are on the PATH."},
        subcommands = {ServiceCommand.Install.class, ServiceCommand.Uninstall.class, ServiceCommand.Status.class,
            ServiceCommand.Show.class})
public final class ServiceCommand implements Runnable {
    /** Exit code of `status` when nothing is installed (as systemctl status says "not running"). */
    public static final int NOT_INSTALLED = 3;

    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every service subcommand shares. */
    static final class Target {
        @Option(names = "--for", paramLabel = "systemd|launchd",
                description = "Which service manager to write for. Default: this system's (launchd on macOS).")
        String platform;

        @Option(names = "--exec", paramLabel = "PATH",
                description = "The hitl-midi launcher the service runs. Default: the one you are running now.")
        Path exec;

        UserService service(UserEnv env) {
            Platform p = platform == null ? Platform.of(System.getProperty("os.name")) : Platform.parse(platform);
            return new UserService(p, env, CommandRunner.processes());
        }

        List<String> command(Main main) {
            return Launcher.deviceCommand(Optional.ofNullable(exec), System.getProperties(), Launcher.runningJar(),
                    Optional.ofNullable(main.dataDir).map(Path::toAbsolutePath));
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Write the service file, then enable and (re)start it.")
    static final class Install implements Callable<Integer> {
        @CommandLine.ParentCommand
        ServiceCommand parent;

        @CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--dry-run", description = "Print what would be written and run; change nothing.")
        boolean dryRun;

        @Option(names = "--no-start", description = "Write and enable, but do not start it now.")
        boolean noStart;

        @Override
        public Integer call() throws Exception {
            UserService s = target.service(UserEnv.current());
            var out = parent.spec.commandLine().getOut();
            boolean ok = s.execute(s.install(target.command(parent.main), !noStart), dryRun, out,
                    parent.spec.commandLine().getErr());
            return ok ? 0 : Main.FAILED;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Stop the service and remove its file.")
    static final class Uninstall implements Callable<Integer> {
        @CommandLine.ParentCommand
        ServiceCommand parent;

        @CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--dry-run", description = "Print what would be removed and run; change nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            UserService s = target.service(UserEnv.current());
            return s.execute(s.uninstall(), dryRun, parent.spec.commandLine().getOut(),
                    parent.spec.commandLine().getErr()) ? 0 : Main.FAILED;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Say whether the service is installed, up to date, enabled and running (exit 3: not installed).")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand
        ServiceCommand parent;

        @CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() throws Exception {
            UserService s = target.service(UserEnv.current());
            s.status(target.command(parent.main)).forEach(parent.spec.commandLine().getOut()::println);
            return s.installed() ? 0 : NOT_INSTALLED;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the service file install would write (packaging uses this for the system-wide unit).")
    static final class Show implements Callable<Integer> {
        @CommandLine.ParentCommand
        ServiceCommand parent;

        @CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            UserService s = target.service(UserEnv.current());
            parent.spec.commandLine().getOut().print(s.text(target.command(parent.main)));
            parent.spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
