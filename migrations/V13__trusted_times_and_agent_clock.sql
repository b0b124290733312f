-- Agents' clocks are measured NTP-style over the ingest stream; the round-trip time of the exchange the offset
-- comes from is kept beside it (NULL: only the one-way estimate at Hello so far).
ALTER TABLE agents ADD COLUMN clock_rtt_micros bigint;

-- Freshness rests on when the collector received a sample, never on the agent's clock alone.
CREATE INDEX samples_received_idx ON samples (received_at DESC);

-- Agent episodes: at most one open per agent and kind (agent_offline, agent_clock).
DROP INDEX divergence_one_open_per_agent;
CREATE UNIQUE INDEX divergence_one_open_per_agent ON divergence_episodes (agent_id, kind)
    WHERE state <> 'resolved' AND kind IN ('agent_offline', 'agent_clock');
-- (divergence_one_open_per_target, as V11 left it, names the target kinds and so already leaves agent kinds out.)
