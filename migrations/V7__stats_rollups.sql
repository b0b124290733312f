-- proxywatch schema, version 7: hourly rollups for /api/v1/stats over long windows.
-- The Apache-2 edition has no continuous aggregates, so the collector keeps its own (RollupJob):
-- per hour, region, module and endpoint the sample count, the error count and a log-scale histogram of
-- time to first byte (bin 0: 0 us; bin b >= 1: [2^((b-1)/16), 2^(b/16)) us), from which p50/p95/p99 are
-- read within a factor 2^(1/32) (+-2.2%) of the exact order statistics.
CREATE TABLE stats_rollup (
    hour         timestamptz NOT NULL,
    region       text        NOT NULL,
    module       text        NOT NULL,
    endpoint     text        NOT NULL,
    count        bigint      NOT NULL,
    errors       bigint      NOT NULL,   -- failed probes and 5xx, as the raw stats count them
    ttfb_bins    smallint[]  NOT NULL,   -- histogram bins present, ascending
    ttfb_counts  integer[]   NOT NULL,   -- samples per bin, same order
    PRIMARY KEY (module, hour, region, endpoint)
);
CREATE INDEX stats_rollup_hour_idx ON stats_rollup (hour, region);

-- Hours whose rollup is missing or out of date. The sample writer adds the hours of what it stores in the
-- same transaction (plain inserts, never blocking); the rollup job recomputes those hours from samples and
-- deletes exactly the marks it saw. Every hour with samples is therefore either marked here or complete in
-- stats_rollup, and the stats query reads marked hours from samples.
CREATE TABLE stats_rollup_dirty (
    id    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hour  timestamptz NOT NULL
);
CREATE INDEX stats_rollup_dirty_hour_idx ON stats_rollup_dirty (hour);

-- Samples stored before this version: every hour from the first to the last is marked (min/max are index
-- look-ups per chunk), and the job rolls them up in the background, newest first.
INSERT INTO stats_rollup_dirty (hour)
SELECT generate_series(time_bucket(INTERVAL '1 hour', min(time)), max(time), INTERVAL '1 hour') FROM samples;
