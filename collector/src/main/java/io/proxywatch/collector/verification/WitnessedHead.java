package io.proxywatch.collector.verification;

import java.time.Instant;

/** The latest tree head one region read from one source of a checksum database; {@code note} is the signed note, whole. */
public record WitnessedHead(String sumdbName, String region, String proxy, String source, String via, long treeSize,
                            String rootHash, String note, String error, Instant time, String agentId, long sequence) {}
