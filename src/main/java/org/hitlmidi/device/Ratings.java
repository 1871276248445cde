package org.hitlmidi.device;

import static org.hitlmidi.device.DeviceViews.body;
import static org.hitlmidi.device.Session.storeCall;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Request;
import org.hitlmidi.learn.Episodes;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Track;
import org.hitlmidi.store.KeptTrack;
import org.hitlmidi.store.RatingSummary;
import org.hitlmidi.store.StoreException;

/**
 * What the listener says about the tracks: ratings (stored first, then learned), skips, undo, keep, export and
 * the history of ratings. Called with the {@link Device}'s lock held.
 */
final class Ratings {
    private final Session s;
    private final Playback playback;
    private final Device.Events events;
    /** Writes a rating while the learner works on it (see {@link #rate}). */
    private final ExecutorService writer;

    Ratings(Session s, Playback playback, Device.Events events, ExecutorService writer) {
        this.s = s;
        this.playback = playback;
        this.events = events;
        this.writer = writer;
    }

    /**
     * Skips the current track without a rating: the learner makes another edit of the track it came from (the
     * track rated last, so the episode goes on) and that plays. A track already rated is followed as a rating
     * would be.
     */
    ObjectNode next() {
        s.signal(ImplicitSignal.SKIP);
        Track rated = s.current().track();
        s.advance(s.episodes().isLast(rated) ? s.episodes().next(s.learner(), s.profile().params(), rated, s.rng)
                : s.learner().propose(s.current().transition().before(), s.rng));
        playback.playCurrent();
        return body().set("track", DeviceViews.track(s.current()));
    }

    /**
     * Stores the rating of the current track, credits it to the edit that made the track, and with {@code next}
     * plays the learner's next track. The next track starts at once, while the rating is written (an fsync); the
     * rating is acknowledged (reply, events) only once it is on disk. A write that fails stops the playing and
     * says so (the reply), and leaves the rated track current and the learner as the store has it.
     *
     * @param trackId when present, the track the rater heard: refused as stale if it is no longer current
     */
    ObjectNode rate(Rating rating, String source, Optional<Long> trackId, boolean next) {
        org.hitlmidi.midi.PathTrace.mark(org.hitlmidi.midi.PathTrace.Stage.LOCKED);
        Session.Current current = s.current();
        if (trackId.isPresent() && trackId.get() != current.trackId()) {
            throw new ControlException(ErrorCode.STALE, "track " + trackId.get() + " is no longer current (now "
                    + current.trackId() + "); the rating was not stored");
        }
        Session.Current rated = current;
        checkParts(rating, rated.track());
        // The write (an fsync) and the learner's work run side by side, and the next track (its candidates made
        // while the rated one played: Ahead) starts without waiting for the write (issue 13 item 5). Nothing else of
        // the learner's work is seen (no event, no reply) before the write is done; a failed write stops the playing
        // and puts the learner back as the store has it (RateStep.rate).
        long id = RateStep.rate(s, rating, source, next, writer, playback::startPlayer, playback::stop).ratingId();
        events.emit("rating_stored", body().put("ratingId", id).put("trackId", rated.trackId())
                .put("source", source).set("rating", DeviceViews.rating(rating)));
        events.emit("q_updated", DeviceViews.learner(s.learner()));
        ObjectNode reply = body().put("ratingId", id).put("trackId", rated.trackId());
        reply.set("rating", DeviceViews.rating(rating));
        reply.setAll(DeviceViews.learner(s.learner()));
        if (next) {
            events.emit("track_started", body().set("track", DeviceViews.track(s.current())));
            reply.set("track", DeviceViews.track(s.current()));
        }
        return reply;
    }

    /** A part rating is of a part the rated track plays (has notes in): else refused, nothing stored. */
    private static void checkParts(Rating rating, Track t) {
        Set<Part> has = t.parts();
        for (Part p : rating.parts().keySet()) {
            if (!has.contains(p)) {
                throw new ControlException(ErrorCode.BAD_VALUE, "parts: this track has no " + p.id() + " part (it plays "
                        + has.stream().map(Part::id).collect(java.util.stream.Collectors.joining(", "))
                        + "); the rating was not stored");
            }
        }
    }

    /** Undoes this session's last rating: marked undone, learner rebuilt without it, its track current again. */
    ObjectNode undo() {
        Session.Undo u = s.state().lastUndo();
        if (u == null) {
            throw new ControlException(ErrorCode.NOT_FOUND, "nothing to undo: no rating left from this session");
        }
        try {
            s.store.setUndone(u.ratingId(), true);
        } catch (StoreException e) {
            throw new ControlException(ErrorCode.FAILED, "the undo was not stored: " + e.getMessage(), e);
        }
        s.set(s.state().withoutLastUndo());
        s.restoreBefore(u.ratingId());
        s.set(s.state().withCurrent(u.rated()));
        s.currentIsNew(); // the knobs set since were for the track undone from
        events.emit("undone", body().put("ratingId", u.ratingId()).put("trackId", s.current().trackId()));
        events.emit("q_updated", DeviceViews.learner(s.learner()));
        playback.playCurrent();
        ObjectNode reply = body().put("ratingId", u.ratingId());
        reply.setAll(DeviceViews.learner(s.learner()));
        return reply.set("track", DeviceViews.track(s.current()));
    }

    ObjectNode keep(String note) {
        long id = storeCall(() -> s.store.keep(s.profile().id(), s.current().track(), note == null ? "" : note));
        s.signal(ImplicitSignal.KEEP);
        return body().put("keptId", id).put("trackId", s.current().trackId());
    }

    /** Writes the current track, or a kept one, as a type 1 Standard MIDI File. */
    ObjectNode export(Path path, Optional<Long> keptId) {
        // the device makes no folders for a client: a typo must not leave one behind (as root, anywhere)
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
            throw Request.bad(java.nio.file.Files.exists(dir) ? dir + " is not a folder"
                    : "no folder " + dir + ": make it first, or export elsewhere");
        }
        Track t = s.current().track();
        if (keptId.isPresent()) {
            t = storeCall(() -> s.store.kept(s.profile().id())).stream().filter(k -> k.id() == keptId.get())
                    .map(KeptTrack::track).findFirst().orElseThrow(() -> new ControlException(ErrorCode.NOT_FOUND,
                            "no kept track " + keptId.get() + " in profile '" + s.profile().name() + "'"));
        }
        try {
            MidiFiles.write(t, s.voice(), path);
        } catch (java.nio.file.FileSystemException e) {
            // no such folder, not a folder, no permission, a read-only or special file system: the client's path
            throw new ControlException(ErrorCode.BAD_VALUE, "cannot write " + path + ": " + e, e);
        } catch (IOException e) {
            throw new ControlException(ErrorCode.FAILED, "cannot write " + path + ": " + e, e);
        }
        if (keptId.isEmpty()) {
            s.signal(ImplicitSignal.EXPORT);
        }
        s.log.accept("exported " + (keptId.isPresent() ? "kept track " + keptId.get() : "track " + s.current().trackId())
                + " to " + path);
        ObjectNode r = body().put("path", path.toString());
        keptId.ifPresentOrElse(k -> r.put("keptId", k), () -> r.put("trackId", s.current().trackId()));
        return r;
    }

    /**
     * The profile's last {@code limit} ratings (undone ones too), oldest first, each with the episode it belongs
     * to as counted from the stored ratings (what a restart counts).
     */
    ObjectNode history(int limit) {
        if (limit < 1 || limit > Device.MAX_HISTORY) {
            throw Request.bad("limit " + limit + " outside 1.." + Device.MAX_HISTORY);
        }
        // summaries: a long profile is listed without parsing two tracks per rating
        List<RatingSummary> all = storeCall(() -> s.store.ratingSummaries(s.profile().id()));
        int[] episode = Episodes.number(all, RatingSummary::before, RatingSummary::after, RatingSummary::undone, null);
        long undone = all.stream().filter(RatingSummary::undone).count();
        ObjectNode o = body().put("profile", s.profile().name()).put("total", all.size() - undone).put("undone", undone)
                .put("stored", all.size());
        var list = o.putArray("ratings");
        for (int i = Math.max(0, all.size() - limit); i < all.size(); i++) {
            RatingSummary r = all.get(i);
            ObjectNode j = list.addObject().put("ratingId", r.id()).put("episode", episode[i]);
            j.set("rating", DeviceViews.rating(r.rating()));
            j.put("source", r.source()).put("undone", r.undone()).put("time", localTime(r.time()));
        }
        return o;
    }

    /** ISO-8601 in the device's time zone, to the second: 2026-12-01T23:40:12+01:00. */
    static String localTime(Instant t) {
        return t.atZone(java.time.ZoneId.systemDefault()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toOffsetDateTime().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
