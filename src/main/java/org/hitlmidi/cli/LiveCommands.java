package org.hitlmidi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

/** The live performance's commands (issue 15): a variant now, a fresh track, scenes. */
final class LiveCommands {
    private LiveCommands() {
    }

    /** One line for a change's reply: what it did, and to which track. */
    static String changed(ObjectNode r) {
        return r.path("change").asText() + ": " + (r.path("material").asBoolean()
                ? "new track " + r.path("trackId").asLong() + " (episode " + r.path("episode").asInt() + ")"
                : "feel only, track " + r.path("trackId").asLong() + " goes on");
    }

    @Command(name = "variation", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "The learner proposes a close variant of the track that plays; it plays at once.")
    static final class Variation extends SessionCommands.RemoteCommand {
        @Override
        public Integer call() throws Exception {
            ObjectNode r = call("variation", null);
            print(r, changed(r));
            return 0;
        }
    }

    @Command(name = "regenerate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "A fresh track in the style (a new episode); it plays at once.")
    static final class Regenerate extends SessionCommands.RemoteCommand {
        @Override
        public Integer call() throws Exception {
            ObjectNode r = call("regenerate", null);
            print(r, changed(r));
            return 0;
        }
    }
}
