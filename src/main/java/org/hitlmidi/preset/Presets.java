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
 * {@code <data dir>/presets/<kind>/} come first, then the built-in ones shipped in the jar. A name that
 * contains a slash or ends in .json is read as a file path.
 */
public final class Presets {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Optional<Path> userDir;

    public Presets(Optional<Path> dataDir) {
        this.userDir = dataDir.map(d -> d.resolve("presets"));
    }

    public static Presets builtInOnly() {
        return new Presets(Optional.empty());
    }

    /** Finds and reads a preset, then checks it against the schema of its kind (see {@link Schema#forKind}). */
    public Preset load(String kind, String name) {
        Preset p = find(kind, name);
        Schema.forKind(kind).ifPresent(s -> s.validate(p));
        return p;
    }

    private Preset find(String kind, String name) {
        if (name.endsWith(".json") || name.contains("/") || name.contains("\\")) {
            return read(Path.of(name));
        }
        if (!NAME.matcher(name).matches()) {
            throw new PresetException("preset name '" + name + "' may hold only letters, digits, '.', '_' and '-'");
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
        try {
            return parse(file.toString(), Files.readAllBytes(file));
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
            throw new PresetException(source + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage() + ")", e);
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
