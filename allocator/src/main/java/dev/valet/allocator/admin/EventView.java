package dev.valet.allocator.admin;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * One entry of the audit log.
 *
 * @param id its place in the log
 * @param at when it happened
 * @param kind what happened, such as {@code lease.allocated} or {@code key.retired}
 * @param actor who did it: the webhook, the reconciler, or an operator's identity
 * @param pool the pool concerned
 * @param leaseId the lease concerned
 * @param keyId the key concerned
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param detail what else was recorded, such as the public keys and the reason
 */
public record EventView(
    long id,
    OffsetDateTime at,
    String kind,
    String actor,
    Optional<String> pool,
    Optional<UUID> leaseId,
    Optional<Long> keyId,
    Optional<String> namespace,
    Optional<String> pod,
    JsonObject detail) {}
