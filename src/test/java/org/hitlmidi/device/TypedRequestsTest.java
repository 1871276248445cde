package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.DeviceClient;
import org.hitlmidi.control.DeviceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed requests ({@link DeviceRequest}, encoded by {@link DeviceClient}) and the server's command table agree:
 * one record per command, and each record, with every component set, encodes to exactly that command's fields.
 * Then a few of them go to a running device through the socket and are answered.
 */
class TypedRequestsTest {
    @TempDir
    java.nio.file.Path dir;

    /** Every permitted record, each component set to a sample of its type. */
    private static List<DeviceRequest<?>> everyRequestFilledIn() throws Exception {
        List<DeviceRequest<?>> out = new ArrayList<>();
        for (Class<?> c : DeviceRequest.class.getPermittedSubclasses()) {
            RecordComponent[] rc = c.getRecordComponents();
            Object[] args = new Object[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                args[i] = sample(types[i]);
            }
            out.add((DeviceRequest<?>) c.getDeclaredConstructor(types).newInstance(args));
        }
        return out;
    }

    private static Object sample(Class<?> t) {
        if (t == int.class || t == Integer.class) {
            return 5;
        }
        if (t == Long.class) {
            return 1L;
        }
        if (t == Boolean.class) {
            return true;
        }
        if (t == String.class) {
            return "x";
        }
        if (t == org.hitlmidi.control.ParamSet.class) {
            return org.hitlmidi.control.ParamSet.none().tempo(100);
        }
        if (t == Map.class) {
            return Map.of("melody", 5);
        }
        if (t == List.class) {
            return List.of("rating_stored");
        }
        throw new AssertionError("no sample for " + t + ": add one");
    }

    @Test
    void theTypedRequestsAndTheServersCommandTableNameTheSameCommandsAndFields() throws Exception {
        List<CommandTable.Command> table;
        try (DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"),
                false, "default", "synth", Optional.empty(), OptionalLong.of(1), false, null), PortOutputs::open)) {
            table = r.device().commands();
        }
        Map<String, Set<String>> server = new LinkedHashMap<>();
        table.forEach(c -> server.put(c.name(), new TreeSet<>(c.fields())));
        Map<String, Set<String>> typed = new LinkedHashMap<>();
        for (DeviceRequest<?> q : everyRequestFilledIn()) {
            ObjectNode wire = DeviceClient.encode(q);
            String cmd = wire.path("cmd").asText();
            assertThat(cmd).as("the discriminator of %s", q.getClass().getSimpleName()).isNotEmpty();
            Set<String> fields = new TreeSet<>();
            wire.fieldNames().forEachRemaining(fields::add);
            fields.remove("cmd");
            assertThat(typed.put(cmd, fields)).as("two records for %s", cmd).isNull();
        }
        assertThat(typed.keySet()).containsExactlyInAnyOrderElementsOf(server.keySet());
        server.forEach((cmd, fields) -> assertThat(typed.get(cmd)).as("fields of %s", cmd).isEqualTo(fields));
        // a field left null is not sent: the device's default applies
        assertThat(DeviceClient.encode(DeviceRequest.Rate.of(7)).toString()).isEqualTo("{\"cmd\":\"rate\",\"overall\":7}");
    }

    @Test
    void aRunningDeviceAnswersTypedRequests() throws Exception {
        try (DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"),
                false, "default", "synth", Optional.empty(), OptionalLong.of(1), false, null), PortOutputs::open);
             DeviceClient c = DeviceClient.connect(dir.resolve("c.sock"))) {
            long track = c.call(new DeviceRequest.Status()).track().trackId();
            var rated = c.call(new DeviceRequest.Rate(7, null, 4, null, null, track, "typed", null));
            assertThat(rated.trackId()).isEqualTo(track);
            assertThat(rated.rating().novelty()).isEqualTo(4);
            assertThat(c.call(new DeviceRequest.Undo()).ratingId()).isEqualTo(rated.ratingId());
            assertThat(c.call(new DeviceRequest.History(5)).undone()).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.call(new DeviceRequest.Undo()))
                    .isInstanceOf(ControlException.class).hasMessageContaining("nothing to undo");
        }
    }
}
