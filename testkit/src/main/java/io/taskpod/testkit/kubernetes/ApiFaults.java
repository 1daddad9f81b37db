package io.taskpod.testkit.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Fault injection for the {@link TestKubernetesApiServer}: scripted errors, dropped connections and delays for
 * the next requests that match, and disruptions of the watches that are open now. Rules are used up in the
 * order they were added; a request uses at most one failure rule and one delay rule.
 */
public final class ApiFaults {

    /** What the server does with a request before (or instead of) serving it. */
    sealed interface Outcome {
        /** Serve the request normally. */
        record Serve() implements Outcome {}

        /** Answer with this error. */
        record Fail(ApiError error) implements Outcome {}

        /** Close the connection without answering. */
        record Reset() implements Outcome {}

        /**
         * Answer as a proxy or load balancer in front of the API server does: a plain-text body, not a Kubernetes
         * {@code Status}, with {@code Retry-After} as a header only.
         */
        record ProxyError(int code, Duration retryAfter) implements Outcome {}
    }

    /** The decision for one request: how long to hold it, then what to do. */
    record Decision(Duration delay, Outcome outcome) {}

    /** One scripted fault with the number of requests it still applies to. */
    private static final class Rule {
        private final Predicate<ApiRequest> which;
        private final Function<ApiRequest, Outcome> outcome;
        private final Duration delay;
        private int remaining;

        Rule(int times, Predicate<ApiRequest> which, Function<ApiRequest, Outcome> outcome, Duration delay) {
            this.remaining = times;
            this.which = which;
            this.outcome = outcome;
            this.delay = delay;
        }

        Outcome outcome(ApiRequest request) {
            return outcome.apply(request);
        }

        Duration delay() {
            return delay;
        }
    }

    private final List<Rule> outcomeRules = new ArrayList<>();
    private final List<Rule> delayRules = new ArrayList<>();
    private final WatchRegistry watches;
    private Duration delayAll = Duration.ZERO;

    ApiFaults(WatchRegistry watches) {
        this.watches = watches;
    }

    /** The next {@code times} requests matching {@code which} get {@code failure}. */
    public synchronized ApiFaults failNext(int times, Predicate<ApiRequest> which, Failure failure) {
        outcomeRules.add(new Rule(times, which, request -> new Outcome.Fail(failure.toError(request)), Duration.ZERO));
        return this;
    }

    /** The next {@code times} pod creates get {@code failure}. */
    public ApiFaults failPodCreates(int times, Failure failure) {
        return failNext(times, ApiRequest.creates("pods"), failure);
    }

    /** The next {@code times} requests matching {@code which} have their connection closed without an answer. */
    public synchronized ApiFaults resetNext(int times, Predicate<ApiRequest> which) {
        outcomeRules.add(new Rule(times, which, request -> new Outcome.Reset(), Duration.ZERO));
        return this;
    }

    /**
     * The next {@code times} requests matching {@code which} are answered with {@code code} by a proxy in front of the
     * API server: a plain-text body and a {@code Retry-After} header of {@code retryAfter} (none when zero), which a
     * client can only learn from the header.
     */
    public synchronized ApiFaults failNextFromProxy(int times, Predicate<ApiRequest> which, int code,
            Duration retryAfter) {
        outcomeRules.add(new Rule(times, which, request -> new Outcome.ProxyError(code, retryAfter), Duration.ZERO));
        return this;
    }

    /** The next {@code times} pod creates have their connection closed without an answer. */
    public ApiFaults resetPodCreates(int times) {
        return resetNext(times, ApiRequest.creates("pods"));
    }

    /** The next {@code times} watch requests are refused with HTTP 410 Gone. */
    public ApiFaults rejectNextWatches(int times) {
        return failNext(times, request -> request.verb() == Verb.WATCH, Failure.expired());
    }

    /**
     * The next {@code times} requests matching {@code which} are held for {@code delay} before being served (a
     * client that gives up meanwhile still has its request carried out, as with a slow real server). Watch
     * requests are not delayed.
     */
    public synchronized ApiFaults delayNext(int times, Predicate<ApiRequest> which, Duration delay) {
        delayRules.add(new Rule(times, which, request -> new Outcome.Serve(), delay));
        return this;
    }

    /** Every request but watches is held for {@code delay}; {@link Duration#ZERO} ends this. */
    public synchronized ApiFaults delayAll(Duration delay) {
        delayAll = delay;
        return this;
    }

    /** Sends a 410 Expired ERROR event to every open watch and ends it, as a compacted watch cache does. */
    public void expireOpenWatches() {
        watches.failAll(ApiError.gone("too old resource version: the watch cache was compacted"));
    }

    /** Cuts the connection of every open watch, as a network failure or a load balancer does. */
    public void dropOpenWatches() {
        watches.abortAll();
    }

    /** Forgets every pending rule and delay. */
    public synchronized void clear() {
        outcomeRules.clear();
        delayRules.clear();
        delayAll = Duration.ZERO;
    }

    synchronized Decision decide(ApiRequest request) {
        Duration delay = take(delayRules, request).map(Rule::delay).orElse(delayAll);
        Outcome outcome = take(outcomeRules, request).map(rule -> rule.outcome(request)).orElseGet(Outcome.Serve::new);
        return new Decision(delay, outcome);
    }

    private static Optional<Rule> take(List<Rule> rules, ApiRequest request) {
        Iterator<Rule> iterator = rules.iterator();
        while (iterator.hasNext()) {
            Rule rule = iterator.next();
            if (rule.which.test(request)) {
                if (--rule.remaining <= 0) {
                    iterator.remove();
                }
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
