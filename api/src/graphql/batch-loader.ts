import type { Context } from './context.ts';

type Batch<V> = { keys: Set<string>; result: Promise<Map<string, V>> };

/**
 * A field resolved once per row (a list of users, each with a figure from another table) asks with
 * its key; the keys asked within one tick of one request are fetched together by `load`, so a page
 * of fifty rows costs one statement, not fifty.
 */
export function batchLoader<V>(load: (keys: string[]) => Promise<Map<string, V>>) {
  const pending = new WeakMap<Context, Batch<V>>();
  return (ctx: Context, key: string): Promise<V | null> => {
    let batch = pending.get(ctx);
    if (!batch) {
      const keys = new Set<string>();
      const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        pending.delete(ctx);
        return load([...keys]);
      });
      batch = { keys, result };
      pending.set(ctx, batch);
    }
    batch.keys.add(key);
    return batch.result.then((map) => map.get(key) ?? null);
  };
}
