package org.hitlmidi.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Pitches;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Named profiles (a user, or a project): each has its learner, its parameters and its ratings.",
        subcommands = {ProfileCommand.ListCmd.class, ProfileCommand.Create.class, ProfileCommand.Export.class,
                ProfileCommand.Import.class, ProfileCommand.Delete.class})
public final class ProfileCommand implements Runnable {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    SqliteStore store() {
        SqliteStore s = SqliteStore.openIn(main.dataDir());
        s.onSkippedRow(w -> spec.commandLine().getErr().println("hitl-midi: warning: " + w));
        return s;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List profiles with their ratings.")
    static final class ListCmd implements Callable<Integer> {
        @CommandLine.ParentCommand
        ProfileCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (SqliteStore s = parent.store()) {
                if (s.profiles().isEmpty()) {
                    out.println("no profiles yet in " + s.file() + " (create one with 'hitl-midi profile create NAME')");
                }
                for (Profile p : s.profiles()) {
                    TrackParams t = p.params();
                    out.printf("%-20s learner=%-12s ratings=%-5d %s %s, %d notes, %.0f BPM%n", p.name(), p.learner(),
                            readableRatings(s, p), Pitches.name(t.baseNote()), t.scale().id(), t.length(),
                            t.tempo());
                }
            }
            return 0;
        }
    }

    /** The ratings of a profile that are not undone and can be read, streamed (a long history is never held). */
    static long readableRatings(SqliteStore s, Profile p) {
        long[] n = {0};
        s.replay(p.id(), 0, Long.MAX_VALUE, f -> {
            if (f instanceof org.hitlmidi.store.RatingRecord r && !r.undone()) {
                n[0]++;
            }
        });
        return n[0];
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a profile.")
    static final class Create implements Callable<Integer> {
        @CommandLine.ParentCommand
        ProfileCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--learner", defaultValue = Learners.DEFAULT, description = "Learner preset (paper for the "
                + "paper's own). Default: ${DEFAULT-VALUE}.")
        String learner;

        @CommandLine.Mixin
        TrackOptionsMixin track;

        @Override
        public Integer call() {
            Profile.checkName(name);
            var presets = parent.main.presets();
            TrackParams p = track.options.apply(TrackParams.defaults(), presets);
            Learners.build(presets.load(org.hitlmidi.learn.LearnerConfig.KIND, learner), new Edits(EditRules.PAPER.withKit(p.kit())), p);
            try (SqliteStore s = parent.store()) {
                Profile created = s.createProfile(name, learner, p);
                spec.commandLine().getOut().println("created profile '" + created.name() + "' (learner " + learner + ")");
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a profile with all its ratings as JSON (to stdout, or -o FILE).")
    static final class Export implements Callable<Integer> {
        @CommandLine.ParentCommand
        ProfileCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE")
        Path out;

        @Override
        public Integer call() throws Exception {
            try (SqliteStore s = parent.store()) {
                // streamed, row by row: a long history is never held whole
                if (out == null) {
                    PrintWriter w = spec.commandLine().getOut();
                    s.exportProfile(name, w);
                    w.println();
                    w.flush();
                } else {
                    Path abs = out.toAbsolutePath();
                    if (abs.getParent() != null) {
                        Files.createDirectories(abs.getParent());
                    }
                    try (java.io.Writer w = Files.newBufferedWriter(abs)) {
                        s.exportProfile(name, w);
                        w.write("\n");
                    }
                    spec.commandLine().getOut().println("exported profile '" + name + "' to " + out);
                }
            }
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Import a profile exported as JSON.")
    static final class Import implements Callable<Integer> {
        @CommandLine.ParentCommand
        ProfileCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--name", description = "Import under this name instead of the exported one.")
        String name;

        @Override
        public Integer call() throws Exception {
            // streamed, one rating at a time, in one transaction: a long history is never held whole
            try (java.io.Reader in = Files.newBufferedReader(file);
                 SqliteStore s = parent.store()) {
                Profile p = s.importProfile(in, Optional.ofNullable(name));
                spec.commandLine().getOut().println("imported profile '" + p.name() + "' with "
                        + s.ratingCount(p.id(), true) + " ratings");
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a profile and all its ratings.")
    static final class Delete implements Callable<Integer> {
        @CommandLine.ParentCommand
        ProfileCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws java.io.IOException {
            // the data dir's lock, held while deleting: a running device's profile is never pulled from under it,
            // and no device starts on a profile half deleted
            try (var lock = org.hitlmidi.device.DeviceLock.acquire(parent.main.dataDir());
                 SqliteStore s = parent.store()) {
                s.deleteProfile(name);
            } catch (org.hitlmidi.device.DeviceLock.DeviceLockedException e) {
                throw new org.hitlmidi.device.DeviceLock.DeviceLockedException("cannot delete profile '" + name
                        + "' while a device runs on this data dir (" + e.getMessage() + "); 'hitl-midi stop' it "
                        + "first, then delete");
            }
            spec.commandLine().getOut().println("deleted profile '" + name + "'");
            return 0;
        }
    }
}
