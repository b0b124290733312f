-- proxywatch schema, version 1: agents and their probe samples.
-- Runs on the Apache-2 edition of TimescaleDB: hypertables and time_bucket only, no Timescale-License
-- features (no compression, no continuous aggregates, no policy jobs).

CREATE EXTENSION IF NOT EXISTS timescaledb;

-- One row per agent identity. highest_sequence is updated in the same transaction as the samples it
-- covers, which is what makes a replayed batch harmless: rows at or below it are never inserted again.
CREATE TABLE agents (
    agent_id          text        PRIMARY KEY,
    region            text        NOT NULL,
    software_version  text        NOT NULL DEFAULT '',
    first_seen        timestamptz NOT NULL DEFAULT now(),
    last_seen         timestamptz NOT NULL DEFAULT now(),
    highest_sequence  bigint      NOT NULL DEFAULT 0,
    samples_stored    bigint      NOT NULL DEFAULT 0,
    samples_rejected  bigint      NOT NULL DEFAULT 0,
    clock_skew_micros bigint
);

-- One row per probe. Times the agent measured are microseconds, cumulative from the probe's start (as
-- curl's -w timings); NULL where the phase did not happen or was not reached.
CREATE TABLE samples (
    time            timestamptz NOT NULL,          -- when the probe started (agent clock)
    agent_id        text        NOT NULL,
    sequence        bigint      NOT NULL,
    region          text        NOT NULL,
    module          text        NOT NULL,
    version         text        NOT NULL,          -- '' for list and latest
    endpoint        text        NOT NULL,          -- list | info | mod | zip | latest
    url             text        NOT NULL,
    scheduled_at    timestamptz NOT NULL,
    method          text        NOT NULL,
    http_status     smallint    NOT NULL,          -- 0 when no response
    dns_us          bigint,
    connect_us      bigint,
    tls_us          bigint,
    ttfb_us         bigint,
    total_us        bigint,
    etag            text,
    last_modified   text,
    cache_control   text,
    location        text,
    content_type    text,
    age_s           bigint,
    content_length  bigint,
    edge            text,
    cache_status    text,
    remote_address  text,
    http_protocol   text,
    tls_version     text,
    content_sha256  bytea,
    body_bytes      bigint      NOT NULL,
    error_class     text,                          -- NULL on success; dns | connect | tls | timeout | http | protocol
    error_message   text,
    received_at     timestamptz NOT NULL DEFAULT now()
);

SELECT create_hypertable('samples', by_range('time', INTERVAL '1 day'));

-- The REST filters: by region, by module (and endpoint), by URL, and an agent's own sequence.
CREATE INDEX samples_region_time_idx   ON samples (region, time DESC);
CREATE INDEX samples_module_time_idx   ON samples (module, endpoint, time DESC);
CREATE INDEX samples_url_time_idx      ON samples (url, time DESC);
CREATE INDEX samples_agent_seq_idx     ON samples (agent_id, sequence);
