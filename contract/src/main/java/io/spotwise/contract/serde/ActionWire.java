package io.spotwise.contract.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.InvalidActionException;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.contract.WriteStatus;
import java.util.List;
import java.util.Map;

/**
 * The wire format of {@link Action}s. Schema version 2 (written): a flat JSON object, {@code schemaVersion} and
 * {@code type} first, then the record's fields; the kind is chosen by {@code type} ({@code EVICT_POD} by its
 * {@code reason}: {@code FALLBACK} → {@link FallbackEviction}, otherwise {@link RebalanceEviction}). Schema version 1
 * (read only) is upgraded by {@link ActionV1}.
 */
final class ActionWire {

    /** Fields a v2 writer always writes although the type allows null for records upgraded from v1. */
    private static final Map<Class<?>, List<String>> REQUIRED_IN_V2 = Map.of(
            DisableSpot.class, List.of("trigger", "pendingFor"),
            EnableSpot.class, List.of("counts"));

    private ActionWire() {
    }

    static ObjectNode toTree(ObjectMapper mapper, Action action) {
        ObjectNode out = mapper.createObjectNode();
        out.put("schemaVersion", Action.SCHEMA_VERSION);
        out.put("type", action.type().name());
        out.setAll((ObjectNode) mapper.valueToTree(action));
        return out;
    }

    /** Reads a v1 or v2 action; InvalidActionException for a record that breaks its kind's contract. */
    static Action read(ObjectMapper mapper, ObjectNode tree, int version) throws JsonProcessingException {
        if (version == Action.PREVIOUS_SCHEMA_VERSION) {
            return mapper.treeToValue(tree, ActionV1.class).upgrade();
        }
        Class<? extends Action> kind = kind(tree);
        for (String field : REQUIRED_IN_V2.getOrDefault(kind, List.of())) {
            if (tree.path(field).isNull() || tree.path(field).isMissingNode()) {
                throw new InvalidActionException(field, kind.getSimpleName() + ": field '" + field + "' is required in schema version "
                        + Action.SCHEMA_VERSION);
            }
        }
        if (!tree.has("dryRun")) {
            tree.put("dryRun", false); // written before observation mode existed
        }
        return mapper.treeToValue(tree, kind);
    }

    private static Class<? extends Action> kind(ObjectNode tree) {
        JsonNode type = tree.get("type");
        if (type == null || !type.isTextual()) {
            throw new InvalidActionException("type", "field 'type' is required: one of " + List.of(ActionType.values()));
        }
        ActionType t;
        try {
            t = ActionType.valueOf(type.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidActionException("type", "field 'type' is '" + type.textValue() + "', not one of " + List.of(ActionType.values()));
        }
        return switch (t) {
            case EVICT_POD -> "FALLBACK".equals(tree.path("reason").asText(null)) ? FallbackEviction.class : RebalanceEviction.class;
            case DISABLE_SPOT -> DisableSpot.class;
            case ENABLE_SPOT -> EnableSpot.class;
            case REPORT_CONFIG_INVALID -> ReportConfigInvalid.class;
            case REPORT_REBALANCE_PAUSED -> ReportRebalancePaused.class;
            case SET_DELETION_COST -> SetDeletionCost.class;
            case WRITE_STATUS -> WriteStatus.class;
        };
    }
}
