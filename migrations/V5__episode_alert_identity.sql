-- proxywatch schema, version 5: the outlier regions an episode had when it fired. Notifications (and
-- Alertmanager's alert identity, whose labels include them) keep this set for the whole episode, so a
-- change of outliers mid-episode neither fires a second alert nor leaves the first one to expire.
ALTER TABLE divergence_episodes ADD COLUMN alert_outlier_regions text[] NOT NULL DEFAULT '{}';
