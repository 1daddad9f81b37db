package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every DELETE of a single object with the grace period and propagation policy it carried. */
final class DeleteRecorder {

    private final List<DeleteRequest> requests = new CopyOnWriteArrayList<>();

    void record(ApiRequest request, Map<String, String> query, byte[] body) {
        ObjectNode options = options(body);
        OptionalLong grace = OptionalLong.empty();
        String fromQuery = query.get("gracePeriodSeconds");
        JsonNode fromBody = options.path("gracePeriodSeconds");
        if (fromQuery != null && fromQuery.matches("-?\\d+")) {
            grace = OptionalLong.of(Long.parseLong(fromQuery));
        } else if (fromBody.isIntegralNumber()) {
            grace = OptionalLong.of(fromBody.asLong());
        }
        Optional<String> propagation = Optional.ofNullable(query.get("propagationPolicy"))
                .or(() -> Optional.of(Json.text(options, "propagationPolicy")).filter(policy -> !policy.isEmpty()));
        requests.add(new DeleteRequest(request, grace, propagation));
    }

    List<DeleteRequest> snapshot() {
        return List.copyOf(requests);
    }

    private static ObjectNode options(byte[] body) {
        if (body == null || body.length == 0) {
            return Json.object();
        }
        try {
            return Json.parseObject(body);
        } catch (ApiError unparseable) {
            return Json.object();
        }
    }
}
