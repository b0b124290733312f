// The REST API as the console uses it: every request carries the signed-in token as a Bearer token.
// The token lives in sessionStorage only: it is gone when the browser tab is closed.

const KEY = 'proxywatch.token';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && (body.title || body.error) ? `${body.title || body.error}: ${body.detail || ''}` : `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

/** GETs /api/v1/PATH with QUERY (an object; empty values left out) and answers the parsed JSON. */
export async function get(path, query = {}, bearer = token.get()) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== '' && v !== null && v !== undefined) params.set(k, v);
  const url = `/api/v1/${path}${params.size ? `?${params}` : ''}`;
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${bearer || ''}`, Accept: 'application/json' },
    cache: 'no-store',
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** Checks a token with one cheap read; throws ApiError (401 for a wrong one) when it is refused. */
export async function check(candidate) {
  await get('agents', {}, candidate);
}
