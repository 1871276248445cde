package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The device builds the next command line's picocli tree ahead (start-up, issue 13): a tree is ready before a
 * command line asks for one, each runs one command line, and taking one starts the next.
 */
class TreesAheadTest {
    @Test
    void theNextTreeIsBuiltBeforeItIsAskedForOnAThreadOfItsOwnAndEachIsNew() throws Exception {
        LinkedBlockingQueue<String> built = new LinkedBlockingQueue<>();
        List<Main.Tree> trees = new CopyOnWriteArrayList<>();
        try (TreesAhead ahead = new TreesAhead(() -> {
            Main.Tree t = Main.tree();
            trees.add(t);
            built.add(Thread.currentThread().getName());
            return t;
        })) {
            assertThat(built.poll(60, TimeUnit.SECONDS)).as("built before any command line asked").isEqualTo("cli-tree-ahead");
            Main.Tree first = ahead.take();
            assertThat(first).isSameAs(trees.get(0));
            assertThat(built.poll(60, TimeUnit.SECONDS)).as("the next one, started by the take").isEqualTo("cli-tree-ahead");
            Main.Tree second = ahead.take();
            assertThat(second).isSameAs(trees.get(1)).isNotSameAs(first);
        }
    }

    @Test
    void aTreeRunsOneCommandLine() {
        Main.Tree t = Main.tree();
        StringWriter out = new StringWriter();
        assertThat(t.run(new String[] {"--version"}, new PrintWriter(out), new PrintWriter(new StringWriter()))).isZero();
        assertThat(out.toString()).isNotBlank();
        assertThatThrownBy(() -> t.run(new String[] {"--version"}, new PrintWriter(out), new PrintWriter(out)))
                .isInstanceOf(IllegalStateException.class);
    }
}
