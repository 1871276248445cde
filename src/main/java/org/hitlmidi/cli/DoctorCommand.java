package org.hitlmidi.cli;

import java.util.concurrent.Callable;
import org.hitlmidi.store.Doctor;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Check a data dir's store without changing it (read-only): SQLite's integrity check, the schema, "
                + "every profile's rows (an unreadable one is named by table and id), sessions, and whether others may "
                + "read the files. Exit code 1 when it found a problem.")
public final class DoctorCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Doctor.Report r = Doctor.check(main.dataDir());
        var out = spec.commandLine().getOut();
        r.lines().forEach(out::println);
        out.println(r.ok() ? "no problems found" : r.problems() + (r.problems() == 1 ? " problem" : " problems") + " found");
        return r.ok() ? 0 : Main.FAILED;
    }
}
