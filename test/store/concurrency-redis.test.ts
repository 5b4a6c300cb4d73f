import { RedisStore } from '../../src/store/RedisStore';
import { CLIENTS, describeConcurrency, inProcessClient } from './concurrency';
import { removeKeysUnder, SHARED_REDIS, storeUrl, uniquePrefix } from './redis-helpers';

/**
 * The concurrency suite (issue 9 §4) on Redis: fifty RedisStore instances, each with a connection of its own and its
 * own DialogEngine (default settings), on one prefix of the shared Redis; a reader on a further connection. Every
 * save is the put script's compare-and-set, so the suite's counts (one version per applied event, one recorded
 * answer, one applied redelivery) hold only if it is atomic across connections.
 */

describeConcurrency(`redis (${CLIENTS} connections)`, async () => {
  const prefix = uniquePrefix('concurrency');
  const url = storeUrl(SHARED_REDIS, prefix);
  const stores = await Promise.all(Array.from({ length: CLIENTS }, () => RedisStore.open(url)));
  const reader = await RedisStore.open(url);
  return {
    clients: stores.map((store) => inProcessClient(store)),
    reader,
    cleanup: async () => {
      await reader.close();
      await removeKeysUnder(SHARED_REDIS, prefix);
    },
  };
});
