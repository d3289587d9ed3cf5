package dev.sealedsms.policy.callback;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code PUT /v1/callbacks}: where to POST the client's status changes. */
public record CallbackRequest(
        @Schema(description = "https URL that receives every status change of the client's messages",
                examples = "https://hooks.example.com/sealed-sms", required = true) String url) {
}
