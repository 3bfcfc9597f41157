package io.spotwise.chaos;

/** What the checker asserts at the end of a campaign (issue 10, DESIGN §7). */
public enum Guarantee {
    EVICTED_AT_MOST_ONCE("no pod evicted twice for one action; every eviction traces to a committed action"),
    ONE_TERMINAL_OUTCOME("every action has exactly one terminal outcome, and it tells what happened"),
    EVENT_ONCE("no Event written twice for one action, and none lost"),
    FENCED_LEADER("no write of a fenced leader took effect"),
    PDB_RESPECTED("zero PodDisruptionBudget violations"),
    CONVERGENCE("every workload converges to its split once faults stop"),
    SERVICES_READY("every service alive and ready");

    private final String text;

    Guarantee(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
