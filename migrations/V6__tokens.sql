-- proxywatch schema, version 6: credentials. Only SHA-256 hashes of tokens are stored; a token is shown
-- once, when it is created. Tokens are 256-bit random values, so a fast hash is enough (no password
-- stretching needed) and lookups by hash are safe.

-- One token per enrolled agent; the agent may only speak as this agent id and region.
CREATE TABLE agent_tokens (
    agent_id      text        PRIMARY KEY,
    region        text        NOT NULL,
    token_sha256  bytea       NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);

-- REST API tokens: role read (GET) or admin (anything that writes).
CREATE TABLE api_tokens (
    name          text        PRIMARY KEY,
    role          text        NOT NULL CHECK (role IN ('read', 'admin')),
    token_sha256  bytea       NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);
