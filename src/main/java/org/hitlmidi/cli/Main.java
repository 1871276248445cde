package org.hitlmidi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
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
        description = "A MIDI device that composes with a human in the loop: a Q-learner edits short tracks, "
                + "you rate them, it learns your taste (arXiv 2501.15304).",
        subcommands = {SimulateCommand.class, BenchCommand.class, ProfileCommand.class, GenerateCommand.class,
                ServiceCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of bad parameters or presets. */
    public static final int USAGE = 2;
    /** Exit code of a failure while working (a broken store, a dead rater). */
    public static final int FAILED = 1;

    @Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Where profiles and ratings live. Default: $XDG_DATA_HOME/hitl-midi (Linux), "
                    + "~/Library/Application Support/hitl-midi (macOS), %%APPDATA%%\\hitl-midi (Windows).")
    Path dataDir;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public Path dataDir() {
        return DataDirs.dataDir(Optional.ofNullable(dataDir));
    }

    public Presets presets() {
        return new Presets(Optional.of(dataDir()));
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("hitl-midi: " + ex.getMessage());
            e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter e = c.getErr();
            if (main.debug) {
                ex.printStackTrace(e);
            }
            e.println("hitl-midi: " + ex.getMessage());
            e.flush();
            if (ex instanceof IllegalArgumentException) {
                return USAGE;
            }
            if (ex instanceof StoreException || ex instanceof RaterException || ex instanceof SmfException
                    || ex instanceof java.io.IOException) {
                return FAILED;
            }
            if (!main.debug) {
                e.println("(an unexpected " + ex.getClass().getSimpleName() + "; run with --debug for details)");
            }
            return FAILED;
        });
        return cl.execute(args);
    }
}
