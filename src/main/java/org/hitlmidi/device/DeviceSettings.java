package org.hitlmidi.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The device's choices that outlive a run (the controller mapping, the clock mode): chosen by an option or a
 * request, used again at the next start (a service starts the device with no options). One small JSON file in
 * the data dir, replaced atomically, so a crash leaves the old choices or the new ones. Not per profile: they
 * belong to the studio, not to a listener.
 */
final class DeviceSettings {
    static final String FILE = "device-settings.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Consumer<String> log;

    DeviceSettings(Path dataDir, Consumer<String> log) {
        this.file = dataDir.resolve(FILE);
        this.log = log;
    }

    /** A remembered text setting; a missing or unreadable file (said in the log) remembers nothing. */
    synchronized Optional<String> get(String key) {
        JsonNode v = read().get(key);
        return v != null && v.isTextual() && !v.textValue().isBlank() ? Optional.of(v.textValue()) : Optional.empty();
    }

    synchronized void put(String key, String value) {
        ObjectNode o = read();
        if (value.equals(o.path(key).asText(null))) {
            return;
        }
        o.put(key, value);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".settings-", ".tmp");
            try {
                Files.writeString(tmp, o.toPrettyString() + "\n");
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            log.accept(key + " '" + value + "' is used but not remembered for the next start: " + e.getMessage());
        }
    }

    private ObjectNode read() {
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            if (n instanceof ObjectNode o) {
                return o;
            }
            log.accept(file + " is not a JSON object: its settings are not used");
        } catch (NoSuchFileException e) {
            // nothing chosen yet
        } catch (IOException e) {
            log.accept("cannot read " + file + " (" + e.getMessage() + "): its settings are not used");
        }
        return JSON.createObjectNode();
    }
}
