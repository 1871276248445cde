package org.hitlmidi.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProtocolTest {
    private static Request decode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Protocol.decode(b, b.length);
    }

    private static ControlException error(byte[] b) {
        try {
            Protocol.decode(b, b.length);
        } catch (ControlException e) {
            return e;
        }
        throw new AssertionError("no error for " + new String(b, StandardCharsets.UTF_8));
    }

    private static ControlException error(String s) {
        return error(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestKeepsItsIdCommandAndFields() {
        Request r = decode("{\"id\":[1,\"a\"],\"cmd\":\"rate\",\"overall\":8,\"musicality\":7}\r");
        assertThat(r.cmd()).isEqualTo("rate");
        assertThat(r.id().toString()).isEqualTo("[1,\"a\"]");
        assertThat(r.integer("overall", 1, 10)).isEqualTo(8);
        assertThat(r.optInteger("novelty", 1, 10)).isEmpty();
    }

    @Test
    void eachKindOfBadLineHasItsCode() {
        assertThat(error("not json").code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(error("[1,2]").code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(error("").code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(error("{\"cmd\":\"status\"} {\"cmd\":\"status\"}").code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(error("{\"cmd\":\"status\",\"cmd\":\"stop\"}").code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(error(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}).getMessage()).contains("UTF-8");
        assertThat(error("{\"id\":5}").code()).isEqualTo(ErrorCode.BAD_VALUE);
        assertThat(error("{\"cmd\":7}").code()).isEqualTo(ErrorCode.BAD_VALUE);
        ControlException unknown = error("{\"id\":\"x\",\"cmd\":\"fly\"}");
        assertThat(unknown.code()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        assertThat(Protocol.idOf(unknown).asText()).isEqualTo("x");
        assertThat(unknown.getMessage()).contains("fly").contains("rate");
    }

    @Test
    void fieldAccessorsRefuseWrongTypesAndRangesNamingTheField() {
        Request r = decode("{\"cmd\":\"rate\",\"overall\":\"8\",\"a\":11,\"b\":7.5,\"c\":\"x\",\"d\":1,\"e\":[]}");
        assertThatThrownBy(() -> r.integer("overall", 1, 10)).hasMessageContaining("overall").isInstanceOf(
                ControlException.class);
        assertThatThrownBy(() -> r.integer("a", 1, 10)).hasMessageContaining("a 11 outside 1..10");
        assertThatThrownBy(() -> r.integer("b", 1, 10)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> r.integer("missing", 1, 10)).hasMessageContaining("missing");
        assertThatThrownBy(() -> r.bool("c", true)).hasMessageContaining("true or false");
        assertThatThrownBy(() -> r.optText("d")).hasMessageContaining("text");
        assertThatThrownBy(() -> r.optObject("e")).hasMessageContaining("object");
        assertThat(r.bool("absent", true)).isTrue();
    }

    @Test
    void repliesAndEventsRoundTrip() {
        ObjectNode body = Protocol.nodes().objectNode().put("ratingId", 42);
        ObjectNode ok = Protocol.parseReply(new String(Protocol.encode(Protocol.ok(Protocol.nodes().numberNode(3), body)),
                StandardCharsets.UTF_8).strip());
        assertThat(ok.toString()).isEqualTo("{\"id\":3,\"ok\":true,\"ratingId\":42}");
        ObjectNode err = Protocol.error(null, ErrorCode.STALE, "old");
        assertThat(Protocol.parseReply(new String(Protocol.encode(err), StandardCharsets.UTF_8)).toString())
                .isEqualTo("{\"ok\":false,\"error\":{\"code\":\"stale\",\"message\":\"old\"}}");
        assertThat(ErrorCode.of("stale")).isEqualTo(ErrorCode.STALE);
        assertThat(ErrorCode.of("from-the-future")).isEqualTo(ErrorCode.FAILED);
        byte[] line = Protocol.encode(Protocol.event("cc", body));
        assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("{\"event\":\"cc\",\"ratingId\":42}\n");
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButAControlError() {
        SplittableRandom rng = new SplittableRandom(7);
        String[] pieces = {"{", "}", "\"cmd\"", ":", "\"rate\"", ",", "\"overall\"", "8", "[", "]", "null", "\"id\"",
            "\\u0000", "\u00e9", "1e999", "-0", "true"};
        for (int i = 0; i < 20_000; i++) {
            byte[] b;
            if (rng.nextBoolean()) {
                b = new byte[rng.nextInt(40)];
                rng.nextBytes(b);
            } else {
                StringBuilder s = new StringBuilder();
                for (int k = rng.nextInt(12); k > 0; k--) {
                    s.append(pieces[rng.nextInt(pieces.length)]);
                }
                b = s.toString().getBytes(StandardCharsets.UTF_8);
            }
            try {
                Request r = Protocol.decode(b, b.length);
                assertThat(Protocol.COMMANDS).contains(r.cmd());
            } catch (ControlException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }
}
