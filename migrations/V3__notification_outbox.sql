-- proxywatch schema, version 3: the notification outbox.
-- The divergence detector inserts one row per alert event and configured channel in the same transaction
-- that changes the episode, so a notification exists exactly when the change is committed. The leader's
-- notifier delivers rows with SELECT ... FOR UPDATE SKIP LOCKED, holding the row lock for the HTTP call, so
-- two replicas never send the same row; a crash between a 2xx and the UPDATE sends it again (at-least-once).

CREATE TABLE notification_outbox (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- X-Proxywatch-Delivery
    episode_id      bigint      NOT NULL,           -- divergence episode, or a derived id for agent alerts
    event           text        NOT NULL CHECK (event IN ('firing', 'resolved')),
    event_sequence  integer     NOT NULL,           -- the detector's per-episode counter
    channel         text        NOT NULL,           -- kind:host:hash of the URL; never the URL (Slack's is a secret)
    payload         jsonb       NOT NULL,           -- the alert event, as the webhook body without sent_at
    created_at      timestamptz NOT NULL DEFAULT now(),  -- start of the enqueuing transaction
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    delivered_at    timestamptz,
    failed_at       timestamptz,                    -- gave up: permanent 4xx, or still failing after the max age
    last_error      text,
    CONSTRAINT notification_outbox_once UNIQUE (episode_id, event, event_sequence, channel)
);

-- What the notifier polls: undelivered rows by channel and due time. Delivered and failed rows drop out.
CREATE INDEX notification_outbox_due_idx ON notification_outbox (channel, next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;

-- Per-episode order: a row waits while an earlier one for the same episode and channel is undelivered.
CREATE INDEX notification_outbox_episode_idx ON notification_outbox (episode_id, channel, id);
