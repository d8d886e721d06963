// The part of the JSON API this placeholder UI uses. The same handler answers in the
// kiosk window (through Wails' asset server) and over HTTP (`kitaportal serve`).

export interface KitaSummary {
  id: string;
  name: string;
  distance_km?: number | null;
}

export interface KitaSearchResult {
  total: number;
  items: KitaSummary[];
  facets: Record<string, unknown>;
}

export class ApiError extends Error {}

const requestTimeoutMs = 15_000;

export async function searchKitas(limit: number): Promise<KitaSearchResult> {
  const response = await fetch(`/api/kitas?limit=${limit}`, {
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  if (!response.ok) {
    throw new ApiError(`GET /api/kitas: HTTP ${response.status}`);
  }
  const body: unknown = await response.json();
  if (!isSearchResult(body)) {
    throw new ApiError('GET /api/kitas: unexpected response shape');
  }
  return body;
}

function isSearchResult(v: unknown): v is KitaSearchResult {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r['total'] === 'number' &&
    Array.isArray(r['items']) &&
    r['items'].every(
      (item: unknown) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as Record<string, unknown>)['name'] === 'string',
    )
  );
}
