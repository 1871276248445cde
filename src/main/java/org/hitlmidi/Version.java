package org.hitlmidi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version from the build (version.properties is filtered by Maven). */
public final class Version {
    private Version() {
    }

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("/org/hitlmidi/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
