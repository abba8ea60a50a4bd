/**
 * lru-cache options that bound the count without preallocating for it. With `max`, lru-cache allocates its
 * bookkeeping arrays for `max` entries up front (about 4 MB at 100,000 with a ttl) and holds them for the life of the
 * process, whatever the traffic; counted through `maxSize` instead, the same ceiling and the same oldest-first
 * eviction apply, but the arrays grow with the keys actually held.
 */
export function countBounded(maxEntries: number, ttl: number) {
  return { maxSize: maxEntries, sizeCalculation: () => 1, ttl } as const;
}
