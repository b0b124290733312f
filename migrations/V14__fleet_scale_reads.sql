-- proxywatch schema, version 14: the API's reads at fleet scale (issue 15: 8 regions x 100,000 targets).

-- Open episodes newest first (GET /api/v1/divergences?state=open): a few open among many resolved, so a page deep
-- in the list reads only open rows instead of walking every resolved one above them.
CREATE INDEX divergence_open_id_idx ON divergence_episodes (id DESC) WHERE state <> 'resolved';

-- Each sighting carries its release's index time (never changes once written), so the propagation lags of a week
-- (GET /api/v1/propagation) are one index-only range per signal instead of a join per release.
ALTER TABLE release_sightings ADD COLUMN index_time timestamptz;
UPDATE release_sightings s SET index_time = r.index_time FROM releases r WHERE r.module = s.module AND r.version = s.version;
ALTER TABLE release_sightings ALTER COLUMN index_time SET NOT NULL;
CREATE INDEX release_sightings_lag_idx ON release_sightings (signal, index_time) INCLUDE (region, first_seen);
