package org.hitlmidi.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    @Test
    void aLineOfExactlyTheLimitIsDecodedAndOneByteMoreIsRefused() {
        String head = "{\"cmd\":\"status\",\"pad\":\"";
        String tail = "\"}";
        byte[] b = (head + "x".repeat(Protocol.MAX_LINE - head.length() - tail.length()) + tail)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(b).hasSize(Protocol.MAX_LINE);
        assertThat(Protocol.decode(b, b.length).cmd()).isEqualTo("status");
        byte[] longer = (head + "x".repeat(Protocol.MAX_LINE + 1 - head.length() - tail.length()) + tail)
                .getBytes(StandardCharsets.UTF_8);
        assertThat(error(longer).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(error(longer).getMessage()).contains("longer than " + Protocol.MAX_LINE);
    }

    @Test
    void anErrorMessageIsCutOnlyPastTheLimitAndCarriesOnlyARealId() {
        String exact = "m".repeat(Protocol.MAX_MESSAGE);
        assertThat(Protocol.error(null, ErrorCode.FAILED, exact).path("error").path("message").asText()).isEqualTo(exact);
        String cut = Protocol.error(null, ErrorCode.FAILED, exact + "m").path("error").path("message").asText();
        assertThat(cut).hasSize(Protocol.MAX_MESSAGE).endsWith("...");
        assertThat(Protocol.error(null, ErrorCode.STALE, null).path("error").path("message").asText()).isEqualTo("stale");
        assertThat(Protocol.error(Protocol.nodes().nullNode(), ErrorCode.FAILED, "x").has("id")).isFalse();
        assertThat(Protocol.error(Protocol.nodes().numberNode(9), ErrorCode.FAILED, "x").path("id").asInt()).isEqualTo(9);
    }

    @Test
    void accessorsReadPresentValuesAndTheirBoundsAndTellAbsentFromNull() {
        Request r = decode("{\"cmd\":\"rate\",\"lo\":1,\"hi\":10,\"n\":null,\"big\":9007199254740993,"
                + "\"f\":false,\"t\":true,\"s\":\"hey\",\"o\":{\"k\":1},\"x\":2.5,\"huge\":1e30}");
        assertThat(r.integer("lo", 1, 10)).isEqualTo(1);
        assertThat(r.integer("hi", 1, 10)).isEqualTo(10);
        assertThatThrownBy(() -> r.integer("lo", 2, 10)).hasMessageContaining("lo 1 outside 2..10");
        assertThatThrownBy(() -> r.integer("hi", 1, 9)).hasMessageContaining("hi 10 outside 1..9");
        assertThat(r.has("lo")).isTrue();
        assertThat(r.has("n")).isFalse();
        assertThat(r.has("absent")).isFalse();
        assertThat(r.optInteger("n", 1, 10)).isEmpty();
        assertThat(r.optLong("big")).contains(9007199254740993L);
        assertThat(r.optLong("n")).isEmpty();
        assertThat(r.optLong("absent")).isEmpty();
        assertThatThrownBy(() -> r.optLong("x")).hasMessageContaining("x must be a whole number");
        assertThatThrownBy(() -> r.optLong("huge")).hasMessageContaining("huge must be a whole number");
        assertThatThrownBy(() -> r.optLong("s")).hasMessageContaining("s must be a whole number");
        assertThat(r.bool("f", true)).isFalse();
        assertThat(r.bool("t", false)).isTrue();
        assertThat(r.bool("absent", false)).isFalse();
        assertThat(r.bool("n", false)).isFalse();
        assertThat(r.text("s")).isEqualTo("hey");
        assertThat(r.optText("s")).contains("hey");
        assertThat(r.optText("n")).isEmpty();
        assertThatThrownBy(() -> r.text("absent")).isInstanceOf(ControlException.class).hasMessage("absent is missing");
        assertThat(r.optObject("o")).get().extracting(o -> o.path("k").asInt()).isEqualTo(1);
        assertThat(r.optObject("n")).isEmpty();
    }

    @Test
    void aQuotedValueIsCutPastSixtyCharacters() {
        JsonNodeFactory f = Protocol.nodes();
        String sixty = "\"" + "a".repeat(58) + "\"";
        assertThat(Request.shorten(f.textNode("a".repeat(58)))).isEqualTo(sixty);
        assertThat(Request.shorten(f.textNode("a".repeat(59)))).hasSize(60).endsWith("...");
    }
}
