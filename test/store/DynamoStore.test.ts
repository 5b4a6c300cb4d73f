import { createServer as createHttpServer, request, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { teamKeyFromSlack } from '../../src/adapters/slack/team-key';
import type { Locale } from '../../src/core/context';
import { teamRecordKey } from '../../src/core/engine';
import { text } from '../../src/core/i18n';
import { parseRecord } from '../../src/core/record';
import {
  DynamoStore,
  dynamoStoreError,
  ensureDynamoTable,
  MAX_DYNAMO_KEY_BYTES,
  parseDynamoUrl,
  schemaProblems,
} from '../../src/store/DynamoStore';
import {
  DEFAULT_PARTITION,
  DUE_INDEX,
  DYNAMO_TABLE_SCHEMA,
  DYNAMO_TTL_ATTRIBUTE,
} from '../../src/store/dynamo-schema';
import { openStore, SUPPORTED_STORE_URLS } from '../../src/store/open-store';
import { type KeyValueStore, StoreError } from '../../src/store/port';
import { actionIds, allText, unescapeMrkdwn } from '../helpers/slack/blocks';
import { type PostedMessage, type SlackHarness, startSlackHarness } from '../helpers/slack/harness';
import { seedChannel } from '../helpers/slack/seed';
import { describeStoreContract } from './contract';
import { type Dynalite, startDynalite, uniquePartition } from './dynalite';

let server: Dynalite;
/** Every test gets a partition of its own on one server and table: the partitions must not see each other. */
const started = startDynalite();

beforeAll(async () => {
  server = await started;
});
afterAll(async () => {
  await (await started).close();
});

describeStoreContract('DynamoStore (dynalite)', async () => {
  const dyn = await started;
  let offset = 0;
  return {
    store: dyn.store({ now: () => Date.now() + offset }),
    cleanup: async () => {},
    advance: (ms: number) => {
      offset += ms;
    },
  };
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to reject');
    },
    (error: unknown) => error,
  );
}

/** A client of its own, to look at (and plant) items the way DynamoDB holds them. */
function rawClient(dyn: Dynalite): DynamoDBClient {
  return new DynamoDBClient({
    region: dyn.region,
    endpoint: dyn.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

describe('DynamoStore', () => {
  const open: { close(): unknown }[] = [];
  let raw: DynamoDBClient;

  beforeAll(() => {
    raw = rawClient(server);
  });
  afterAll(() => raw.destroy());
  afterEach(async () => {
    for (const handle of open.splice(0).reverse()) await handle.close();
  });

  function track<T extends { close(): unknown }>(handle: T): T {
    open.push(handle);
    return handle;
  }

  /** A store with a clock the test moves. */
  function clocked(partition = uniquePartition()) {
    let offset = 0;
    const now = () => Date.UTC(2026, 11, 1, 9) + offset;
    const store = track(server.store({ partition, now }));
    return {
      store,
      now,
      advance: (ms: number) => {
        offset += ms;
      },
    };
  }

  const item = async (partition: string, key: string) =>
    (
      await raw.send(
        new GetItemCommand({
          TableName: server.table,
          Key: { pk: { S: partition }, sk: { S: key } },
          ConsistentRead: true,
        }),
      )
    ).Item;

  describe('the URL', () => {
    it('reads table, region, endpoint and partition; the partition defaults to paysetup', () => {
      expect(
        parseDynamoUrl(
          'dynamodb://Pay_Setup.prod-1?region=eu-central-1&endpoint=http://127.0.0.1:8000&partition=a:b',
        ),
      ).toEqual({
        table: 'Pay_Setup.prod-1',
        region: 'eu-central-1',
        endpoint: 'http://127.0.0.1:8000',
        partition: 'a:b',
      });
      expect(parseDynamoUrl('  DYNAMODB://paysetup?region=eu-west-1 ', {})).toEqual({
        table: 'paysetup',
        region: 'eu-west-1',
        partition: DEFAULT_PARTITION,
      });
    });

    it('takes the region from AWS_REGION when the URL names none (as on Lambda)', () => {
      expect(parseDynamoUrl('dynamodb://paysetup', { AWS_REGION: 'us-east-2' }).region).toBe('us-east-2');
      expect(parseDynamoUrl('dynamodb://paysetup', { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe(
        'us-west-2',
      );
    });

    it.each([
      ['dynamodb://paysetup', 'needs ?region='],
      ['dynamodb://ab?region=eu-west-1', 'no table name'],
      ['dynamodb://?region=eu-west-1', 'no table name'],
      ['dynamodb://t$able?region=eu-west-1', 'no table name'],
      ['dynamodb://[::1?region=eu-west-1', 'not a URL'],
      ['dynamodb://paysetup/extra?region=eu-west-1', 'no path'],
      ['dynamodb://paysetup:8000?region=eu-west-1', 'no port'],
      ['dynamodb://admin:s3cret@paysetup?region=eu-west-1', 'credentials do not belong'],
      ['dynamodb://paysetup?regoin=eu-west-1', 'unknown parameter "regoin"'],
      ['dynamodb://paysetup?region=EU West', 'is no AWS region'],
      ['dynamodb://paysetup?region=eu-west-1&endpoint=localhost:8000', 'no http(s) URL'],
      ['dynamodb://paysetup?region=eu-west-1&partition=a b', 'partition'],
    ])('rejects %j with STORE_BAD_URL (%s)', async (url, problem) => {
      const error = await rejection(openStore(url));
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'STORE_BAD_URL', message: expect.stringContaining(problem) });
      expect((error as StoreError).hint).toContain('dynamodb://<table>?region=<region>');
      expect((error as StoreError).message).not.toContain('s3cret');
    });

    it('opens through openStore, which lists the form among the supported URLs', async () => {
      expect(SUPPORTED_STORE_URLS).toContain('dynamodb://<table>?region=<region>[&endpoint=…][&partition=…]');
      const store = track(await openStore(server.url('via-open-store')));
      expect(store).toBeInstanceOf(DynamoStore);
      expect(store.description).toBe(
        `dynamodb://${server.table}?region=${server.region}&endpoint=${server.endpoint}&partition=via-open-store`,
      );
      await store.put('team:a', 'a', null);
      await expect(store.get('team:a')).resolves.toEqual({ value: 'a', version: 1 });
    });
  });

  describe('the table', () => {
    it('was created by init-store’s function exactly as dynamo-schema.ts says', async () => {
      const { Table } = await raw.send(new DescribeTableCommand({ TableName: server.table }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.KeySchema).toEqual(DYNAMO_TABLE_SCHEMA.KeySchema);
      expect(Table?.AttributeDefinitions).toEqual(
        expect.arrayContaining(DYNAMO_TABLE_SCHEMA.AttributeDefinitions),
      );
      const index = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === DUE_INDEX);
      expect(index).toMatchObject(DYNAMO_TABLE_SCHEMA.GlobalSecondaryIndexes[0] as object);
      expect(Table?.BillingModeSummary?.BillingMode ?? 'PAY_PER_REQUEST').toBe('PAY_PER_REQUEST');
      expect(Table && schemaProblems(Table)).toEqual([]);
    });

    it('init-store is idempotent, and reports that dynalite cannot enable TTL instead of failing', async () => {
      const again = await ensureDynamoTable(
        { table: server.table, region: server.region, endpoint: server.endpoint },
        { pollMs: 10 },
      );
      expect(again).toMatchObject({ table: server.table, created: false });
      expect(again.ttl).toEqual({
        status: 'unsupported',
        reason: expect.stringContaining('UpdateTimeToLive'),
      });
    });

    it('refuses a table that exists with another schema, naming what differs', async () => {
      await raw.send(
        new CreateTableCommand({
          TableName: 'wrong-schema',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        }),
      );
      const error = await rejection(
        ensureDynamoTable(
          { table: 'wrong-schema', region: server.region, endpoint: server.endpoint },
          { pollMs: 10 },
        ),
      );
      expect(error).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringMatching(/another schema.*key is id:HASH.*index "due" is missing/),
      });
    });

    it('an index that does not carry the precise expiry is a schema problem (due would list expired items)', () => {
      const index = {
        ...DYNAMO_TABLE_SCHEMA.GlobalSecondaryIndexes[0],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      };
      expect(
        schemaProblems({ ...DYNAMO_TABLE_SCHEMA, GlobalSecondaryIndexes: [index] } as Parameters<
          typeof schemaProblems
        >[0]),
      ).toEqual(['the index "due" does not project expiresAtMs (INCLUDE it)']);
    });
  });

  describe('items as DynamoDB holds them', () => {
    it('one item per key: the partition, the key as sort key, value and version; expiry and due time only when set', async () => {
      const { store, now } = clocked('items');
      await store.put('team:a', '{"step":1}', null, { ttlMs: 1500, dueAt: now() + 60_000 });
      expect(await item('items', 'team:a')).toEqual({
        pk: { S: 'items' },
        sk: { S: 'team:a' },
        value: { S: '{"step":1}' },
        version: { N: '1' },
        expiresAtMs: { N: String(now() + 1500) },
        // Epoch seconds, rounded up: TTL never deletes an item before it has expired.
        [DYNAMO_TTL_ATTRIBUTE]: { N: String(Math.ceil((now() + 1500) / 1000)) },
        dueAt: { N: String(now() + 60_000) },
        dueShard: { S: 'items' },
      });
      // The next write replaces the whole item: without ttl or due time, both are gone with it.
      await store.put('team:a', '{"step":2}', 1);
      expect(await item('items', 'team:a')).toEqual({
        pk: { S: 'items' },
        sk: { S: 'team:a' },
        value: { S: '{"step":2}' },
        version: { N: '2' },
      });
    });

    it('expires at the precise millisecond, whatever the TTL attribute says', async () => {
      const { store, advance } = clocked();
      await store.put('mark:a', 'x', null, { ttlMs: 1500 });
      advance(1499);
      await expect(store.get('mark:a')).resolves.toEqual({ value: 'x', version: 1 });
      advance(1);
      await expect(store.get('mark:a')).resolves.toBeNull();
    });

    it('ignores an expired item that TTL has not deleted yet: not read, listed or due; a create replaces it', async () => {
      const partition = uniquePartition('late-ttl');
      const { store, now } = clocked(partition);
      const past = now() - 3 * 24 * 3600_000; // TTL can lag by days
      await raw.send(
        new PutItemCommand({
          TableName: server.table,
          Item: {
            pk: { S: partition },
            sk: { S: 'mark:old' },
            value: { S: 'stale' },
            version: { N: '7' },
            expiresAtMs: { N: String(past) },
            expiresAt: { N: String(Math.ceil(past / 1000)) },
            dueAt: { N: String(past) },
            dueShard: { S: partition },
          },
        }),
      );
      await store.put('mark:live', 'live', null);
      await expect(store.get('mark:old')).resolves.toBeNull();
      expect((await store.list('mark:')).items.map((i) => i.key)).toEqual(['mark:live']);
      await expect(store.due(now(), 10)).resolves.toEqual([]);
      await expect(store.put('mark:old', 'again', 7)).resolves.toEqual({
        ok: false,
        reason: 'version-mismatch',
      });
      await expect(store.put('mark:old', 'new', null)).resolves.toEqual({ ok: true, version: 1 });
      await expect(store.get('mark:old')).resolves.toEqual({ value: 'new', version: 1 });
    });

    it('keeps stores on other partitions of the same table apart: keys, lists and due times', async () => {
      const t0 = Date.UTC(2026, 11, 1, 9);
      const a = clocked();
      const b = clocked();
      await a.store.put('team:x', 'of a', null, { dueAt: t0 });
      await b.store.put('team:y', 'of b', null, { dueAt: t0 });
      await expect(b.store.get('team:x')).resolves.toBeNull();
      expect((await a.store.list('')).items.map((i) => i.key)).toEqual(['team:x']);
      expect((await b.store.list('team:')).items.map((i) => i.key)).toEqual(['team:y']);
      expect(await a.store.due(t0, 10)).toEqual([{ key: 'team:x', dueAt: t0 }]);
      expect(await b.store.due(t0, 10)).toEqual([{ key: 'team:y', dueAt: t0 }]);
      await b.store.delete('team:x');
      await expect(a.store.get('team:x')).resolves.toEqual({ value: 'of a', version: 1 });
    });
  });

  describe('list and due past expired items', () => {
    it('pages stay bounded and complete when expired items lie between the live ones', async () => {
      const { store, advance } = clocked();
      const live: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        const key = `mark:${String(i).padStart(2, '0')}`;
        if (i % 2 === 0) live.push(key);
        await store.put(key, key, null, i % 2 === 0 ? {} : { ttlMs: 1000 });
      }
      advance(2000);
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await store.list('mark:', { limit: 4, ...(after ? { after } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.items.map((i) => i.key));
        after = page.next;
      } while (after);
      expect(seen).toEqual(live);
    });

    it('a long run of expired items ends a page early, with a next that goes on from there (never a skip)', async () => {
      const { store, advance } = clocked();
      for (let i = 0; i < 40; i += 1)
        await store.put(`mark:a${String(i).padStart(2, '0')}`, 'x', null, { ttlMs: 1 });
      await store.put('mark:b', 'live', null);
      await store.put('mark:c', 'live', null);
      advance(10);
      const pages: string[][] = [];
      let after: string | undefined;
      do {
        const page = await store.list('mark:', { limit: 1, ...(after ? { after } : {}) });
        pages.push(page.items.map((i) => i.key));
        after = page.next;
      } while (after && pages.length < 50);
      expect(pages.flat()).toEqual(['mark:b', 'mark:c']);
      // Forty expired items at two a Query: the first call gave up after its bounded rounds and said where to go on.
      expect(pages[0]).toEqual([]);
    });

    it('an `after` outside the prefix lies before all its keys or after all of them', async () => {
      const { store } = clocked();
      for (const key of ['team/a', 'team/b', 'teams/x']) await store.put(key, key, null);
      expect((await store.list('team/', { after: 'a' })).items.map((i) => i.key)).toEqual([
        'team/a',
        'team/b',
      ]);
      expect((await store.list('team/', { after: 'teams' })).items).toEqual([]);
      expect((await store.list('team/', { after: 'team/a' })).items.map((i) => i.key)).toEqual(['team/b']);
    });

    it('due leaves out expired items and is bounded even when many expired ones fall due first', async () => {
      const { store, advance, now } = clocked();
      const t0 = now();
      for (let i = 0; i < 12; i += 1)
        await store.put(`mark:${i}`, 'x', null, { dueAt: t0 - 1000 + i, ttlMs: 1 });
      await store.put('team:late', 'l', null, { dueAt: t0 });
      await store.put('team:early', 'e', null, { dueAt: t0 - 5000 });
      advance(10);
      expect(await store.due(t0, 2)).toEqual([
        { key: 'team:early', dueAt: t0 - 5000 },
        { key: 'team:late', dueAt: t0 },
      ]);
      expect(await store.due(t0, 0)).toEqual([]);
    });
  });

  describe('keys', () => {
    it(`takes keys of up to ${MAX_DYNAMO_KEY_BYTES} UTF-8 bytes and refuses longer or empty ones before asking DynamoDB`, async () => {
      const { store } = clocked();
      const longest = `team:${'ä'.repeat(509)}x`; // 5 + 2 × 509 + 1 bytes
      expect(Buffer.byteLength(longest)).toBe(MAX_DYNAMO_KEY_BYTES);
      await expect(store.put(longest, 'v', null)).resolves.toEqual({ ok: true, version: 1 });
      await expect(store.get(longest)).resolves.toEqual({ value: 'v', version: 1 });
      await expect(rejection(store.put(`${longest}y`, 'v', null))).resolves.toBeInstanceOf(RangeError);
      await expect(rejection(store.get(''))).resolves.toBeInstanceOf(RangeError);
    });
  });

  describe('failures', () => {
    it('a table that does not exist: STORE_UNAVAILABLE naming it, with the init-store command as hint', async () => {
      const store = track(
        new DynamoStore({ table: 'no-such-table', region: server.region, endpoint: server.endpoint }),
      );
      const error = await rejection(store.get('team:a'));
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringContaining('table "no-such-table" does not exist in eu-west-1'),
        hint: expect.stringContaining('npx paysetup init-store --store'),
      });
      await expect(store.health()).resolves.toMatchObject({
        ok: false,
        code: 'STORE_UNAVAILABLE',
        reason: expect.stringContaining('does not exist'),
      });
    });

    it('an endpoint where nothing listens fails fast with STORE_UNAVAILABLE, and health says so', async () => {
      const port = await freePort();
      const store = track(
        new DynamoStore({ table: 'paysetup', region: 'eu-west-1', endpoint: `http://127.0.0.1:${port}` }),
      );
      const started = performance.now();
      const error = await rejection(store.put('team:a', 'a', null));
      expect(performance.now() - started).toBeLessThan(1500);
      expect(error).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringContaining('unreachable'),
        hint: expect.stringContaining('network'),
      });
      await expect(store.health()).resolves.toMatchObject({ ok: false, code: 'STORE_UNAVAILABLE' });
    });

    it('an endpoint that accepts but never answers: each try times out, the whole call within its deadline', async () => {
      const silent = createNetServer((socket) => {
        sockets.push(socket);
      });
      const sockets: Socket[] = [];
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
        const perTry = track(
          new DynamoStore({
            table: 'paysetup',
            region: 'eu-west-1',
            endpoint,
            requestTimeoutMs: 150,
            maxAttempts: 2,
          }),
        );
        let started = performance.now();
        expect(await rejection(perTry.get('team:a'))).toMatchObject({ code: 'STORE_UNAVAILABLE' });
        const twoTries = performance.now() - started;
        expect(twoTries).toBeGreaterThanOrEqual(250);
        expect(twoTries).toBeLessThan(1500);

        const deadline = track(
          new DynamoStore({ table: 'paysetup', region: 'eu-west-1', endpoint, operationTimeoutMs: 300 }),
        );
        started = performance.now();
        expect(await rejection(deadline.get('team:a'))).toMatchObject({
          code: 'STORE_UNAVAILABLE',
          message: expect.stringContaining('no answer within 300 ms'),
        });
        expect(performance.now() - started).toBeLessThan(900);
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });

    it('throttling after the retries is STORE_LOCKED (it passes, like a lock); other errors STORE_UNAVAILABLE', () => {
      const where = { description: 'dynamodb://t?region=eu-west-1', table: 't', region: 'eu-west-1' };
      for (const name of [
        'ProvisionedThroughputExceededException',
        'ThrottlingException',
        'RequestLimitExceeded',
      ]) {
        const error = Object.assign(new Error('Rate exceeded'), { name });
        expect(dynamoStoreError(error, where)).toMatchObject({
          code: 'STORE_LOCKED',
          message: expect.stringContaining('throttled'),
          hint: expect.stringContaining('retry shortly'),
          cause: error,
        });
      }
      for (const name of ['UnrecognizedClientException', 'AccessDeniedException', 'ExpiredTokenException']) {
        expect(dynamoStoreError(Object.assign(new Error('no'), { name }), where)).toMatchObject({
          code: 'STORE_UNAVAILABLE',
          message: expect.stringContaining('credentials were refused'),
          hint: expect.stringContaining('dynamodb:GetItem'),
        });
      }
      expect(
        dynamoStoreError(
          Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
            name: 'ValidationException',
          }),
          where,
        ),
      ).toMatchObject({ code: 'STORE_UNAVAILABLE', hint: expect.stringContaining('400 KB') });
      expect(dynamoStoreError(new Error('boom'), where)).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    });

    it('a write whose answer was lost and that the SDK retried counts as written, not as a conflict', async () => {
      // A proxy that lets the first PutItem reach dynalite but drops the connection before its answer arrives.
      let dropped = 0;
      const proxy = await lossyProxy(server.port, (target) => {
        if (target.endsWith('.PutItem') && dropped === 0) {
          dropped += 1;
          return true;
        }
        return false;
      });
      try {
        const partition = uniquePartition('lossy');
        const store = track(
          new DynamoStore({
            table: server.table,
            region: server.region,
            endpoint: proxy.endpoint,
            partition,
          }),
        );
        await expect(store.put('team:a', 'first', null)).resolves.toEqual({ ok: true, version: 1 });
        expect(dropped).toBe(1);
        await expect(store.get('team:a')).resolves.toEqual({ value: 'first', version: 1 });
        // Someone else's value stays a conflict.
        await expect(store.put('team:a', 'other', null)).resolves.toEqual({
          ok: false,
          reason: 'version-mismatch',
        });
      } finally {
        await proxy.close();
      }
    });
  });
});

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** An HTTP proxy to dynalite that, when `drop(target)` says so, forwards a request but never delivers its answer. */
async function lossyProxy(
  upstreamPort: number,
  drop: (target: string) => boolean,
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const proxy: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const forward = request(
        { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
        (upstream) => {
          const body: Buffer[] = [];
          upstream.on('data', (chunk: Buffer) => body.push(chunk));
          upstream.on('end', () => {
            if (drop(target)) {
              res.socket?.destroy();
              return;
            }
            res.writeHead(upstream.statusCode ?? 500, upstream.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// DynamoDB going away under the running Slack server, and coming back

describe.each(['de', 'en'] as const)(
  'DynamoDB down mid-conversation under the Slack server (%s)',
  (locale) => {
    const CHANNEL = 'C0DYNAMO';
    const TEAM = teamKeyFromSlack('T1', CHANNEL);
    let dyn: Dynalite;
    let store: KeyValueStore;
    let h: SlackHarness;

    beforeEach(async () => {
      dyn = await startDynalite({ persistent: true });
      store = dyn.store({ partition: uniquePartition('fault') });
      h = await startSlackHarness({ store, defaultLocale: locale });
      h.fake.defaultLocale = locale === 'de' ? 'de-DE' : 'en-US';
    });
    afterEach(async () => {
      await h.close();
      await store.close();
      await dyn.close();
    });

    const choiceOn = (question: PostedMessage) => {
      const id = actionIds(question.blocks).find((a) => a.startsWith('ps:choose:processing:'));
      if (!id) throw new Error('no choice on the question');
      return id;
    };
    const answers = async () => {
      const parsed = parseRecord((await store.get(teamRecordKey(TEAM)))?.value ?? '');
      return parsed.kind === 'ok' ? parsed.record.context.answers : null;
    };

    it('the click is acknowledged and answered with "try again", /healthz says why, and the same process heals', async () => {
      await seedChannel(store, CHANNEL, 'processing', { locale: locale as Locale });
      await h.channel(CHANNEL).command('start');
      const question = h.channel(CHANNEL).currentQuestion();
      if (question?.questionId !== 'processing') throw new Error('expected the processing question');
      const before = await answers();

      await dyn.stop();
      const mark = h.fake.mark();
      const started = performance.now();
      const ack = await h.sender.interact(h.channel(CHANNEL).clickPayload(question, choiceOn(question)));
      await h.idle();
      const failedWithin = performance.now() - started;
      const health = await fetch(`${h.base}/healthz`);
      const body = (await health.json()) as { store: string; reason: string };

      expect(ack.status).toBe(200);
      expect(failedWithin).toBeLessThan(2500);
      expect(health.status).toBe(503);
      expect(body.store).toBe('STORE_UNAVAILABLE');
      expect(body.reason).toMatch(/unreachable/);
      // Not shown as recorded: no update of the question, no next question; "please try again" instead.
      expect(h.fake.since(mark, 'chat.update')).toEqual([]);
      expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
      expect(unescapeMrkdwn(allText(h.fake.since(mark, 'chat.postEphemeral')[0]?.args.blocks))).toBe(
        text(locale, 'slack:storeDown'),
      );

      // DynamoDB is back on the same endpoint: the same server and store carry on, nothing answered was lost.
      await dyn.start();
      expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
      expect(await answers()).toEqual(before);
      await h.channel(CHANNEL).click(question, choiceOn(question));
      expect((await answers())?.processing?.value).toBeTruthy();
      expect(h.channel(CHANNEL).currentQuestion()?.questionId).not.toBe('processing');
    });
  },
);
