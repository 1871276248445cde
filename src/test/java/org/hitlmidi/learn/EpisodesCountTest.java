package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;

/**
 * {@link Episodes}' rule on its own (issue 17, PIT's learn set): a rating goes on with the episode exactly when its
 * edit started from the track rated last; undone ratings are numbered but not counted; an episode's lengths; what
 * plays after a rating. The expected episode numbers are worked out by hand from that rule.
 */
class EpisodesCountTest {
    private static final TrackParams PARAMS = TrackParams.defaults();

    record R(String before, String after, boolean undone) {
    }

    @Test
    void aRatingGoesOnWithTheEpisodeOnlyFromTheTrackRatedLast() {
        Episodes e = new Episodes();
        assertThat(e.last()).isNull();
        assertThat(e.episode()).isZero();
        assertThat(e.of("a")).isEqualTo(1);
        assertThat(e.isLast("a")).isFalse();
        assertThat(e.count("a", "b")).isEqualTo(1);
        assertThat(e.ratingsInEpisode()).isEqualTo(1);
        assertThat(e.isLast("b")).isTrue();
        assertThat(e.isLast("a")).isFalse();
        assertThat(e.of("b")).isEqualTo(1);
        assertThat(e.of("a")).isEqualTo(2);
        assertThat(e.count("b", "c")).isEqualTo(1);
        assertThat(e.ratingsInEpisode()).isEqualTo(2);
        assertThat(e.count("x", "y")).isEqualTo(2);
        assertThat(e.ratingsInEpisode()).isEqualTo(1);
        assertThat(e.last()).isEqualTo("y");

        Episodes c = e.copy();
        assertThat(c.episode()).isEqualTo(2);
        assertThat(c.ratingsInEpisode()).isEqualTo(1);
        assertThat(c.last()).isEqualTo("y");
        assertThat(c.count("y", "z")).isEqualTo(2);
        assertThat(c.ratingsInEpisode()).isEqualTo(2);
        assertThat(e.ratingsInEpisode()).as("the copy counts on its own").isEqualTo(1);
        assertThat(e.last()).isEqualTo("y");
    }

    @Test
    void episodesAreRebuiltFromASnapshotsCounts() {
        Episodes e = Episodes.of(3, 2, "t");
        assertThat(e.episode()).isEqualTo(3);
        assertThat(e.ratingsInEpisode()).isEqualTo(2);
        assertThat(e.last()).isEqualTo("t");
        assertThat(e.count("t", "u")).isEqualTo(3);
        assertThat(Episodes.of(0, 0, null).episode()).isZero();
        assertThatThrownBy(() -> Episodes.of(-1, 0, null)).hasMessageContaining("episode -1");
        assertThatThrownBy(() -> Episodes.of(0, -1, null)).hasMessageContaining("-1 ratings");
    }

    @Test
    void undoneRatingsAreNumberedButNotCounted() {
        List<R> rs = List.of(new R("s", "a", false), new R("a", "b", false), new R("b", "c", true),
                new R("b", "d", false), new R("q", "r", false), new R("r", "s", true), new R("z", "w", true));
        // s->a starts episode 1; a->b goes on; b->c (undone) would go on: 1; b->d goes on (c was undone, b is last);
        // q->r starts 2; r->s (undone) would go on: 2; z->w (undone) would start 3
        Episodes into = new Episodes();
        int[] numbers = Episodes.number(rs, R::before, R::after, R::undone, into);
        assertThat(numbers).containsExactly(1, 1, 1, 1, 2, 2, 3);
        assertThat(into.episode()).isEqualTo(2);
        assertThat(into.ratingsInEpisode()).isEqualTo(1);
        assertThat(into.last()).isEqualTo("r");
        assertThat(Episodes.number(rs, R::before, R::after, R::undone, null)).containsExactly(1, 1, 1, 1, 2, 2, 3);
    }

    @Test
    void anEpisodesLengthIsEndlessTheTracksNotesOrFixed() {
        assertThat(Episodes.Length.ENDLESS.endless()).isTrue();
        assertThat(Episodes.Length.NOTES.endless()).isFalse();
        assertThat(Episodes.Length.ENDLESS.over(PARAMS, 1_000_000)).isFalse();
        int notes = PARAMS.length();
        assertThat(Episodes.Length.NOTES.over(PARAMS, notes - 1)).isFalse();
        assertThat(Episodes.Length.NOTES.over(PARAMS, notes)).isTrue();
        assertThat(new Episodes.Length(3).over(PARAMS, 2)).isFalse();
        assertThat(new Episodes.Length(3).over(PARAMS, 3)).isTrue();
        assertThat(new Episodes.Length(1).over(PARAMS, 1)).isTrue();
        assertThat(new Episodes.Length(-1).over(PARAMS, notes)).isTrue(); // -1 is NOTES, made anew
        assertThatThrownBy(() -> new Episodes.Length(-2)).hasMessageContaining("episode length -2");
    }

    /** A learner whose episodes last two ratings and whose first tracks come from a list. */
    static final class Scripted implements Learner {
        final Deque<Track> firsts = new ArrayDeque<>();
        int begins;

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Proposal propose(Track current, RandomGenerator rng) {
            Track after = current.withMelody(List.of(new Note(current.melody().get(0).pitch() + 1, 1)));
            return new Proposal(new Transition(current, new Action(ActionType.PITCH_UP, 0), after), false);
        }

        @Override
        public Proposal begin(TrackParams params, RandomGenerator rng) {
            begins++;
            return Learner.fresh(firsts.removeFirst());
        }

        @Override
        public boolean episodeOver(TrackParams params, int ratings) {
            return ratings >= 2;
        }

        @Override
        public void learn(Transition heard, Rating rating) {
        }

        @Override
        public long updates() {
            return 0;
        }

        @Override
        public long entries() {
            return 0;
        }
    }

    private static Track track(int pitch) {
        return new Track(List.of(new Note(pitch, 1)), List.of(), 120);
    }

    @Test
    void afterARatingTheEditPlaysUntilTheEpisodeIsOverThenANewFirstTrackNeverTheOneRatedLast() {
        SplittableRandom rng = new SplittableRandom(1);
        Scripted l = new Scripted();
        Episodes e = new Episodes();
        Track a = track(60);
        l.firsts.add(a);
        Proposal first = e.begin(l, PARAMS, rng);
        assertThat(first.transition().after()).isEqualTo(a);
        e.count(first.transition());
        Proposal second = e.next(l, PARAMS, a, rng);
        assertThat(second.transition().before()).isEqualTo(a);
        assertThat(second.transition().after()).isEqualTo(track(61));
        assertThat(e.next(l, PARAMS, Prepared.nothing(l, a), rng).transition().after()).isEqualTo(track(61));
        e.count(second.transition());
        // two ratings: the episode is over; the first track drawn is the one rated last (61), then 61 again: both redrawn
        l.firsts.add(track(61));
        l.firsts.add(track(61));
        l.firsts.add(track(70));
        int before = l.begins;
        Proposal third = e.next(l, PARAMS, track(61), rng);
        assertThat(third.transition().after()).isEqualTo(track(70));
        assertThat(l.begins - before).isEqualTo(3);
        assertThat(e.count(third.transition())).isEqualTo(2);
        l.firsts.add(track(80));
        e.count(e.next(l, PARAMS, track(70), rng).transition());
        assertThat(e.next(l, PARAMS, Prepared.nothing(l, track(71)), rng).transition().after())
                .as("over after two ratings, also from prepared candidates").isEqualTo(track(80));
    }

    /** A learner that keeps drawing the track rated last: 1 draw and 1,000 redraws, then the last draw is taken. */
    @Test
    void theFirstTrackIsRedrawnAThousandTimesAtMost() {
        Scripted l = new Scripted();
        Episodes e = Episodes.of(1, 2, track(61));
        for (int i = 0; i < 1005; i++) {
            l.firsts.add(track(61));
        }
        Proposal p = e.begin(l, PARAMS, new SplittableRandom(1));
        assertThat(p.transition().after()).isEqualTo(track(61));
        assertThat(l.begins).isEqualTo(1001);
    }
}
