import type { KeyValueStore, ListedValue } from './port';

/**
 * Every key starting with `prefix`, page by page, for tools that need them all (reports over every team, moving a
 * store): never in a request's path. Stops with an error beyond `max` items rather than reading without end.
 */
export async function listAll(
  store: KeyValueStore,
  prefix: string,
  options: { max?: number; pageSize?: number } = {},
): Promise<ListedValue[]> {
  const max = options.max ?? 100_000;
  const items: ListedValue[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.list(prefix, { limit: options.pageSize ?? 1000, ...(after ? { after } : {}) });
    items.push(...page.items);
    if (items.length > max) throw new RangeError(`more than ${max} keys start with "${prefix}"`);
    if (!page.next) return items;
    after = page.next;
  }
}
