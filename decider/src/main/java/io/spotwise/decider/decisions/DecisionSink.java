package io.spotwise.decider.decisions;

import io.spotwise.contract.Decision;

/** Where admission decisions go as they are made; must never block the caller. */
@FunctionalInterface
public interface DecisionSink {

    DecisionSink NONE = decision -> {};

    void record(Decision decision);
}
