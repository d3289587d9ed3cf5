package dev.sealedsms.policy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sealedsms.policy.rules.Reason;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem details, with the stable {@code reason} code clients switch on. The detail
 * never quotes a body or a number.
 *
 * @param messageId set when the message got an id before it was refused (policy rejections)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String reason, String detail, String messageId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(Reason reason, String detail, String messageId) {
        return new Problem(reason.typeUri(), reason.title(), reason.status(), reason.name(), detail, messageId);
    }

    public Response toResponse() {
        Response.ResponseBuilder r = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (status == 401) {
            r.header("WWW-Authenticate", "Bearer");
        }
        return r.build();
    }
}
