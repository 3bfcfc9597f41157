package io.spotwise.decider.state;

import io.spotwise.contract.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outcomes read, by action id, for as long as their action could still be read back: spotwise.actions and
 * spotwise.outcomes are read side by side, so an outcome may come first, and must still close its action.
 * Single-threaded (the state's context); entries leave in arrival order once older than {@code remember}.
 */
final class AnsweredActions {

    private final Duration remember;
    private record Answer(Outcome outcome, Instant readAt) {
    }

    private final LinkedHashMap<String, Answer> ids = new LinkedHashMap<>();

    AnsweredActions(Duration remember) {
        this.remember = remember;
    }

    void add(Outcome outcome, Instant now) {
        expire(now);
        ids.put(outcome.actionId(), new Answer(outcome, now));
    }

    /** The outcome of this action if it was read already, else null. */
    Outcome outcomeOf(String actionId) {
        Answer a = ids.get(actionId);
        return a == null ? null : a.outcome();
    }

    private void expire(Instant now) {
        Instant oldest = now.minus(remember);
        for (Iterator<Map.Entry<String, Answer>> it = ids.entrySet().iterator(); it.hasNext();) {
            if (!it.next().getValue().readAt().isBefore(oldest)) {
                return;
            }
            it.remove();
        }
    }
}
