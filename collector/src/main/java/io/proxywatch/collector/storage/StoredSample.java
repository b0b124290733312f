package io.proxywatch.collector.storage;

import java.time.Instant;

/** One stored probe sample; nullable columns are boxed and null where the probe had no value. */
public record StoredSample(Instant time, String agentId, long sequence, String region, String module, String version,
                           String endpoint, String url, Instant scheduledAt, String method, int status, Long dnsUs,
                           Long connectUs, Long tlsUs, Long ttfbUs, Long totalUs, String etag, String lastModified,
                           String cacheControl, String location, String contentType, Long ageS, Long contentLength,
                           String edge, String cacheStatus, String remoteAddress, String httpProtocol, String tlsVersion,
                           String contentSha256, long bodyBytes, String errorClass, String errorMessage) {}
