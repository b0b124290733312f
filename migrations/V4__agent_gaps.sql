-- proxywatch schema, version 4: sequences an agent used that were never stored (dropped by a full agent
-- spool, lost in an agent crash, or rejected as invalid). Written by the sample writer in the same
-- transaction that raises agents.highest_sequence past them, so every sequence at or below it is either
-- in samples or in exactly one gap.
CREATE TABLE agent_gaps (
    agent_id       text        NOT NULL,
    first_missing  bigint      NOT NULL,
    last_missing   bigint      NOT NULL,
    detected_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agent_id, first_missing),
    CONSTRAINT gap_range CHECK (first_missing <= last_missing)
);

ALTER TABLE agents ADD COLUMN samples_missing bigint NOT NULL DEFAULT 0;
