package io.spotwise.bench;

import io.spotwise.chaos.TopicReader;
import io.spotwise.contract.Action;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import io.spotwise.contract.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The committed {@code spotwise.actions} of a run, decoded with the decider's own codec. */
final class ActionLog {

    private static final Logger LOG = LoggerFactory.getLogger(ActionLog.class);

    private ActionLog() {
    }

    static List<Action> read(Map<String, Object> kafka) {
        List<Action> actions = new ArrayList<>();
        for (TopicReader.Rec r : TopicReader.read(kafka, Topics.ACTIONS, true)) {
            if (r.value() == null) {
                continue;
            }
            try {
                actions.add(RecordCodec.decode(r.value().encode().getBytes(StandardCharsets.UTF_8), Action.class, r.topic(), r.partition(), r.offset()));
            } catch (RecordReadException e) {
                LOG.warn("Skipping an unreadable action at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        return actions;
    }
}
