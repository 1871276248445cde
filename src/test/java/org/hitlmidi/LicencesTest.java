package org.hitlmidi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/licences.md lists every library the jar ships, with its version and licence. Maven writes the runtime
 * dependency list to target/runtime-dependencies.txt (maven-dependency-plugin, generate-test-resources); this
 * compares the two, and each row's licence with the one the library's own POM (or its parent's) declares.
 */
class LicencesTest {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]+?) \\| ([^|]+?) \\|");

    @Test
    void theListNamesEveryShippedLibraryWithItsVersion() throws IOException {
        Map<String, String> shipped = runtimeDependencies();
        Map<String, String[]> listed = listed();
        assertThat(shipped).as("target/runtime-dependencies.txt").isNotEmpty();
        assertThat(listed.keySet()).as("docs/licences.md 'Shipped in the jar' against Maven's runtime dependencies")
                .containsExactlyInAnyOrderElementsOf(shipped.keySet());
        shipped.forEach((lib, version) -> assertThat(listed.get(lib)[0]).as("version of %s", lib).isEqualTo(version));
    }

    @Test
    void eachListedLicenceIsTheOneThePomDeclares() throws IOException {
        Map<String, String[]> listed = listed();
        Map<String, String> shipped = runtimeDependencies();
        for (var e : shipped.entrySet()) {
            String[] ga = e.getKey().split(":");
            Set<String> declared = new LinkedHashSet<>();
            for (String name : pomLicences(ga[0], ga[1], e.getValue())) {
                declared.add(spdx(name, e.getKey()));
            }
            assertThat(declared).as("licences declared by the POM of %s", e.getKey()).isNotEmpty();
            for (String id : declared) {
                assertThat(listed.get(e.getKey())[1]).as("licence of %s in docs/licences.md", e.getKey()).contains(id);
            }
        }
    }

    @Test
    void theProjectLicenceIsApacheInThePomTheFileAndTheDebianCopyright() throws IOException {
        Path repo = ExternalTools.repo();
        assertThat(Files.readString(repo.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
        assertThat(Files.readString(repo.resolve("pom.xml"))).contains("<licenses>", "<name>Apache-2.0</name>");
        String copyright = Files.readString(repo.resolve("installer/linux/copyright"));
        assertThat(copyright).startsWith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
                .contains("License: Apache-2.0");
        for (String lib : runtimeDependencies().keySet()) {
            assertThat(copyright).as("installer/linux/copyright names %s", lib).contains(lib.split(":")[1]);
        }
        for (String text : List.of("LGPL-2.1.txt", "GPL-2.0-with-classpath-exception.txt", "EPL-1.0.txt")) {
            assertThat(repo.resolve("licences").resolve(text)).isRegularFile();
        }
    }

    /** group:artifact -> version of every runtime dependency (a classifier such as JavaFX's natives folds in). */
    static Map<String, String> runtimeDependencies() throws IOException {
        Path list = ExternalTools.repo().resolve("target/runtime-dependencies.txt");
        assertThat(list).as("written by maven-dependency-plugin in generate-test-resources: run the test with Maven")
                .isRegularFile();
        Map<String, String> deps = new TreeMap<>();
        for (String line : Files.readAllLines(list)) {
            String s = ANSI.matcher(line).replaceAll("").trim();
            if (s.isEmpty() || !s.contains(":") || s.endsWith(":")) {
                continue;
            }
            String[] p = s.split("\\s+")[0].split(":");
            // group:artifact:type[:classifier]:version:scope
            if (p.length < 5) {
                continue;
            }
            deps.put(p[0] + ":" + p[1], p[p.length - 2]);
        }
        return deps;
    }

    /** group:artifact -> {version, licence} from the table under "## Shipped in the jar". */
    static Map<String, String[]> listed() throws IOException {
        Map<String, String[]> rows = new TreeMap<>();
        boolean in = false;
        for (String line : Files.readAllLines(ExternalTools.repo().resolve("docs/licences.md"))) {
            if (line.startsWith("## ")) {
                in = line.equals("## Shipped in the jar");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (in && m.find()) {
                rows.put(m.group(1), new String[] {m.group(2).trim(), m.group(3).trim()});
            }
        }
        return rows;
    }

    /** The licence names in a library's POM in the local repository, following its parents when it has none. */
    private static List<String> pomLicences(String group, String artifact, String version) {
        Path repoRoot = localRepository();
        for (int depth = 0; depth < 6; depth++) {
            Path pom = repoRoot.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                    .resolve(artifact + "-" + version + ".pom");
            String xml;
            try {
                xml = Files.readString(pom);
            } catch (IOException e) {
                throw new UncheckedIOException("no POM at " + pom, e);
            }
            List<String> names = new ArrayList<>();
            Matcher block = Pattern.compile("<licenses>(.*?)</licenses>", Pattern.DOTALL).matcher(xml);
            if (block.find()) {
                Matcher name = Pattern.compile("<name>(.*?)</name>", Pattern.DOTALL).matcher(block.group(1));
                while (name.find()) {
                    names.add(name.group(1).trim());
                }
                return names;
            }
            Matcher parent = Pattern.compile("<parent>(.*?)</parent>", Pattern.DOTALL).matcher(xml);
            if (!parent.find()) {
                return names;
            }
            group = tag(parent.group(1), "groupId");
            artifact = tag(parent.group(1), "artifactId");
            version = tag(parent.group(1), "version");
        }
        return List.of();
    }

    private static String tag(String xml, String tag) {
        Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">").matcher(xml);
        assertThat(m.find()).as("<%s> in %s", tag, xml).isTrue();
        return m.group(1).trim();
    }

    /** The local Maven repository, from where jackson-databind's jar sits on the test class path. */
    private static Path localRepository() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String marker = "/com/fasterxml/jackson/core/jackson-databind/";
            int at = entry.replace('\\', '/').indexOf(marker);
            if (at > 0) {
                return Path.of(entry.substring(0, at));
            }
        }
        throw new IllegalStateException("jackson-databind is not on the class path: " + System.getProperty("java.class.path"));
    }

    /** A POM's licence name as an SPDX id; a name we do not know fails the test, naming it. */
    private static String spdx(String name, String lib) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("classpath exception") || n.contains("gplv2+ce")) {
            return "GPL-2.0-with-classpath-exception";
        }
        if (n.contains("lesser general public") || n.startsWith("lgpl")) {
            return "LGPL-2.1-or-later";
        }
        if (n.contains("apache")) {
            return "Apache-2.0";
        }
        if (n.contains("eclipse public license") && (n.contains("1.0") || n.contains("v 1"))) {
            return "EPL-1.0";
        }
        if (n.contains("mit license")) {
            return "MIT";
        }
        throw new AssertionError("the POM of " + lib + " names a licence this test does not know: '" + name
                + "': check it fits Apache-2.0, add it to docs/licences.md and to LicencesTest.spdx");
    }
}
