package org.hitlmidi.service;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a user's environment the service files depend on: the home folder, XDG_CONFIG_HOME and the
 * PATH where systemctl or launchctl are looked up. Passed in, so tests run against a temporary home.
 */
public record UserEnv(Path home, Optional<Path> xdgConfigHome, List<Path> path) {
    public UserEnv {
        path = List.copyOf(path);
    }

    public static UserEnv of(Map<String, String> env, String userHome) {
        String home = env.getOrDefault("HOME", userHome);
        String xdg = env.get("XDG_CONFIG_HOME");
        List<Path> dirs = new ArrayList<>();
        for (String d : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isBlank()) {
                dirs.add(Path.of(d));
            }
        }
        // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored
        return new UserEnv(Path.of(home), Optional.ofNullable(xdg).filter(x -> !x.isBlank()).map(Path::of)
                .filter(Path::isAbsolute), dirs);
    }

    public static UserEnv current() {
        return of(System.getenv(), System.getProperty("user.home"));
    }

    /** An executable of that name on the PATH, if any. */
    public Optional<Path> which(String program) {
        for (Path d : path) {
            Path p = d.resolve(program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
