-- proxywatch schema, version 2: cross-region divergence episodes and their per-region evidence.

-- An episode: regions disagreed about one target (module, version, endpoint), or an agent went silent
-- (kind 'agent_offline', agent_id set). state moves pending -> firing -> converged -> resolved:
--   pending    disagreement seen, grace not over yet (resolves silently if regions agree in time)
--   firing     grace over, notified
--   converged  regions agree again (convergence recorded); resolved once they keep agreeing for the
--              cool-down; a new disagreement in between continues this episode (no flapping storms)
--   resolved   closed; notified if it had fired
CREATE TABLE divergence_episodes (
    id                      bigserial   PRIMARY KEY,
    kind                    text        NOT NULL,       -- status | content | etag | redirect | agent_offline
    module                  text        NOT NULL,
    version                 text        NOT NULL,
    endpoint                text        NOT NULL,
    url                     text        NOT NULL,
    agent_id                text,                       -- agent_offline only
    state                   text        NOT NULL,
    opened_at               timestamptz NOT NULL,
    fired_at                timestamptz,
    converged_at            timestamptz,
    resolved_at             timestamptz,
    last_disagreement_at    timestamptz NOT NULL,
    rounds                  integer     NOT NULL DEFAULT 1,
    round_marker            text        NOT NULL DEFAULT '',
    majority_fingerprint    text        NOT NULL DEFAULT '',
    majority_regions        text[]      NOT NULL DEFAULT '{}',
    outlier_regions         text[]      NOT NULL DEFAULT '{}',
    converged_last_region   text,
    convergence_seconds     double precision,
    reopened                integer     NOT NULL DEFAULT 0,
    event_sequence          integer     NOT NULL DEFAULT 0,
    CONSTRAINT episode_state CHECK (state IN ('pending', 'firing', 'converged', 'resolved'))
);

-- At most one open episode per target and per silent agent.
CREATE UNIQUE INDEX divergence_one_open_per_target ON divergence_episodes (module, version, endpoint)
    WHERE state <> 'resolved' AND kind <> 'agent_offline';
CREATE UNIQUE INDEX divergence_one_open_per_agent ON divergence_episodes (agent_id)
    WHERE state <> 'resolved' AND kind = 'agent_offline';
CREATE INDEX divergence_opened_idx ON divergence_episodes (opened_at DESC);
CREATE INDEX divergence_module_idx ON divergence_episodes (module, opened_at DESC);

-- What each region was served during an episode: one row per (region, fingerprint), with when it was
-- first and last seen, and the sample that showed it first.
CREATE TABLE divergence_evidence (
    episode_id      bigint      NOT NULL REFERENCES divergence_episodes (id) ON DELETE CASCADE,
    region          text        NOT NULL,
    fingerprint     text        NOT NULL,
    first_seen      timestamptz NOT NULL,
    last_seen       timestamptz NOT NULL,
    agent_id        text        NOT NULL,
    sequence        bigint      NOT NULL,
    url             text        NOT NULL,
    PRIMARY KEY (episode_id, region, fingerprint)
);
