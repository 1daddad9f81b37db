package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns HTTP requests into API operations: resolves the path, names the verb, counts the request and records a
 * DELETE's options, applies the scripted faults (delay, error, connection reset), then serves it through
 * {@link Resources}, {@link Lists} or {@link Watches}, and writes the answer or the error {@code Status}.
 */
final class ApiDispatcher implements Handler<HttpServerRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);

    /** The verbs each subresource ("" for the object itself) serves. */
    private static final Map<String, List<Verb>> SUBRESOURCES = Map.of(
            "", List.of(Verb.values()),
            "status", List.of(Verb.GET, Verb.UPDATE, Verb.PATCH),
            "binding", List.of(Verb.CREATE));

    private final Vertx vertx;
    private final Resources resources;
    private final Lists lists;
    private final Watches watches;
    private final WatchRegistry registry;
    private final ApiFaults faults;
    private final RequestCounter counter;
    private final DeleteRecorder deletes;
    private final Duration webSocketSettle;
    private final List<PodLogSource> logSources = new CopyOnWriteArrayList<>();

    /**
     * @param webSocketSettle how long a WebSocket watch waits after the upgrade before its first frame: fabric8's
     *     Vert.x client attaches its message handlers only after the upgrade completes and drops frames that
     *     arrive before (measured: most initial ADDED events lost when sent at once on a reused connection)
     */
    ApiDispatcher(Vertx vertx, Resources resources, Lists lists, Watches watches, WatchRegistry registry,
            ApiFaults faults, RequestCounter counter, DeleteRecorder deletes, Duration webSocketSettle) {
        this.vertx = vertx;
        this.webSocketSettle = webSocketSettle;
        this.resources = resources;
        this.lists = lists;
        this.watches = watches;
        this.registry = registry;
        this.faults = faults;
        this.counter = counter;
        this.deletes = deletes;
    }

    void addLogSource(PodLogSource source) {
        logSources.add(source);
    }

    @Override
    public void handle(HttpServerRequest request) {
        try {
            if (serveDiscovery(request)) {
                return;
            }
            ApiTarget target = ApiTarget.parse(request.path())
                    .orElseThrow(() -> ApiError.notFound("the server could not find the requested resource"));
            Map<String, String> query = query(request);
            if (request.method() == HttpMethod.GET && target.isCollection() && isWatch(query)) {
                watch(request, target, query);
                return;
            }
            request.body()
                    .onSuccess(body -> admit(request, target, query, body.getBytes()))
                    .onFailure(error -> respond(request, ApiError.badRequest(error.getMessage())));
        } catch (ApiError error) {
            respond(request, error);
        }
    }

    private void admit(HttpServerRequest request, ApiTarget target, Map<String, String> query, byte[] body) {
        try {
            Verb verb = verb(request.method(), target);
            ApiRequest apiRequest = new ApiRequest(verb, target.resourceName(), target.namespace(),
                    verb == Verb.CREATE ? createdName(body) : target.name(), userAgent(request));
            counter.record(apiRequest);
            if (verb == Verb.DELETE) {
                deletes.record(apiRequest, query, body);
            }
            ApiFaults.Decision decision = faults.decide(apiRequest);
            Runnable serve = () -> {
                switch (decision.outcome()) {
                    case ApiFaults.Outcome.Fail fail -> respond(request, fail.error());
                    case ApiFaults.Outcome.Reset ignored -> request.connection().close();
                    case ApiFaults.Outcome.ProxyError proxy -> respondAsProxy(request, proxy);
                    case ApiFaults.Outcome.Serve ignored -> serve(request, target, verb, query, body);
                }
            };
            if (decision.delay().isZero()) {
                serve.run();
            } else {
                vertx.setTimer(Math.max(1, decision.delay().toMillis()), timer -> serve.run());
            }
        } catch (ApiError error) {
            respond(request, error);
        }
    }

    private void serve(HttpServerRequest request, ApiTarget target, Verb verb, Map<String, String> query,
            byte[] body) {
        try {
            if (target.subresource().equals("log") && verb == Verb.GET) {
                serveLog(request, target);
                return;
            }
            if (!SUBRESOURCES.getOrDefault(target.subresource(), List.of()).contains(verb)) {
                throw ApiError.notFound("the server could not find the requested resource");
            }
            ApiResponse response = switch (verb) {
                case GET -> resources.get(target);
                case LIST -> lists.list(target, query, labels(query), fields(query, target));
                case CREATE -> create(target, query, body);
                case UPDATE -> resources.update(target, body);
                case PATCH -> resources.patch(target, request.getHeader("Content-Type"), body);
                case DELETE -> resources.delete(target, query, body);
                case DELETE_COLLECTION -> resources.deleteCollection(target, query, body, labels(query),
                        fields(query, target));
                case WATCH -> throw ApiError.methodNotAllowed("watch requests are GETs");
            };
            respond(request, response.code(), response.body(), Map.of());
        } catch (ApiError error) {
            respond(request, error);
        } catch (RuntimeException unexpected) {
            respond(request, new ApiError(500, "InternalError", "Internal error occurred: " + unexpected, "", "",
                    List.of(), 0));
        }
    }

    private ApiResponse create(ApiTarget target, Map<String, String> query, byte[] body) {
        if (target.type().equals(ResourceTypes.BINDINGS) && target.isCollection()) {
            String pod = Json.text(Json.parseObject(body), "metadata", "name");
            return resources.bind(new ApiTarget(ResourceTypes.PODS, target.namespace(), pod, ""), body);
        }
        if (target.subresource().equals("binding")) {
            return resources.bind(new ApiTarget(target.type(), target.namespace(), target.name(), ""), body);
        }
        if (!target.isCollection()) {
            throw ApiError.methodNotAllowed("POST is not supported on " + target.resourceName() + " objects");
        }
        return resources.create(target, query, body);
    }

    private void watch(HttpServerRequest request, ApiTarget target, Map<String, String> query) {
        ApiRequest apiRequest = new ApiRequest(Verb.WATCH, target.resourceName(), target.namespace(), "",
                userAgent(request));
        counter.record(apiRequest);
        LabelSelector labels = labels(query);
        FieldSelector fields = fields(query, target);
        String resourceVersion = query.getOrDefault("resourceVersion", "");
        switch (faults.decide(apiRequest).outcome()) {
            case ApiFaults.Outcome.Fail fail -> throw fail.error();
            case ApiFaults.Outcome.Reset ignored -> {
                request.connection().close();
                return;
            }
            case ApiFaults.Outcome.ProxyError proxy -> {
                respondAsProxy(request, proxy);
                return;
            }
            case ApiFaults.Outcome.Serve ignored -> watches.checkVersion(resourceVersion);
        }
        long timeoutSeconds = Long.parseLong(query.getOrDefault("timeoutSeconds", "0"));
        boolean bookmarks = "true".equals(query.get("allowWatchBookmarks"));
        boolean initialEvents = "true".equals(query.get("sendInitialEvents"));
        HttpConnection connection = request.connection();
        Context context = vertx.getOrCreateContext();
        String upgrade = Optional.ofNullable(request.getHeader("Upgrade")).orElse("");
        if (upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            request.toWebSocket().onSuccess(socket -> vertx.setTimer(webSocketSettle.toMillis(), settled -> {
                WatchSession session = new WatchSession(target.type(), target.namespace(), labels, fields, bookmarks,
                        new WatchStream.WebSocket(context, socket, connection));
                socket.closeHandler(closed -> registry.remove(session));
                watches.open(session, resourceVersion, initialEvents, timeoutSeconds);
                if (socket.isClosed()) {
                    registry.remove(session);
                }
            })).onFailure(failure -> {
                LOG.warn("watch upgrade failed for {}: {}", request.uri(), failure.toString());
                connection.close();
            });
            return;
        }
        HttpServerResponse response = request.response();
        response.setChunked(true).putHeader("Content-Type", "application/json").setStatusCode(200);
        response.writeHead();
        WatchSession session = new WatchSession(target.type(), target.namespace(), labels, fields, bookmarks,
                new WatchStream.Chunked(context, response, connection));
        response.closeHandler(closed -> registry.remove(session));
        watches.open(session, resourceVersion, initialEvents, timeoutSeconds);
    }

    private void serveLog(HttpServerRequest request, ApiTarget target) {
        resources.get(new ApiTarget(target.type(), target.namespace(), target.name(), ""));
        String text = logSources.stream()
                .map(source -> source.logs(target.namespace(), target.name()))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> ApiError.badRequest("container \"base\" in pod \"" + target.name()
                        + "\" is waiting to start: ContainerCreating"));
        request.response().putHeader("Content-Type", "text/plain").setStatusCode(200).end(text);
    }

    private boolean serveDiscovery(HttpServerRequest request) {
        String path = request.path();
        JsonNode body;
        switch (path) {
            case "/healthz", "/livez", "/readyz" -> {
                request.response().putHeader("Content-Type", "text/plain").end("ok");
                return true;
            }
            case "/version" -> body = Json.tree(Map.of("major", "1", "minor", "33",
                    "gitVersion", "v1.33.0-taskpod-test", "platform", "linux/amd64"));
            case "/api" -> body = Json.tree(Map.of("kind", "APIVersions", "versions", List.of("v1")));
            case "/apis" -> body = Json.tree(Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups",
                    ResourceTypes.all().stream().map(ResourceType::group).filter(group -> !group.isEmpty()).distinct()
                            .map(group -> Map.of("name", group, "versions", List.of(Map.of("groupVersion",
                                    group + "/v1", "version", "v1")), "preferredVersion",
                                    Map.of("groupVersion", group + "/v1", "version", "v1")))
                            .toList()));
            default -> {
                return false;
            }
        }
        respond(request, 200, body, Map.of());
        return true;
    }

    private static Verb verb(HttpMethod method, ApiTarget target) {
        if (method == HttpMethod.GET) {
            return target.isCollection() ? Verb.LIST : Verb.GET;
        }
        if (method == HttpMethod.POST) {
            return Verb.CREATE;
        }
        if (method == HttpMethod.PUT) {
            return Verb.UPDATE;
        }
        if (method == HttpMethod.PATCH) {
            return Verb.PATCH;
        }
        if (method == HttpMethod.DELETE) {
            return target.isCollection() ? Verb.DELETE_COLLECTION : Verb.DELETE;
        }
        throw ApiError.methodNotAllowed("the server does not allow this method on the requested resource");
    }

    private static boolean isWatch(Map<String, String> query) {
        String watch = query.getOrDefault("watch", "");
        return watch.equals("true") || watch.equals("1");
    }

    private static LabelSelector labels(Map<String, String> query) {
        return LabelSelector.parse(query.get("labelSelector"));
    }

    private static FieldSelector fields(Map<String, String> query, ApiTarget target) {
        return FieldSelector.parse(query.get("fieldSelector"), target.type());
    }

    private static String createdName(byte[] body) {
        try {
            return Json.text(Json.parseObject(body), "metadata", "name");
        } catch (ApiError unparseable) {
            return "";
        }
    }

    private static String userAgent(HttpServerRequest request) {
        return Optional.ofNullable(request.getHeader("User-Agent")).orElse("");
    }

    private static Map<String, String> query(HttpServerRequest request) {
        Map<String, String> query = new HashMap<>();
        request.params().forEach(entry -> query.putIfAbsent(entry.getKey(), entry.getValue()));
        return query;
    }

    private static void respond(HttpServerRequest request, ApiError error) {
        ObjectNode status = error.toStatus();
        Map<String, String> headers = error.retryAfterSeconds() > 0
                ? Map.of("Retry-After", Integer.toString(error.retryAfterSeconds())) : Map.of();
        respond(request, error.code(), status, headers);
    }

    private static void respondAsProxy(HttpServerRequest request, ApiFaults.Outcome.ProxyError proxy) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(proxy.code()).putHeader("Content-Type", "text/plain");
        if (!proxy.retryAfter().isZero()) {
            response.putHeader("Retry-After", Long.toString(Math.max(1, proxy.retryAfter().toSeconds())));
        }
        response.end("upstream unavailable: the proxy could not reach the API server\n");
    }

    private static void respond(HttpServerRequest request, int code, JsonNode body, Map<String, String> headers) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(code).putHeader("Content-Type", "application/json");
        headers.forEach(response::putHeader);
        response.end(Buffer.buffer(Json.write(body)));
    }
}
