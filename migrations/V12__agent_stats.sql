-- The latest counters each agent reported in its stream (SampleBatch.stats): spool backlog, drops, probes,
-- the age of its last ack. One row per agent, replaced at most every 10 s; gone with the agent.
CREATE TABLE agent_stats (
    agent_id            text        PRIMARY KEY REFERENCES agents (agent_id) ON DELETE CASCADE,
    reported_at         timestamptz NOT NULL,
    spool_samples       bigint      NOT NULL CHECK (spool_samples >= 0),
    spool_bytes         bigint      NOT NULL CHECK (spool_bytes >= 0),
    samples_dropped     bigint      NOT NULL CHECK (samples_dropped >= 0),
    probes_done         bigint      NOT NULL CHECK (probes_done >= 0),
    probes_skipped      bigint      NOT NULL CHECK (probes_skipped >= 0),
    last_ack_age_micros bigint               CHECK (last_ack_age_micros >= 0) -- null: nothing acknowledged yet
);
