package org.hitlmidi;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing requirement skips a test on a developer's machine and fails it under CI=true. */
class RequiredTest {
    @Test
    void aMissingRequirementSkipsOrFailsUnderCi() {
        assertThatCode(() -> Required.that(true, "present")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Required.that(false, "tool X is not installed"))
                .isInstanceOf(Required.inCi() ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageContaining("tool X is not installed");
    }
}
