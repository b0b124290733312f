-- proxywatch schema, version 8: where a token came from. 'manual' tokens are managed with the
-- `agents|api-tokens add|revoke` commands or the REST API; 'file' tokens come from --agent-tokens-file /
-- --api-tokens-file (a Kubernetes Secret), which is their source of truth: an entry removed from the file
-- is revoked the next time the collector applies it.
ALTER TABLE agent_tokens ADD COLUMN source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'file'));
ALTER TABLE api_tokens ADD COLUMN source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'file'));
