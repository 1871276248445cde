package org.hitlmidi.preset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds presets by kind ("learners", "styles", "controllers", "raters") and name. A user's own presets in
 * {@code <data dir>/presets/<kind>/} come first, then the built-in ones shipped in the jar.
 *
 * <p>Names are not paths: the device's presets ({@link #namesOnly}) take names alone, so a client cannot make it read
 * a FIFO, {@code /dev/zero} or another file of the user's. Where a file argument is allowed (the CLI's own commands),
 * a name that contains a slash or ends in .json is read as a file, which must be a regular file of at most
 * {@link #MAX_FILE_BYTES}; a remote command puts such a file among the user's presets first ({@link #install}) and
 * sends the device its name.
 */
public final class Presets {
    /** No preset of ours comes near this; a bigger file is refused before a byte of it is read. */
    public static final int MAX_FILE_BYTES = 256 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Optional<Path> userDir;
    private final boolean files;

    /** Names, and files where a name looks like a path: for the CLI's own commands. */
    public Presets(Optional<Path> dataDir) {
        this(dataDir, true);
    }

    private Presets(Optional<Path> dataDir, boolean files) {
        this.userDir = dataDir.map(d -> d.resolve("presets"));
        this.files = files;
    }

    /** Names only, resolved inside the preset folders: what the device, driven by clients, uses. */
    public static Presets namesOnly(Path dataDir) {
        return new Presets(Optional.of(dataDir), false);
    }

    public static Presets builtInOnly() {
        return new Presets(Optional.empty());
    }

    /** True when {@code arg} is read as a file (where files are taken) rather than looked up as a name. */
    public static boolean looksLikeFile(String arg) {
        return arg.endsWith(".json") || arg.contains("/") || arg.contains("\\");
    }

    /**
     * Puts a preset file among the user's presets of {@code kind} (after checking it, as {@link #load} would) and
     * returns its name, for a command that hands a file to the device: the device then reads only its own folder.
     * An identical preset there is kept; a different one of that name is refused, untouched.
     */
    public String install(PresetKind<?> kind, Path file) {
        return install(kind.folder(), file, p -> Configs.bind(p, kind));
    }

    private String install(String kind, Path file, java.util.function.Consumer<Preset> check) {
        if (userDir.isEmpty()) {
            throw new PresetException("no data dir to keep " + file + " in");
        }
        byte[] bytes = readFile(file);
        Preset p = parse(file.toString(), bytes);
        check.accept(p);
        String base = file.getFileName().toString();
        String name = base.endsWith(".json") ? base.substring(0, base.length() - 5) : base;
        if (!NAME.matcher(name).matches()) {
            throw new PresetException("the file name '" + base + "' is not a preset name (1 to 64 letters, digits, '.',"
                    + " '_', '-'); rename the file");
        }
        Path dir = userDir.get().resolve(kind);
        Path target = dir.resolve(name + ".json");
        try {
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (java.util.Arrays.equals(readFile(target), bytes)) {
                    return name;
                }
                throw new PresetException("a " + kind + " preset named '" + name + "' exists already (" + target
                        + "), and differs from " + file + "; rename the file, or use that name");
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".install-", ".json.tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new PresetException("cannot keep " + file + " as " + target + ": " + e.getMessage(), e);
        }
        return name;
    }

    /**
     * Finds and reads a preset of {@code kind} and binds it to the kind's config record ({@link Configs#bind}): the
     * record, or a {@link PresetException} naming the file and the field.
     */
    public <T> T load(PresetKind<T> kind, String name) {
        return Configs.bind(file(kind.folder(), name), kind);
    }

    /** Finds and reads a preset file of a kind as JSON, unchecked (for what must see its text: a learner's hash). */
    public Preset file(String kind, String name) {
        return find(kind, name);
    }


    private Preset find(String kind, String name) {
        if (looksLikeFile(name)) {
            if (!files) {
                throw new PresetException("'" + name + "' is not a " + kind + " preset name: the device takes names of"
                        + " presets (in " + userDir.map(d -> d.resolve(kind) + " or").orElse("") + " the built-in ones),"
                        + " not paths; the hitl-midi command line puts a .json file there for you");
            }
            return read(Path.of(name));
        }
        if (!NAME.matcher(name).matches()) {
            throw new PresetException("preset name '" + name + "' may hold only letters, digits, '.', '_' and '-'"
                    + " (1 to 64 of them)");
        }
        if (userDir.isPresent()) {
            Path p = userDir.get().resolve(kind).resolve(name + ".json");
            if (Files.isRegularFile(p)) {
                return read(p);
            }
        }
        String res = "/presets/" + kind + "/" + name + ".json";
        try (InputStream in = Presets.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new PresetException("no " + kind + " preset named '" + name + "'; known: " + String.join(", ", names(kind)));
            }
            return parse("built-in:" + kind + "/" + name + ".json", in.readAllBytes());
        } catch (IOException e) {
            throw new PresetException("cannot read built-in preset " + res + ": " + e.getMessage(), e);
        }
    }

    public static Preset read(Path file) {
        return parse(file.toString(), readFile(file));
    }

    /**
     * A preset file's bytes: a regular file (a FIFO would block, {@code /dev/zero} never ends) of at most
     * {@link #MAX_FILE_BYTES}, checked before reading, and never more read than that.
     */
    static byte[] readFile(Path file) {
        try {
            var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                throw new PresetException(file + " is not a regular file" + (a.isDirectory() ? " (a folder)" : "")
                        + "; a preset is a .json file");
            }
            if (a.size() > MAX_FILE_BYTES) {
                throw new PresetException(file + " has " + a.size() + " bytes; a preset may have at most "
                        + MAX_FILE_BYTES);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] b = in.readNBytes(MAX_FILE_BYTES + 1);
                if (b.length > MAX_FILE_BYTES) {
                    throw new PresetException(file + " grew past " + MAX_FILE_BYTES + " bytes while being read");
                }
                return b;
            }
        } catch (IOException e) {
            throw new PresetException("cannot read preset file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Preset parse(String source, byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new PresetException(source + ": a preset must be one JSON object");
            }
            return new Preset(source, n);
        } catch (JsonProcessingException e) {
            // the location only: Jackson's message quotes the file's text, which a preset path must not leak
            throw new PresetException(source + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")", e);
        } catch (IOException e) {
            throw new PresetException(source + ": " + e.getMessage(), e);
        }
    }

    /** Names of the presets of a kind: built-in and the user's. */
    public List<String> names(String kind) {
        TreeSet<String> out = new TreeSet<>(builtInNames(kind));
        userDir.map(d -> d.resolve(kind)).filter(Files::isDirectory).ifPresent(d -> {
            try (Stream<Path> s = Files.list(d)) {
                s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".json"))
                        .forEach(f -> out.add(f.substring(0, f.length() - 5)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new ArrayList<>(out);
    }

    /** Built-in names come from presets/index.txt, written at build time; the jar has no directory listing. */
    public static List<String> builtInNames(String kind) {
        List<String> out = new ArrayList<>();
        try (InputStream in = Presets.class.getResourceAsStream("/presets/index.txt")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.startsWith(kind + "/") && l.endsWith(".json")) {
                    out.add(l.substring(kind.length() + 1, l.length() - 5));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
