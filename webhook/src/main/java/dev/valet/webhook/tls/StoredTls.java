package dev.valet.webhook.tls;

import dev.valet.certs.TlsMaterial;

/**
 * TLS material as it stands in its Secret.
 *
 * @param material what the Secret holds
 * @param resourceVersion the Secret's version; a write based on it fails if anyone wrote since
 */
public record StoredTls(TlsMaterial material, String resourceVersion) {}
