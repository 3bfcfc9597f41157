package io.spotwise.decider.policy;

import io.spotwise.common.contract.Action;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * One tick of the leader: config-invalid reports, re-enable, fallback, rebalancing. Deterministic: the same state and
 * the same {@code now} give the same actions (ids come from the injected source). Emitted actions are marked in the
 * state so the next tick does not repeat them.
 */
public final class ControlLoop {

    private final Supplier<String> ids;

    public ControlLoop(Supplier<String> ids) {
        this.ids = ids;
    }

    public List<Action> tick(SpotState state, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }
}
