package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainAndPlotTest {
    @TempDir
    Path dir;

    private CliTest.Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.resolve("data").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliTest.Run(code, out.toString(), err.toString());
    }

    @Test
    void explainReplaysTheStoredSignalsToo() {
        assertThat(cli("profile", "create", "carol").code()).isZero();
        TrackParams params = TrackParams.defaults();
        try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) {
            Profile p = s.profile("carol").orElseThrow();
            SplittableRandom rng = new SplittableRandom(3);
            Edits edits = new Edits(EditRules.PAPER);
            for (int i = 0; i < 8; i++) {
                Track t = TrackGenerator.random(params, rng);
                var a = new org.hitlmidi.music.Action(org.hitlmidi.music.ActionType.PITCH_UP, i % 4);
                var tr = new org.hitlmidi.learn.Transition(t, a, edits.apply(t, a));
                if (i < 5) {
                    s.addRating(new RatingRecord(0, p.id(), null, Instant.now(), Learners.DEFAULT, Rating.of(3 + i), tr,
                            "test", false));
                } else { // kept, never rated: taste-model reads a keep as a weak 9 on a track it now knows
                    s.addSignal(new org.hitlmidi.store.SignalRecord(0, p.id(), null, Instant.now(),
                            org.hitlmidi.learn.ImplicitSignal.KEEP, tr, 0));
                }
            }
        }
        CliTest.Run r = cli("explain", "--profile", "carol");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("5 ratings learned, 33 parameters, 8 rated tracks known");
    }

    @Test
    void newProfilesGetTheDefaultLearnerAndExplainReplaysTheirRatings() {
        assertThat(cli("profile", "create", "alice").out()).contains("learner " + Learners.DEFAULT);
        int edited = 0;
        TrackParams params = TrackParams.defaults();
        try (SqliteStore s = SqliteStore.openIn(dir.resolve("data"))) {
            Profile p = s.profile("alice").orElseThrow();
            var l = Learners.build(Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, Learners.DEFAULT), new Edits(EditRules.PAPER),
                    params);
            SplittableRandom rng = new SplittableRandom(2);
            Track t = TrackGenerator.random(params, rng);
            for (int i = 0; i < 12; i++) {
                var tr = l.propose(t, rng).transition();
                if (i < 11 && tr.action().type() != org.hitlmidi.music.ActionType.COMPOSE) {
                    edited++; // the paper's Q-table credits edits; a composed track (taste-model's move) has none
                }
                s.addRating(new RatingRecord(0, p.id(), null, Instant.now(), Learners.DEFAULT, Rating.of(2 + i % 7), tr,
                        "test", i == 11));
                l.learn(tr, Rating.of(2 + i % 7)); // a learner that hears its ratings never proposes a track twice
                t = tr.after();
            }
        }
        CliTest.Run r = cli("explain", "--profile", "alice", "--top", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("learner taste-model (reward-model): 11 ratings learned, 33 parameters, "
                + "11 rated tracks known"); // the undone rating is left out
        assertThat(r.out().lines().filter(x -> x.matches("\\s+\\d+\\. .*rating points\\)"))).hasSize(3);
        CliTest.Run paper = cli("explain", "--profile", "alice", "--learner", "paper");
        assertThat(paper.out()).contains("learner paper (tabular-q): " + edited + " ratings learned");
        CliTest.Run none = cli("explain", "--profile", "bob");
        assertThat(none.code()).isEqualTo(Main.USAGE);
        assertThat(none.err()).contains("no profile named 'bob'");
    }

    /** Issue 12 defect 9: main's writers wrap System.out in a buffer; what a command prints must reach it. */
    @Test
    void explainPrintsThroughBufferedWritersAsMainMakesThem() {
        assertThat(cli("profile", "create", "dora").code()).isZero();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = Main.run(new String[] {"--data-dir", dir.resolve("data").toString(), "explain", "--profile", "dora"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("profile 'dora': learner " + Learners.DEFAULT).contains("0 ratings learned");
    }

    @Test
    void simulateDrawsEveryLearnerIntoOnePngAndExplains() throws Exception {
        Path png = dir.resolve("plot.png");
        CliTest.Run r = cli("simulate", "--learner", "taste-model,paper", "--episodes", "20", "--seeds", "2", "--quiet",
                "--plot", png.toString(), "--explain");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("taste-model vs builtin:stepwise-singer").contains("paper vs builtin:stepwise-singer")
                .contains("learner taste-model (reward-model): 20 ratings learned")
                // 20 ratings in episodes of 8 (1-8, 9-16, 17-20): the 3 fresh tracks heard unedited credit no edit
                .contains("learner paper (tabular-q): 17 ratings learned");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(900);
        int blue = 0;
        int red = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                blue += rgb == 0x1f77b4 ? 1 : 0;
                red += rgb == 0xd62728 ? 1 : 0;
            }
        }
        assertThat(blue).as("the first learner's curve").isGreaterThan(100);
        assertThat(red).as("the second learner's curve").isGreaterThan(100);
    }
}
