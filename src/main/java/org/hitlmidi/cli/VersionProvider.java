package org.hitlmidi.cli;

import org.hitlmidi.Version;
import picocli.CommandLine;

/** picocli's --version: the build's version and the Java it runs on. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    public static String version() {
        return Version.current();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hitl-midi " + version() + " (Java " + System.getProperty("java.version") + ")"};
    }
}
