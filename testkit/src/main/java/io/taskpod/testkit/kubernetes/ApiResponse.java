package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;

/** A successful answer of the API server: status code and JSON body. */
record ApiResponse(int code, JsonNode body) {

    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body);
    }

    static ApiResponse created(JsonNode body) {
        return new ApiResponse(201, body);
    }
}
