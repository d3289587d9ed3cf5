package dev.sealedsms.policy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sealedsms.events.EventJson;
import dev.sealedsms.policy.rules.Reason;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem documents for the refusals the HTTP router makes before any resource runs, so that a
 * client switches on {@code reason} there too (issue 22, point 3):
 * <ul>
 * <li>a path no endpoint has: 404 {@code PATH_NOT_FOUND} (an unknown message id stays
 * {@code MESSAGE_NOT_FOUND}, answered by its resource);
 * <li>a failure the router answers 400 on its own: 400 {@code MALFORMED_REQUEST};
 * <li>on HTTP/1.x, a {@code Content-Length} over {@code quarkus.http.limits.max-body-size}: 413
 * {@code PAYLOAD_TOO_LARGE}, the connection closed because its body is not read (this runs before
 * Quarkus's own limit check, which answers with no body); a POST, PUT or PATCH with neither
 * {@code Content-Length} nor {@code Transfer-Encoding}: 411 {@code LENGTH_REQUIRED}.
 * </ul>
 * What the HTTP/1.1 parser itself refuses (a control character in a header, a {@code Content-Length}
 * that is not one number or comes with {@code Transfer-Encoding}, a path it cannot decode, a
 * request line or headers over their limits) never
 * reaches the router: Vert.x answers it 400, 414 or 431 with no body and closes the connection, and
 * Quarkus offers no hook there (policy-service README, "HTTP").
 */
@ApplicationScoped
public class HttpProblems {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    /** One answer for a path no endpoint has, from the router or from RESTEasy. */
    static final Problem PATH_NOT_FOUND = Problem.of(Reason.PATH_NOT_FOUND,
            "no endpoint has this path; see the OpenAPI document at /q/openapi", null);
    /** One answer for a request that cannot be read, from the router or from RESTEasy. */
    static final Problem MALFORMED = Problem.of(Reason.MALFORMED_REQUEST, "the request cannot be read", null);

    private final long maxBodyBytes;

    HttpProblems(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::framing);
        router.errorHandler(404, ctx -> answer(ctx, PATH_NOT_FOUND, false));
        router.errorHandler(400, ctx -> answer(ctx, MALFORMED, false));
    }

    private void framing(RoutingContext ctx) {
        if (ctx.request().version() == HttpVersion.HTTP_2) {
            ctx.next();
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            // the parser has refused any value that is not one decimal number
            if (bytes(length) > maxBodyBytes) {
                answer(ctx, Problem.of(Reason.PAYLOAD_TOO_LARGE, "the request body is over the limit of "
                        + maxBodyBytes + " bytes; a batch of 1,000 messages of 5,000 characters fits", null), true);
                return;
            }
        } else if (WITH_BODY.contains(ctx.request().method())
                && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
            answer(ctx, Problem.of(Reason.LENGTH_REQUIRED, "send 'Content-Length' (or a chunked body)", null), true);
            return;
        }
        ctx.next();
    }

    /** A Content-Length the parser took; past 18 digits it is over any limit. */
    private static long bytes(String value) {
        String digits = value.trim();
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** Writes {@code problem}; {@code close}: the body was not read, so the connection cannot be reused. */
    private static void answer(RoutingContext ctx, Problem problem, boolean close) {
        if (ctx.response().headWritten()) {
            return;
        }
        String json;
        try {
            json = EventJson.mapper().writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem as JSON", e);
        }
        ctx.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (close) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.response().endHandler(ignored -> ctx.request().connection().close());
        }
        ctx.response().end(json);
    }
}
