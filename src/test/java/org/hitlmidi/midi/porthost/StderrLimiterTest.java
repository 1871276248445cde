package org.hitlmidi.midi.porthost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * libjack's spam while a JACK server stays down (issue 13): about five lines a second, three kinds, for five minutes.
 * What reaches the device's log is counted: each kind at most {@link StderrLimiter#BURST} times a minute, one summary
 * line per kind and minute, every line accounted for. Mutation caught: the host's stderr forwarded line for line (as
 * {@code Redirect.INHERIT} did): 1,500 lines.
 */
class StderrLimiterTest {
    private static final String[] SPAM = {
        "Cannot connect to server socket err = No such file or directory",
        "Cannot connect to server request channel",
        "jack server is not running or cannot be started",
    };

    @Test
    void fiveMinutesOfLibjackSpamBecomeAFewLinesAMinuteAndEveryLineIsCounted() {
        StderrLimiter l = new StderrLimiter();
        List<String> log = new ArrayList<>();
        long t = 0;
        int sent = 0;
        log.addAll(l.accept("port host 4711: waiting for the JACK server", t)); // another kind passes at once
        for (int i = 0; i < 5 * 60 * 5; i++) { // 5 lines a second for 5 minutes
            log.addAll(l.accept(SPAM[i % 3] + " (attempt " + i + ")", t)); // numbers differ, the kind does not
            t += 200_000_000L;
            sent++;
        }
        log.addAll(l.summary());
        long spamPassed = log.stream().filter(x -> !x.startsWith("port host:") && !x.startsWith("port host 4711")).count();
        long summaries = log.stream().filter(x -> x.startsWith("port host:")).count();
        assertThat(log.get(0)).isEqualTo("port host 4711: waiting for the JACK server");
        assertThat(sent).isEqualTo(1500);
        // 3 kinds (the numbers in a line do not make a new kind) x 3 lines x 5 minutes, and one summary per kind and
        // minute: 45 + 15, from 1,501 lines
        assertThat(spamPassed).as("spam lines in the log").isEqualTo(3 * StderrLimiter.BURST * 5);
        assertThat(summaries).as("summary lines").isEqualTo(3 * 5);
        assertThat(log.size()).isLessThanOrEqualTo(61);
        long counted = 0;
        Matcher m;
        for (String x : log) {
            m = Pattern.compile("^port host: (\\d+) more line").matcher(x);
            if (m.find()) {
                counted += Long.parseLong(m.group(1));
            }
        }
        assertThat(counted + spamPassed).as("every line passed or counted").isEqualTo(sent);
    }

    @Test
    void aQuietHostPassesEveryLine() {
        StderrLimiter l = new StderrLimiter();
        List<String> log = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            log.addAll(l.accept("line " + i, i * 1_000_000_000L));
        }
        log.addAll(l.summary());
        assertThat(log).containsExactly("line 0", "line 1", "line 2");
    }
}
