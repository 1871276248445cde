package org.hitlmidi.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * `bench` in the shipped jar: the benchmarks need JMH and a JACK test server, which the jar does not ship (issue
 * 12), so they are built from a source checkout (src/test/java: {@code Benchmarks}, {@code TimingCommand}) and run
 * by {@code installer/hitl-midi bench ...}. When they are on the class path, {@link Main} puts them in this
 * command's place; otherwise this one says where they are.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Benchmarks: the paper learner's Q-updates per second (JMH), `bench timing` MIDI timing through "
                + "JACK. Not in the packaged jar: from a source checkout run ./installer/hitl-midi bench ...")
public final class BenchCommand implements Callable<Integer> {
    /** The benchmarks' command, on the class path of a source checkout's test classes. */
    static final String REAL = "org.hitlmidi.cli.Benchmarks";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    List<String> rest;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("hitl-midi: the benchmarks are not in this jar (they need JMH and a JACK "
                + "test server, which it does not ship); from a source checkout run ./installer/hitl-midi bench ...");
        return Main.USAGE;
    }

    /** The real `bench` command when its classes are on the class path (tests, installer/hitl-midi bench). */
    static Optional<Object> real() {
        try {
            return Optional.of(Class.forName(REAL).getDeclaredConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + REAL, e);
        }
    }
}
