-- proxywatch schema, version 9: watches managed centrally, target sets pushed to agents, releases followed from
-- the module index, their propagation per proxy and region, on-demand checks, and per-proxy divergence.

-- What each sample came from and what a list or .info/@latest reported (empty/NULL from older agents).
ALTER TABLE samples ADD COLUMN proxy text NOT NULL DEFAULT '';
ALTER TABLE samples ADD COLUMN listed_versions text[];
ALTER TABLE samples ADD COLUMN reported_version text;
ALTER TABLE samples ADD COLUMN check_id text;
CREATE INDEX samples_check_idx ON samples (check_id, time DESC) WHERE check_id IS NOT NULL;

-- What to watch, said once. A file-sourced watch is owned by --watches-file (the file is the source of truth
-- for its entries); a manual one by REST or the CLI.
CREATE TABLE watches (
    name                text        PRIMARY KEY,                -- 1-64 of [a-z0-9._-]
    module              text        NOT NULL,                   -- a module path, or a prefix ending in '/'
    versions            text        NOT NULL,                   -- exact:v1,v2 | all | latest:N | new
    endpoints           text[]      NOT NULL,                   -- list info mod zip latest
    proxies             text[]      NOT NULL DEFAULT '{}',      -- GOPROXY base URLs; empty: each agent's own
    regions             text[]      NOT NULL DEFAULT '{}',      -- empty: every region
    mutable_every_ms    bigint      NOT NULL,                   -- @v/list and @latest
    info_every_ms       bigint      NOT NULL,
    immutable_every_ms  bigint      NOT NULL,                   -- .mod and .zip
    source              text        NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'file')),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- The version of each region's target set; bumped whenever its digest changes, whichever replica sees it.
CREATE SEQUENCE target_set_versions;
CREATE TABLE target_sets (
    region      text        PRIMARY KEY,
    version     bigint      NOT NULL,
    digest      text        NOT NULL,
    targets     integer     NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Releases seen in the module index (or first seen in a proxy's list), oldest first.
CREATE TABLE releases (
    module      text        NOT NULL,
    version     text        NOT NULL,
    index_time  timestamptz NOT NULL,                           -- the index's Timestamp: when the proxy first saw it
    seen_at     timestamptz NOT NULL DEFAULT now(),             -- when the collector learnt of it
    propagated_at timestamptz,                                  -- when every watching region showed it on every signal
    PRIMARY KEY (module, version)
);
CREATE INDEX releases_time_idx ON releases (index_time DESC);

-- Where the index feed resumes: the last Timestamp read, and the entries read at exactly that timestamp.
CREATE TABLE index_cursor (
    index_url   text        PRIMARY KEY,
    since       text        NOT NULL,                           -- RFC 3339 with nanoseconds, as the index wrote it
    at_since    text[]      NOT NULL DEFAULT '{}',              -- "path@version" already read at that timestamp
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The first time each region, through each proxy, showed a release on each signal:
-- info = .info answered 200, list = the version listed in @v/list, latest = @latest at that version or newer.
CREATE TABLE release_sightings (
    module      text        NOT NULL,
    version     text        NOT NULL,
    proxy       text        NOT NULL,
    region      text        NOT NULL,
    signal      text        NOT NULL CHECK (signal IN ('info', 'list', 'latest')),
    first_seen  timestamptz NOT NULL,
    agent_id    text        NOT NULL,
    sequence    bigint      NOT NULL,
    PRIMARY KEY (module, version, proxy, region, signal),
    FOREIGN KEY (module, version) REFERENCES releases (module, version) ON DELETE CASCADE
);

-- On-demand checks: what was asked, of whom, until when.
CREATE TABLE checks (
    id          text        PRIMARY KEY,
    module      text        NOT NULL,
    version     text        NOT NULL DEFAULT '',
    proxies     text[]      NOT NULL DEFAULT '{}',
    agents      text[]      NOT NULL,                           -- the agents it was sent to
    created_at  timestamptz NOT NULL DEFAULT now(),
    deadline    timestamptz NOT NULL
);

-- Divergence is judged per proxy; a stale episode names when each lagging region fell behind.
ALTER TABLE divergence_episodes ADD COLUMN proxy text NOT NULL DEFAULT '';
ALTER TABLE divergence_episodes ADD COLUMN outlier_since jsonb NOT NULL DEFAULT '{}';
DROP INDEX divergence_one_open_per_target;
CREATE UNIQUE INDEX divergence_one_open_per_target ON divergence_episodes (proxy, module, version, endpoint)
    WHERE state <> 'resolved' AND kind <> 'agent_offline';
