-- proxywatch schema, version 11: ground truth from the Go checksum database (issue 11).

-- Every verification an agent reported: what one region was served for one .mod or .zip, judged against a record
-- the checksum database proved in a signed tree. Keyed like samples (agent_id, sequence): stored exactly once, in
-- the transaction that commits the agent's sequence.
CREATE TABLE verifications (
    time            timestamptz NOT NULL,
    agent_id        text        NOT NULL,
    sequence        bigint      NOT NULL,
    region          text        NOT NULL,
    proxy           text        NOT NULL DEFAULT '',
    module          text        NOT NULL,
    version         text        NOT NULL,
    file            text        NOT NULL,            -- mod | zip
    url             text        NOT NULL,
    outcome         text        NOT NULL,            -- verified | mismatch | unverifiable
    reason          text        NOT NULL DEFAULT '',
    detail          text        NOT NULL DEFAULT '',
    observed_h1     text        NOT NULL DEFAULT '',
    expected_h1     text        NOT NULL DEFAULT '',
    sumdb_name      text        NOT NULL DEFAULT '',
    source          text        NOT NULL DEFAULT '',
    tree_size       bigint      NOT NULL DEFAULT 0,
    tree_note       text        NOT NULL DEFAULT '',
    zip_sha256      text        NOT NULL DEFAULT '',
    etag            text        NOT NULL DEFAULT '',
    PRIMARY KEY (agent_id, sequence),
    CONSTRAINT verification_file CHECK (file IN ('mod', 'zip')),
    CONSTRAINT verification_outcome CHECK (outcome IN ('verified', 'mismatch', 'unverifiable'))
);
CREATE INDEX verifications_target_idx ON verifications (module, version, region, time DESC);

-- The checksum state of every target, region and proxy: its latest verification (a target probed but not yet
-- verified is 'pending', which the API derives from samples).
CREATE TABLE checksum_state (
    proxy           text        NOT NULL,
    module          text        NOT NULL,
    version         text        NOT NULL,
    file            text        NOT NULL,
    region          text        NOT NULL,
    state           text        NOT NULL,            -- verified | mismatch | unverifiable
    reason          text        NOT NULL DEFAULT '',
    observed_h1     text        NOT NULL DEFAULT '',
    expected_h1     text        NOT NULL DEFAULT '',
    agent_id        text        NOT NULL,
    sequence        bigint      NOT NULL,
    url             text        NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (proxy, module, version, file, region)
);
CREATE INDEX checksum_state_mismatch_idx ON checksum_state (proxy, module, version, file) WHERE state = 'mismatch';

-- The witness log: every tree head every region read (through its proxy or directly), the signed note kept whole.
CREATE TABLE sumdb_heads (
    time            timestamptz NOT NULL,
    agent_id        text        NOT NULL,
    sequence        bigint      NOT NULL,
    region          text        NOT NULL,
    proxy           text        NOT NULL DEFAULT '',
    sumdb_name      text        NOT NULL,
    source          text        NOT NULL,
    via             text        NOT NULL,
    tree_size       bigint      NOT NULL DEFAULT 0,
    root_hash       text        NOT NULL DEFAULT '',
    note            text        NOT NULL DEFAULT '',
    error           text        NOT NULL DEFAULT '',
    PRIMARY KEY (agent_id, sequence)
);
CREATE INDEX sumdb_heads_name_time_idx ON sumdb_heads (sumdb_name, time DESC);

-- Checksum and sumdb episodes live beside divergence episodes: a checksum_mismatch of a zip may be open together
-- with a content divergence of the same target, so they get a unique index of their own, per kind.
DROP INDEX divergence_one_open_per_target;
CREATE UNIQUE INDEX divergence_one_open_per_target ON divergence_episodes (proxy, module, version, endpoint)
    WHERE state <> 'resolved' AND kind IN ('status', 'redirect', 'content', 'etag', 'stale');
CREATE UNIQUE INDEX checksum_one_open_per_target ON divergence_episodes (kind, proxy, module, version, endpoint)
    WHERE state <> 'resolved' AND kind IN ('checksum_mismatch', 'sumdb_fork', 'sumdb_stale');
