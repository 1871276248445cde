package org.hitlmidi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hitlmidi.device.HeadlessSession;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.learn.LearnerConfig;
import org.hitlmidi.sim.RaterConfig;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.sim.ExternalRater;
import org.hitlmidi.sim.Plot;
import org.hitlmidi.sim.ProfileRater;
import org.hitlmidi.sim.RaterFactory;
import org.hitlmidi.sim.Simulation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Run a learner against a simulated listener, no ports needed. Prints a one-line summary; "
                + "--json writes every rating and the summary.")
public final class SimulateCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--learner", paramLabel = "PRESET", split = ",", defaultValue = Learners.DEFAULT,
            description = "Learner preset name or .json file; several (repeated or comma-separated) run one after "
                    + "the other on the same seeds. Default: ${DEFAULT-VALUE} (paper: the paper's own).")
    List<String> learners;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw rating against episode (mean over seeds "
            + "with a band of one sd) for every learner run into a PNG.")
    Path plot;

    @Option(names = "--explain", description = "Print what each learner believed at the end of the first seed.")
    boolean explain;

    @CommandLine.ArgGroup(exclusive = true)
    RaterChoice rater = new RaterChoice();

    static final class RaterChoice {
        @Option(names = "--rater", paramLabel = "builtin:NAME", description = "A built-in listener: builtin:NAME with "
                + "NAME a rater profile (stepwise-singer, groove-drummer, ...). Default builtin:stepwise-singer.")
        String builtin;

        @Option(names = "--rater-cmd", paramLabel = "COMMAND", description = "A listener process: reads one .mid path "
                + "per line on stdin, answers one rating line ('7 musicality=6 ...') per path on stdout.")
        String command;
    }

    @Option(names = "--episodes", defaultValue = "300", description = "Ratings per seed. Default: ${DEFAULT-VALUE}.")
    int episodes;

    @Option(names = "--seeds", defaultValue = "10", description = "Independent runs. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--seed", defaultValue = "1", description = "First seed; seed k uses seed+k. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--target", defaultValue = "8", description = "Rating whose 5-rating mean counts as reached. "
            + "Default: ${DEFAULT-VALUE}.")
    double target;

    @Option(names = "--jobs", description = "Seeds run at once. Default: the number of cores.")
    Integer jobs;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Longest wait for one rating from --rater-cmd. Default: ${DEFAULT-VALUE}.")
    double timeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the full result as JSON.")
    Path json;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @CommandLine.Mixin
    TrackOptionsMixin track;

    @Override
    public Integer call() throws Exception {
        Presets presets = main.presets();
        TrackParams params = track.options.apply(TrackParams.defaults(), presets);
        Edits edits = new Edits(EditRules.PAPER.withKit(params.kit()));
        List<String> names = new ArrayList<>();
        for (String l : learners) {
            LearnerConfig lp = presets.load(LearnerConfig.KIND, l);
            Learners.build(lp, edits, params); // fail on a bad preset before any rater starts
            names.add(lp.name());
        }
        RaterFactory raters;
        String raterName;
        if (rater.command != null) {
            if (!(timeout > 0)) {
                throw new IllegalArgumentException("--timeout " + timeout + " must be above 0 seconds");
            }
            Duration t = Duration.ofMillis((long) (timeout * 1000));
            raters = s -> new ExternalRater(rater.command, t);
            raterName = rater.command;
        } else {
            String b = rater.builtin == null ? "builtin:stepwise-singer" : rater.builtin;
            if (!b.startsWith("builtin:")) {
                throw new IllegalArgumentException("--rater '" + b + "' must be builtin:NAME (or use --rater-cmd); "
                        + "known: " + presets.names("raters"));
            }
            RaterConfig profile = presets.load(RaterConfig.KIND, b.substring("builtin:".length())); // checked now
            new ProfileRater(profile, 0).close();
            raters = s -> new ProfileRater(profile, s);
            raterName = b;
        }
        int j = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        int total = episodes * seeds;
        List<Simulation.Result> results = new ArrayList<>();
        for (int i = 0; i < learners.size(); i++) {
            String l = learners.get(i);
            // each seed on the device's own session core, in a throwaway store
            Simulation.Config c = new Simulation.Config(names.get(i), s -> HeadlessSession.open(presets, l, params, s),
                    raters, raterName, params, episodes, seeds, target, seed, j);
            Simulation.Result r = Simulation.run(c, done -> {
                if (!quiet && (done == total || done % Math.max(1, total / 100) == 0)) {
                    progress(err, done, total);
                }
            });
            if (!quiet) {
                err.println();
            }
            results.add(r);
            out.println(r.summaryLine());
            if (explain) {
                out.print(ExplainCommand.format(r.runs().get(0).explanation()));
            }
            out.flush();
        }
        if (json != null) {
            if (results.size() == 1) {
                writeJson(json, results.get(0).toJson().toPrettyString());
            } else {
                var all = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                var arr = all.putArray("results");
                results.forEach(r -> arr.add(r.toJson()));
                writeJson(json, all.toPrettyString());
            }
        }
        if (plot != null) {
            List<Plot.Series> series = new ArrayList<>();
            results.forEach(r -> series.add(Plot.of(r.config().learnerName(), r)));
            String who = rater.command != null ? lastWord(rater.command) : raterName;
            Plot.write(series, "rating vs episode: " + who + ", " + seeds + " seeds", target, plot);
        }
        return 0;
    }

    /** The profile name of a rater command ("... rater.py path/stepwise-singer.json" -> stepwise-singer). */
    static String lastWord(String command) {
        String[] parts = command.strip().split("\\s+");
        String last = parts[parts.length - 1];
        last = last.substring(Math.max(last.lastIndexOf('/'), last.lastIndexOf('\\')) + 1);
        return last.endsWith(".json") ? last.substring(0, last.length() - 5) : last;
    }

    static synchronized void progress(PrintWriter err, int done, int total) {
        int width = 40;
        int filled = (int) ((long) done * width / total);
        err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total + " ratings");
        err.flush();
    }

    static void writeJson(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Files.writeString(abs, text + "\n");
    }
}
