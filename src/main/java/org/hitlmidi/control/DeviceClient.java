package org.hitlmidi.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The device's client for typed requests: a {@link DeviceRequest} is encoded once, here, into the protocol's
 * request line ({@code cmd} and the fields that are set), and sent over a {@link ControlClient}. Replies are still
 * the protocol's JSON objects.
 */
public final class DeviceClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ControlClient client;

    public DeviceClient(ControlClient client) {
        this.client = client;
    }

    public static DeviceClient connect(Path socket) throws IOException {
        return new DeviceClient(ControlClient.connect(socket));
    }

    /** The request as it goes on the wire (without the id the connection adds): {@code cmd} and its fields. */
    public static ObjectNode encode(DeviceRequest request) {
        return JSON.valueToTree(request);
    }

    /** The command name of a request. */
    public static String command(DeviceRequest request) {
        return encode(request).path("cmd").asText();
    }

    public ObjectNode call(DeviceRequest request) throws IOException {
        ObjectNode fields = encode(request);
        String cmd = fields.remove("cmd").asText();
        return client.call(cmd, fields.isEmpty() ? null : fields);
    }

    public ControlClient control() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
