package org.hitlmidi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hitlmidi.store.StoreRecords.rating;
import static org.hitlmidi.store.StoreRecords.signal;

import java.nio.file.Path;
import java.time.Instant;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.music.TrackParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's feedback mark (what a learner snapshot on disk is checked against, issue 16) and profile names, at their
 * edges (issue 17, PIT's store set; docs/mutation-review.md). The marks expected are counted here from the ids the
 * store gave, for the SQLite query and for the {@link Store} interface's own default over the same lists.
 */
class StoreMarkTest {
    @TempDir
    Path dir;

    @Test
    void aMarkCountsTheRatingsAndSignalsUpToItsPositionsWithTheUndoneOnes() {
        try (SqliteStore s = SqliteStore.open(dir.resolve("m.db"))) {
            Profile p = s.createProfile("p", "taste-model", TrackParams.defaults());
            Profile q = s.createProfile("q", "taste-model", TrackParams.defaults());
            long r1 = s.addRating(rating(p.id(), 1, 1));
            long s1 = s.addSignal(signal(p.id(), ImplicitSignal.KEEP, 2));
            long r2 = s.addRating(rating(p.id(), 2, 3));
            long other = s.addRating(rating(q.id(), 5, 4)); // another profile's: never counted for p
            long s2 = s.addSignal(signal(p.id(), ImplicitSignal.SKIP, 5));
            long r3 = s.addRating(rating(p.id(), 3, 6));
            s.setUndone(r3, true);
            long r4 = s.addRating(rating(p.id(), 4, 7));
            s.setUndone(r1, true);
            assertThat(other).isBetween(r2 + 1, r3 - 1);
            Store defaults = StoreDefaults.over(s);
            for (Store store : new Store[] {s, defaults}) {
                assertThat(store.mark(p.id(), 0, 0)).isEqualTo(new FeedbackMark(0, 0, 0, 0, 0, 0));
                assertThat(store.mark(p.id(), r1, s1 - 1)).isEqualTo(new FeedbackMark(1, r1, 1, r1, 0, 0));
                assertThat(store.mark(p.id(), r2, s1)).isEqualTo(new FeedbackMark(2, r2, 1, r1, 1, s1));
                assertThat(store.mark(p.id(), r3, s2)).isEqualTo(new FeedbackMark(3, r3, 2, r1 + r3, 2, s2));
                assertThat(store.mark(p.id(), r4, Long.MAX_VALUE)).isEqualTo(new FeedbackMark(4, r4, 2, r1 + r3, 2, s2));
                assertThat(store.mark(p.id(), r4 - 1, s2)).isEqualTo(new FeedbackMark(3, r3, 2, r1 + r3, 2, s2));
                assertThat(store.mark(q.id(), Long.MAX_VALUE, Long.MAX_VALUE))
                        .isEqualTo(new FeedbackMark(1, other, 0, 0, 0, 0));
            }
        }
    }

    @Test
    void aProfileNameIsOneToSixtyFourLettersDigitsSpacesDotsUnderscoresOrDashes() {
        String sixtyFour = "a".repeat(64);
        assertThat(Profile.checkName("a")).isEqualTo("a");
        assertThat(Profile.checkName(sixtyFour)).isEqualTo(sixtyFour);
        assertThat(Profile.checkName("my set. 2_b-")).isEqualTo("my set. 2_b-");
        assertThatThrownBy(() -> Profile.checkName(sixtyFour + "a")).hasMessageContaining("must be 1..64");
        assertThatThrownBy(() -> Profile.checkName("")).hasMessageContaining("must be 1..64");
        assertThatThrownBy(() -> Profile.checkName(null)).hasMessageContaining("must be 1..64");
        assertThatThrownBy(() -> Profile.checkName("   ")).hasMessageContaining("must be 1..64");
        assertThatThrownBy(() -> Profile.checkName("-a")).hasMessageContaining("must be 1..64");
        assertThatThrownBy(() -> Profile.checkName("a/b")).hasMessageContaining("must be 1..64");
        assertThatThrownBy(() -> Profile.checkName(" a")).hasMessageContaining("begins or ends with a space; did you mean 'a'?");
        assertThatThrownBy(() -> Profile.checkName("a ")).hasMessageContaining("did you mean 'a'?");
        // what an older version stored, ending in a space, still loads; a name no version allowed does not
        Instant t = Instant.EPOCH;
        assertThat(new Profile(1, "default ", "paper", TrackParams.defaults(), t).name()).isEqualTo("default ");
        assertThat(new Profile(1, "ok", "paper", TrackParams.defaults(), t).name()).isEqualTo("ok");
        assertThatThrownBy(() -> new Profile(1, "-x", "paper", TrackParams.defaults(), t))
                .hasMessageContaining("must be 1..64");
        assertThatThrownBy(() -> new Profile(1, null, "paper", TrackParams.defaults(), t))
                .hasMessageContaining("must be 1..64");
    }
}
