package org.hitlmidi.learn;

import java.util.EnumSet;
import java.util.Set;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;

/**
 * Numbers the actions of a state with n notes: slot = type * n + index, so (type, index) pairs enumerate
 * type-major, as the paper's itertools.product(range(types), range(n)) does.
 */
public final class ActionSlots {
    private final ActionType[] types;

    public ActionSlots(Set<ActionType> allowed) {
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("a learner needs at least one action type");
        }
        this.types = EnumSet.copyOf(allowed).toArray(new ActionType[0]);
    }

    public static int slot(Action a, int notes) {
        return a.type().ordinal() * notes + a.index();
    }

    public static Action action(int slot, int notes) {
        return new Action(ActionType.of(slot / notes), slot % notes);
    }

    /** Writes the allowed slots of a state with {@code notes} notes into {@code out}; returns how many. */
    public int fill(int notes, int[] out) {
        int c = 0;
        for (ActionType t : types) {
            for (int i = 0; i < notes; i++) {
                out[c++] = t.ordinal() * notes + i;
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
