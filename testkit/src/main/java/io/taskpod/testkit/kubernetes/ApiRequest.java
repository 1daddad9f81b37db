package io.taskpod.testkit.kubernetes;

import java.util.function.Predicate;

/**
 * One request as the test API server sees it, for fault injection rules and request counts.
 *
 * @param verb the API verb
 * @param resource the resource, with its subresource as Kubernetes names it: {@code pods}, {@code pods/status},
 *     {@code pods/binding}, {@code namespaces}
 * @param namespace the namespace in the URL, or "" for cluster-scoped and all-namespace requests
 * @param name the object's name: from the URL, or for a create from the body ("" when only
 *     {@code generateName} is given, and for lists and watches)
 * @param userAgent the client's {@code User-Agent}, which tells the executor's requests from a test kubelet's
 */
public record ApiRequest(Verb verb, String resource, String namespace, String name, String userAgent) {

    /** Creates of the given resource, e.g. {@code creates("pods")}. */
    public static Predicate<ApiRequest> creates(String resource) {
        return request -> request.verb == Verb.CREATE && request.resource.equals(resource);
    }

    /** Creates of the given resource whose object name matches. */
    public static Predicate<ApiRequest> creates(String resource, Predicate<String> name) {
        return creates(resource).and(request -> name.test(request.name));
    }

    /** Requests with the given verb on the given resource. */
    public static Predicate<ApiRequest> of(Verb verb, String resource) {
        return request -> request.verb == verb && request.resource.equals(resource);
    }
}
