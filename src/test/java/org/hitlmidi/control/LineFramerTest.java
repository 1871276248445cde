package org.hitlmidi.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LineFramerTest {
    private final List<String> got = new ArrayList<>();
    private final LineFramer.Sink sink = new LineFramer.Sink() {
        @Override
        public void line(byte[] bytes, int length) {
            got.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
        }

        @Override
        public void overlong(long length) {
            got.add("<overlong " + length + ">");
        }
    };

    @Test
    void linesSurviveAnyChunking() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int round = 0; round < 200; round++) {
            List<String> sent = new ArrayList<>();
            StringBuilder all = new StringBuilder();
            for (int i = rng.nextInt(1, 20); i > 0; i--) {
                String line = "x".repeat(rng.nextInt(0, 300)) + i;
                sent.add(line);
                all.append(line).append('\n');
            }
            byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
            got.clear();
            LineFramer f = new LineFramer(1000);
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, rng.nextInt(1, 500));
                f.feed(ByteBuffer.wrap(bytes, at, n), sink);
                at += n;
            }
            assertThat(got).isEqualTo(sent);
            assertThat(f.pending()).isZero();
        }
    }

    @Test
    void anOverlongLineIsReportedOnceWithItsLengthAndTheNextLineIsIntact() {
        LineFramer f = new LineFramer(10);
        f.feed(ByteBuffer.wrap(("0123456789\n" + "a".repeat(25) + "\nok\n").getBytes(StandardCharsets.UTF_8)), sink);
        assertThat(got).containsExactly("0123456789", "<overlong 25>", "ok");
        assertThat(f.pending()).isZero();
    }

    @Test
    void aLineOfExactlyTheLimitIsServedAndOneByteMoreIsOverlong() {
        int max = 1 << 20;
        LineFramer f = new LineFramer(max);
        byte[] exact = new byte[max + 1];
        java.util.Arrays.fill(exact, (byte) 'a');
        exact[max] = '\n';
        f.feed(ByteBuffer.wrap(exact), sink);
        byte[] over = new byte[max + 2];
        java.util.Arrays.fill(over, (byte) 'b');
        over[max + 1] = '\n';
        f.feed(ByteBuffer.wrap(over), sink);
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).hasSize(max).doesNotContain("b");
        assertThat(got.get(1)).isEqualTo("<overlong " + (max + 1) + ">");
    }

    @Test
    void pendingCountsTheBytesOfTheUnfinishedLine() {
        LineFramer f = new LineFramer(100);
        f.feed(ByteBuffer.wrap("done\nhalf".getBytes(StandardCharsets.UTF_8)), sink);
        assertThat(f.pending()).isEqualTo(4);
        f.feed(ByteBuffer.wrap("way\n".getBytes(StandardCharsets.UTF_8)), sink);
        assertThat(got).containsExactly("done", "halfway");
        assertThat(f.pending()).isZero();
    }
}
