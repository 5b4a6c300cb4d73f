import { createClient } from 'redis';

/** Removes exactly the keys under `prefix` (SCAN MATCH prefix* and UNLINK in batches) with a client of its own. */
export async function removeRedisKeys(url: string, prefix: string): Promise<number> {
  const client = createClient({ url, RESP: 2, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = (await client.sendCommand([
        'SCAN',
        cursor,
        'MATCH',
        pattern,
        'COUNT',
        '1000',
      ])) as [string, string[]];
      if (keys.length > 0) removed += Number(await client.sendCommand(['UNLINK', ...keys]));
      cursor = next;
    } while (cursor !== '0');
    return removed;
  } finally {
    client.destroy();
  }
}
