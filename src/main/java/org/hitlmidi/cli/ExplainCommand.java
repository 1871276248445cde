package org.hitlmidi.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.hitlmidi.learn.Explanation;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.Feedback;
import org.hitlmidi.store.SqliteStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "What the learner believes a profile's listener likes: it is rebuilt from the profile's stored "
                + "ratings (undone ones left out), then shows its strongest beliefs (descriptors and the rating points "
                + "they are worth, or top Q-values) and how many parameters and states it knows.")
public final class ExplainCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = Profile.DEFAULT,
            description = "Profile to explain. Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--learner", paramLabel = "PRESET",
            description = "Rebuild this learner from the ratings instead of the profile's own.")
    String learner;

    @Option(names = "--top", defaultValue = "8", description = "Beliefs to show. Default: ${DEFAULT-VALUE}.")
    int top;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new IllegalArgumentException("--top " + top + " must be at least 1");
        }
        try (SqliteStore s = SqliteStore.openIn(main.dataDir())) {
            Profile p = s.profile(profile).orElseThrow(() -> new IllegalArgumentException("no profile named '"
                    + profile + "'; see 'hitl-midi profile list'"));
            String name = learner != null ? learner : p.learner();
            Learner l = Learners.build(main.presets().load(org.hitlmidi.learn.LearnerConfig.KIND, name),
                    new Edits(EditRules.PAPER.withKit(p.params().kit())), p.params());
            Feedback.replay(s.feedback(p.id()), l);
            l.params(p.params());
            spec.commandLine().getOut().print("profile '" + p.name() + "': " + format(l.explain(top)));
        }
        return 0;
    }

    static String format(Explanation e) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "learner %s (%s): %d ratings learned, %d parameters, %d %s known%n",
                e.learner(), e.kind(), e.ratings(), e.parameters(), e.states(),
                e.kind().equals("tabular-q") ? "states" : "rated tracks"));
        if (e.beliefs().isEmpty()) {
            b.append("  nothing learned yet\n");
        }
        int k = 1;
        for (Explanation.Belief x : e.beliefs()) {
            b.append(String.format(Locale.ROOT, "  %2d. %s%n", k++, x.detail()));
        }
        return b.toString();
    }
}
