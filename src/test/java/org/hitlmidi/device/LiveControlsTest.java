package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.Control;
import org.junit.jupiter.api.Test;

/**
 * A knob's CC to its parameter and back: the bottom of swing, humanize, density and register is "auto" (null, the
 * style's or the composer's own); every other value goes there and back to the CC the device holds.
 */
class LiveControlsTest {
    private static ObjectNode put(Control c, int cc) {
        ObjectNode set = Protocol.nodes().objectNode();
        LiveControls.put(set, c, cc, Protocol.nodes().objectNode(), List.of());
        return set;
    }

    @Test
    void theBottomOfTheRangeIsAuto() {
        for (Control c : new Control[] {Control.SWING, Control.HUMANIZE, Control.DENSITY, Control.REGISTER}) {
            String name = LiveControls.param(c).orElseThrow();
            ObjectNode set = put(c, 0);
            assertThat(set.has(name) && set.get(name).isNull()).as("%s at 0: %s", c, set).isTrue();
        }
        assertThat(put(Control.SWING, 1).get("swing").asDouble()).as("straight, just above auto").isEqualTo(0.0);
        assertThat(put(Control.SWING, 127).get("swing").asDouble()).isEqualTo(1.0);
        assertThat(put(Control.HUMANIZE, 64).get("humanize").asDouble()).isEqualTo(63 / 126.0);
        assertThat(put(Control.DENSITY, 25).get("density").isNull()).as("density's lowest band").isTrue();
        assertThat(put(Control.DENSITY, 26).get("density").asInt()).isZero();
        assertThat(put(Control.DENSITY, 127).get("density").asInt()).isEqualTo(3);
        assertThat(put(Control.REGISTER, 31).get("register").isNull()).isTrue();
        assertThat(put(Control.REGISTER, 32).get("register").asInt()).isEqualTo(-1);
        assertThat(put(Control.REGISTER, 127).get("register").asInt()).isEqualTo(1);
        // the rest has no auto: a level at 0 is silence
        assertThat(put(Control.LEVEL_BASS, 0).get("level_bass").asDouble()).isZero();
    }

    /** What the device holds goes to the knob's CC and that CC back to the same value; auto holds nothing. */
    @Test
    void aValueHeldIsTheCcThatSetsIt() {
        for (Control c : new Control[] {Control.SWING, Control.HUMANIZE, Control.DENSITY, Control.REGISTER}) {
            String name = LiveControls.param(c).orElseThrow();
            for (int cc = 0; cc < 128; cc++) {
                ObjectNode set = put(c, cc);
                Optional<Integer> held = LiveControls.cc(c, set, List.of());
                if (set.get(name).isNull()) {
                    assertThat(held).as("%s auto at %d", c, cc).isEmpty();
                } else {
                    assertThat(put(c, held.orElseThrow())).as("%s at %d", c, cc).isEqualTo(set);
                }
            }
        }
    }
}
