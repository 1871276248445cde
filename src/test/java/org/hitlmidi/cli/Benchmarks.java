package org.hitlmidi.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hitlmidi.sim.Bench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {TimingCommand.class, HistoryBenchCommand.class, IdleBenchCommand.class},
        description = "Measure the paper learner: Q-updates per second on one core (JMH) and heap bytes per "
                + "Q-table entry. Prints JSON. `bench timing` measures MIDI timing through JACK instead; `bench history` a "
                + "device on a long rating history, `bench idle` an idle device's CPU.")
public final class Benchmarks implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--forks", defaultValue = "1", description = "JMH forks. Default: ${DEFAULT-VALUE}.")
    int forks;

    @Option(names = "--iterations", defaultValue = "5", description = "Measured iterations. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--seconds", defaultValue = "1", description = "Seconds per iteration. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON to a file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (forks < 0 || iterations < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("--forks must be >= 0, --iterations >= 1 and --seconds > 0");
        }
        String text = Bench.learner(forks, iterations, seconds).toPrettyString();
        spec.commandLine().getOut().println(text);
        if (json != null) {
            SimulateCommand.writeJson(json, text);
        }
        return 0;
    }
}
