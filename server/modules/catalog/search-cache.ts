import { LRUCache } from 'lru-cache';

/**
 * Public catalog search results, kept briefly: the catalog is read by every citizen and changed by a few
 * admins, and a handful of searches ("đăng ký khai sinh", "thường trú"…) make most of the traffic.
 * Every catalog write in this process clears it; other processes see a write within `ttlSeconds`.
 */
export interface SearchCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  clear(): void;
}

export function createSearchCache(ttlSeconds: number, max = 5000): SearchCache {
  if (ttlSeconds <= 0) return { get: () => undefined, set: () => {}, clear: () => {} };
  const lru = new LRUCache<string, { value: unknown }>({ max, ttl: ttlSeconds * 1000 });
  return {
    get: (key) => lru.get(key)?.value,
    set: (key, value) => { lru.set(key, { value }); },
    clear: () => lru.clear(),
  };
}
