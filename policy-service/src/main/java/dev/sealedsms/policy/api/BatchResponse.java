package dev.sealedsms.policy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sealedsms.events.TextEncoding;
import java.time.Instant;
import java.util.List;

/**
 * Answer to a batch: one item per message, in request order, and counts.
 *
 * @param accepted items with status 202
 */
public record BatchResponse(int accepted, int rejected, List<Item> results) {

    static BatchResponse of(List<Item> items) {
        int ok = (int) items.stream().filter(i -> i.status() == 202).count();
        return new BatchResponse(ok, items.size() - ok, items);
    }

    /**
     * One message's result.
     *
     * @param status    what {@code POST /v1/messages} would have answered: 202, 400, 422, 429 or 503
     * @param messageId set when the message got an id (accepted, or refused by the policy)
     * @param reason    the stable reason code when not accepted
     * @param sendAt    as in the single answer: when an accepted message is held, until when
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, int status, String messageId, String reason, String detail, Integer segments,
            TextEncoding encoding, String clientReference, Instant sendAt, String deferredBy) {

        static Item of(int index, Problem p) {
            return new Item(index, p.status(), p.messageId(), p.reason(), p.detail(), null, null, null, null, null);
        }
    }
}
