-- proxywatch schema: regional incidents, silences and a record of every notification not sent.

-- A region_degraded episode names its region in outlier_regions (like agent_offline) and has no target:
-- at most one open per region. Target episodes a regional incident explains point to it in parent_id and
-- are not notified on their own.
ALTER TABLE divergence_episodes
    ADD COLUMN parent_id        bigint    REFERENCES divergence_episodes (id) ON DELETE SET NULL,
    ADD COLUMN failure_classes  text[]    NOT NULL DEFAULT '{}',   -- region_degraded: timeout, connect, 5xx, ...
    ADD COLUMN failure_counts   integer[] NOT NULL DEFAULT '{}',   -- targets failing that way, same order
    ADD COLUMN region_targets   integer   NOT NULL DEFAULT 0;      -- region_degraded: targets with a fresh answer

DROP INDEX divergence_one_open_per_target;
CREATE UNIQUE INDEX divergence_one_open_per_target ON divergence_episodes (proxy, module, version, endpoint)
    WHERE state <> 'resolved' AND kind NOT IN ('agent_offline', 'region_degraded');
CREATE UNIQUE INDEX divergence_one_open_per_region ON divergence_episodes ((outlier_regions[1]))
    WHERE state <> 'resolved' AND kind = 'region_degraded';
CREATE INDEX divergence_parent_idx ON divergence_episodes (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX divergence_resolved_idx ON divergence_episodes (resolved_at) WHERE state = 'resolved';

-- Silences (maintenance windows): while starts_at <= now < ends_at, notifications of episodes that every
-- given matcher matches are not sent. An empty matcher matches anything; at least one is set.
CREATE TABLE silences (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region         text        NOT NULL DEFAULT '',   -- every region the episode names is this one
    module_prefix  text        NOT NULL DEFAULT '',   -- the episode's module starts with this
    kind           text        NOT NULL DEFAULT '',   -- status | content | ... | region_degraded | agent_offline
    proxy          text        NOT NULL DEFAULT '',   -- the episode's URL starts with this proxy base URL
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL,
    author         text        NOT NULL,
    comment        text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT silence_window CHECK (ends_at > starts_at)
);
CREATE INDEX silences_ends_idx ON silences (ends_at);

-- A notification that was not sent, and why: 'silenced' (silence_id names the silence) or 'grouped' (the
-- episode belongs to a regional incident, which is notified instead). A resolved event whose firing was
-- suppressed is suppressed too, so no channel hears of an end without a start.
CREATE TABLE suppressed_notifications (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    episode_id   bigint      NOT NULL REFERENCES divergence_episodes (id) ON DELETE CASCADE,
    event        text        NOT NULL CHECK (event IN ('firing', 'resolved')),
    reason       text        NOT NULL CHECK (reason IN ('silenced', 'grouped')),
    silence_id   bigint,                              -- no foreign key: a deleted silence keeps its record
    at           timestamptz NOT NULL
);
CREATE INDEX suppressed_episode_idx ON suppressed_notifications (episode_id, id);
CREATE INDEX suppressed_at_idx ON suppressed_notifications (at);
CREATE INDEX notification_outbox_done_idx ON notification_outbox (created_at)
    WHERE delivered_at IS NOT NULL OR failed_at IS NOT NULL;
