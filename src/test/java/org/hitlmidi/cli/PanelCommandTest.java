package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.hitlmidi.panel.PanelView;
import org.junit.jupiter.api.Test;

class PanelCommandTest {
    @Test
    void bareCommandOpensThePanelOnlyWhereThereIsADisplay() {
        assertThat(Main.hasDisplay(Map.of(), "Linux")).isFalse();
        assertThat(Main.hasDisplay(Map.of("DISPLAY", ":0"), "Linux")).isTrue();
        assertThat(Main.hasDisplay(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux")).isTrue();
        assertThat(Main.hasDisplay(Map.of("DISPLAY", " "), "FreeBSD")).isFalse();
        assertThat(Main.hasDisplay(Map.of(), "Mac OS X")).isTrue();
        assertThat(Main.hasDisplay(Map.of(), "Windows 11")).isTrue();
    }

    @Test
    void themesByNameAndAClearErrorOtherwise() {
        assertThat(PanelCommand.parseTheme("Dark")).isEqualTo(PanelView.Theme.DARK);
        assertThat(PanelCommand.parseTheme("light")).isEqualTo(PanelView.Theme.LIGHT);
        assertThatThrownBy(() -> PanelCommand.parseTheme("blue")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("light or dark");
    }

    @Test
    void panelHelpNamesItsOptions() {
        var out = new java.io.StringWriter();
        int rc = Main.run(new String[] {"panel", "--help"}, new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true));
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("--theme").contains("--on-top").contains("--no-start").contains("--backend");
    }
}
