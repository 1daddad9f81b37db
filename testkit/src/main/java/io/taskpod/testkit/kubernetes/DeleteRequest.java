package io.taskpod.testkit.kubernetes;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One DELETE of a single object as it arrived, for tests of what a client asks a delete to do.
 * The options are read from the query string over the {@code DeleteOptions} body, as the server applies them;
 * fabric8 sends them in the body.
 *
 * @param request the verb, resource, namespace, name and client of the request
 * @param gracePeriodSeconds {@code gracePeriodSeconds}, empty when the request did not carry one
 * @param propagationPolicy {@code propagationPolicy} ({@code Orphan}, {@code Background}, {@code Foreground}),
 *     empty when the request did not carry one
 */
public record DeleteRequest(ApiRequest request, OptionalLong gracePeriodSeconds, Optional<String> propagationPolicy) {}
