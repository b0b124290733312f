package io.proxywatch.collector.verification;

import java.time.Instant;

/**
 * The checksum state of one .mod or .zip for one region and proxy: {@code verified}, {@code mismatch},
 * {@code unverifiable} (reason and detail say why) or {@code pending} (probed, not verified yet; the other fields
 * are empty). {@code expectedH1} is the database's, {@code observedH1} what the region was served.
 */
public record ChecksumState(String proxy, String module, String version, String file, String region, String state,
                            String reason, String detail, String observedH1, String expectedH1, String sumdbName,
                            String source, long treeSize, Instant updatedAt, String agentId, long sequence, String url) {}
