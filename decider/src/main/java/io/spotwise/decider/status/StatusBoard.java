package io.spotwise.decider.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WriteStatus;
import io.spotwise.decider.policy.config.EffectiveConfig;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.WorkloadSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What {@code kubectl} shows per opted-in workload: desired and actual split, state (balanced, converging, fallback
 * until …, paused because …, blocked by PDB …), the last action and why. The leader asks it every tick for the
 * {@link WriteStatus} actions due: only for workloads whose status changed, at most one per {@code interval} each.
 * It learns the last action of each workload from the actions and outcomes it reads back. Runs on the state's context.
 */
public final class StatusBoard {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration interval;
    private final Duration actionTimeout;
    private final Supplier<String> ids;
    private final LongSupplier leaderEpoch;
    private final Map<WorkloadRef, LastAction> last = new HashMap<>();
    private final Map<WorkloadRef, String> written = new HashMap<>();
    private final Map<WorkloadRef, Instant> writtenAt = new HashMap<>();

    public StatusBoard(Duration interval, Duration actionTimeout, Supplier<String> ids, LongSupplier leaderEpoch) {
        this.interval = interval;
        this.actionTimeout = actionTimeout;
        this.ids = ids;
        this.leaderEpoch = leaderEpoch;
    }

    /** An action read back from spotwise.actions (any leader's). */
    public void seen(Action a) {
        if (a instanceof WriteStatus) {
            return;
        }
        LastAction before = last.get(a.workload());
        if (before == null || !a.decidedAt().isBefore(before.decidedAt())) {
            last.put(a.workload(), LastAction.of(a));
        }
    }

    /** An outcome read back: completes the last action of its workload when it is that one. */
    public void answered(Outcome o) {
        LastAction l = last.get(o.workload());
        if (l != null && l.id().equals(o.actionId()) && o.result() != OutcomeResult.STARTED) {
            last.put(o.workload(), l.answered(o.result(), o.detail()));
        }
    }

    /** The status writes due now, marked as written. */
    public List<Action> due(SpotState state, Instant now) {
        List<Action> out = new ArrayList<>();
        Set<WorkloadRef> present = new HashSet<>();
        for (WorkloadSummary s : state.summaries(now)) {
            WorkloadRef ref = s.workload();
            present.add(ref);
            String uid = state.workloadUid(ref);
            EffectiveConfig config = state.config(ref);
            if (uid == null || config == null) {
                continue;
            }
            Instant at = writtenAt.get(ref);
            if (at != null && now.isBefore(at.plus(interval))) {
                continue;
            }
            ObjectNode status = status(s, config, state.rebalancePause(ref), last.get(ref));
            String key = status.toString();
            if (key.equals(written.get(ref))) {
                continue;
            }
            written.put(ref, key);
            writtenAt.put(ref, now);
            String summary = summary(status);
            status.put("updatedAt", now.truncatedTo(ChronoUnit.SECONDS).toString());
            out.add(new WriteStatus(ids.get(), ref, uid, ActionReason.STATUS, now, leaderEpoch.getAsLong(), now.plus(actionTimeout),
                    status.toString(), truncate(summary)));
        }
        written.keySet().retainAll(present);
        writtenAt.keySet().retainAll(present);
        last.keySet().retainAll(present);
        return out;
    }

    static ObjectNode status(WorkloadSummary s, EffectiveConfig config, String pause, LastAction lastAction) {
        int desiredSpot = s.spotPods() - s.excessSpot() + s.excessOnDemand();
        int desiredOnDemand = s.onDemandPods() - s.excessOnDemand() + s.excessSpot();
        ObjectNode n = JSON.createObjectNode();
        n.put("state", state(s, config, pause, lastAction));
        n.putObject("desired").put("spot", desiredSpot).put("onDemand", desiredOnDemand);
        n.putObject("actual").put("spot", s.spotPods()).put("onDemand", s.onDemandPods());
        n.put("percentage", config.percentage()).put("minOnDemandReplicas", config.minOnDemandReplicas());
        if (lastAction != null) {
            ObjectNode a = n.putObject("lastAction").put("type", lastAction.type()).put("reason", lastAction.reason())
                    .put("decidedAt", lastAction.decidedAt().truncatedTo(ChronoUnit.SECONDS).toString());
            if (lastAction.result() != null) {
                a.put("result", lastAction.result().name());
            }
        }
        return n;
    }

    private static String state(WorkloadSummary s, EffectiveConfig config, String pause, LastAction lastAction) {
        if (s.fallbackActive() && config.disabledUntil() != null) {
            return "fallback until " + config.disabledUntil().truncatedTo(ChronoUnit.SECONDS);
        }
        boolean off = s.excessSpot() + s.excessOnDemand() > 0;
        if (off && pause != null) {
            return "paused because " + pause;
        }
        if (off && lastAction != null && lastAction.result() == OutcomeResult.BLOCKED_BY_PDB) {
            String detail = lastAction.detail() == null ? "" : ": " + lastAction.detail();
            return "blocked by PDB" + (detail.length() > 200 ? detail.substring(0, 199) + "…" : detail);
        }
        return off ? "converging" : "balanced";
    }

    static String summary(ObjectNode n) {
        String s = n.path("state").asText() + ": " + n.path("actual").path("spot").asInt() + " spot / "
                + n.path("actual").path("onDemand").asInt() + " on-demand, desired " + n.path("desired").path("spot").asInt() + " / "
                + n.path("desired").path("onDemand").asInt() + " (" + n.path("percentage").asInt() + " %, min "
                + n.path("minOnDemandReplicas").asInt() + ")";
        if (n.has("lastAction")) {
            ObjectNode a = (ObjectNode) n.get("lastAction");
            s += "; last " + a.path("type").asText() + " " + a.path("reason").asText()
                    + (a.has("result") ? " → " + a.path("result").asText() : " (in flight)") + " at " + a.path("decidedAt").asText();
        }
        return s;
    }

    private static String truncate(String s) {
        return s.length() <= WriteStatus.MAX_STATUS_CHARS ? s : s.substring(0, WriteStatus.MAX_STATUS_CHARS - 1) + "…";
    }
}
