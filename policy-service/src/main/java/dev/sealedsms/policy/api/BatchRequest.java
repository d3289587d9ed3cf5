package dev.sealedsms.policy.api;

import java.util.List;

/** Body of {@code POST /v1/messages:batch}: up to 1,000 messages, each as for {@code POST /v1/messages}. */
public record BatchRequest(List<SendRequest> messages) {
}
