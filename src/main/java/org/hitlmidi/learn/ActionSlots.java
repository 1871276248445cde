package org.hitlmidi.learn;

import java.util.EnumSet;
import java.util.Set;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;

/**
 * Numbers actions by (type, index) alone: slot = index * types + type, whatever the state's note count, so a
 * state that does not encode the count (a summary) never reads one action's value as another's. The slots of a
 * state with n notes are listed type-major, as the paper's itertools.product(range(types), range(n)) does.
 */
public final class ActionSlots {
    private final ActionType[] types;

    public ActionSlots(Set<ActionType> allowed) {
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("a learner needs at least one action type");
        }
        this.types = EnumSet.copyOf(allowed).toArray(new ActionType[0]);
    }

    private static final int TYPES = ActionType.count();

    public static int slot(Action a) {
        return a.index() * TYPES + a.type().ordinal();
    }

    public static Action action(int slot) {
        return new Action(ActionType.of(slot % TYPES), slot / TYPES);
    }

    /** Writes the allowed slots of a state with {@code notes} notes into {@code out}; returns how many. */
    public int fill(int notes, int[] out) {
        int c = 0;
        for (ActionType t : types) {
            for (int i = 0; i < notes; i++) {
                out[c++] = i * TYPES + t.ordinal();
            }
        }
        return c;
    }

    /** The largest number of slots a state with {@code notes} notes can have. */
    public int capacity(int notes) {
        return types.length * notes;
    }

    public Set<ActionType> types() {
        return Set.of(types);
    }
}
