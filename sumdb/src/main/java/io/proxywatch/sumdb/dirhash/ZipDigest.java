package io.proxywatch.sumdb.dirhash;

/** A verified module zip: its h1 (as go.sum records it), the SHA-256 hex of its bytes and their count. */
public record ZipDigest(String h1, String sha256, long bytes) {}
