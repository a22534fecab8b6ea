/// <reference lib="dom" />
// The explorer's JSON API as the pages call it: relative URLs under the page's base (the mount
// point), errors as ExplorerRequestError with the server's code and message.

export class ExplorerRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** GET `path` under api/, as JSON. */
export function getJson<T>(path: string): Promise<T> {
  return request<T>(path, { headers: { accept: 'application/json' } });
}

/** POST `body` as JSON to `path` under api/. */
export function postJson<T>(path: string, body: unknown): Promise<T> {
  return request<T>(path, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(`api/${path}`, init);
  const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string | string[] };
  if (!response.ok) throw new ExplorerRequestError(body.code ?? `HTTP_${response.status}`, [body.message ?? response.statusText].flat().join('; '));
  return body as T;
}
