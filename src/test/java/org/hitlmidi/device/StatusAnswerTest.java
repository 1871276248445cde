package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A status that cannot have the device's lock within its wait answers from the last full status only when nothing
 * changed since it was taken: a client that set something and then asks sees what it set (FeedbackResumeTest and
 * DeviceTest read the old exploration and learner at load 20-30: the status taken before their change, "busy").
 */
class StatusAnswerTest {
    private static ObjectNode status(double exploration) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putObject("params").put("exploration", exploration);
        return o;
    }

    /** The lock held by a long operation: the full status waits for {@code release}. */
    private static StatusAnswer held(CountDownLatch entered, CountDownLatch release, ObjectNode after, AtomicLong changes) {
        return new StatusAnswer(() -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return after;
        }, () -> JsonNodeFactory.instance.objectNode().put("playing", true), changes::get);
    }

    @Test
    void aChangeSinceTheLastFullStatusWaitsForTheLockRatherThanAnswerTheOldOne() throws Exception {
        AtomicLong changes = new AtomicLong();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StatusAnswer a = held(entered, release, status(0.4), changes);
        a.publish(status(0.1)); // the status after the last rating
        changes.incrementAndGet(); // then `params exploration 0.4` made a new state
        CompletableFuture<ObjectNode> answer = CompletableFuture.supplyAsync(a::answer);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        // the old status (exploration 0.1, busy) must not come: the answer waits for the lock's holder
        Assertions.assertThatThrownBy(() -> answer.get(WAIT_FOR_A_WRONG_ANSWER_MS, TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
        release.countDown();
        ObjectNode got = answer.get(10, TimeUnit.SECONDS);
        assertThat(got.path("params").path("exploration").asDouble()).isEqualTo(0.4);
        assertThat(got.has("busy")).isFalse();
        a.close();
    }

    @Test
    void withNoChangeSinceTheLastFullStatusABusyDeviceAnswersItAtOnce() throws Exception {
        AtomicLong changes = new AtomicLong(7);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StatusAnswer a = held(entered, release, status(0.4), changes);
        a.publish(status(0.1));
        // an undo at 300,000 ratings holds the lock: status answers from what it had, saying busy (issue 16)
        ObjectNode got = CompletableFuture.supplyAsync(a::answer).get(10, TimeUnit.SECONDS);
        assertThat(got.path("params").path("exploration").asDouble()).isEqualTo(0.1);
        assertThat(got.path("busy").asBoolean()).isTrue();
        assertThat(got.path("playing").asBoolean()).as("the live fields brought up to date").isTrue();
        release.countDown();
        a.close();
    }

    /** Far beyond {@link StatusAnswer#WAIT_MILLIS}: a wrong answer would come by then. */
    private static final long WAIT_FOR_A_WRONG_ANSWER_MS = 20 * StatusAnswer.WAIT_MILLIS;
}
