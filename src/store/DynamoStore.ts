import {
  type AttributeValue,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  createTableInput,
  DEFAULT_PARTITION,
  DUE_AT_ATTRIBUTE,
  DUE_INDEX,
  DUE_SHARD_ATTRIBUTE,
  DYNAMO_TABLE_SCHEMA,
  DYNAMO_TTL_ATTRIBUTE,
  EXPIRES_AT_MS_ATTRIBUTE,
  PARTITION_KEY,
  SORT_KEY,
  VALUE_ATTRIBUTE,
  VERSION_ATTRIBUTE,
} from './dynamo-schema';
import {
  type DueKey,
  type KeyValueStore,
  type ListedValue,
  type ListOptions,
  type ListPage,
  type PutOptions,
  type PutResult,
  pageSize,
  type StoredValue,
  StoreError,
  type StoreErrorCode,
  type StoreHealth,
} from './port';

/** The longest key DynamoDB takes as a sort key, in UTF-8 bytes. */
export const MAX_DYNAMO_KEY_BYTES = 1024;
/** How many Queries one `list` or `due` call makes at most while expired items fill its pages. */
const MAX_QUERY_ROUNDS = 10;

export interface DynamoStoreOptions {
  /** The table (its schema: dynamo-schema.ts; `paysetup init-store` creates it). */
  table: string;
  /** The AWS region of the table. */
  region: string;
  /**
   * Another endpoint than AWS's own (DynamoDB Local, dynalite, a VPC endpoint), e.g. `http://127.0.0.1:8000`.
   * @default AWS's endpoint for the region
   */
  endpoint?: string;
  /**
   * The partition key value every item of this store shares: tables may hold several stores (deployments, test
   * runs) that never see each other's keys, due times included. @default 'paysetup'
   */
  partition?: string;
  /**
   * @default the default AWS credential chain (environment, profile, container or instance role); for an endpoint on
   * this machine (localhost, 127.0.0.1, ::1) with neither AWS_ACCESS_KEY_ID nor AWS_PROFILE set, static dummy
   * credentials, which local emulators accept, so that no lookup of instance credentials delays the first request.
   */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The clock expiry is measured against (tests move it). @default () => Date.now() */
  now?: () => number;
  /**
   * Tries per request, the first included (the SDK's standard retries: throttling and network errors, with
   * backoff). Few, so that a store that is down fails fast inside Slack's 3-second budget. @default 3
   */
  maxAttempts?: number;
  /** How long one try may take, connecting included, before it is abandoned. @default 1000 */
  requestTimeoutMs?: number;
  /** How long connecting may take. @default 500 */
  connectTimeoutMs?: number;
  /** How long a whole operation may take, its retries included. @default 2500 */
  operationTimeoutMs?: number;
}

/** Everything a `dynamodb://` URL names. */
export type DynamoUrlConfig = Pick<DynamoStoreOptions, 'table' | 'region' | 'endpoint' | 'partition'> & {
  partition: string;
};

const URL_FORM = 'dynamodb://<table>?region=<region>[&endpoint=<http(s) URL>][&partition=<name>]';
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const PARTITION_NAME = /^[A-Za-z0-9_.:-]{1,200}$/;

/**
 * Reads `dynamodb://<table>?region=eu-west-1[&endpoint=http://127.0.0.1:8000][&partition=paysetup]`. Without
 * `region`, AWS_REGION (set on Lambda) or AWS_DEFAULT_REGION. Rejects anything else with StoreError STORE_BAD_URL.
 */
export function parseDynamoUrl(url: string, env: NodeJS.ProcessEnv = process.env): DynamoUrlConfig {
  const bad = (problem: string) =>
    new StoreError(
      'STORE_BAD_URL',
      `Invalid store URL "${redactUrl(url)}": ${problem}.`,
      `Write the DynamoDB store as ${URL_FORM}, e.g. dynamodb://paysetup?region=eu-central-1.`,
    );
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw bad('not a URL');
  }
  if (parsed.protocol.toLowerCase() !== 'dynamodb:') throw bad('not a dynamodb: URL');
  if (parsed.username || parsed.password)
    throw bad('credentials do not belong in the URL; they come from the AWS credential chain');
  if (parsed.port) throw bad('a table has no port; an endpoint goes in ?endpoint=');
  if (parsed.pathname !== '' && parsed.pathname !== '/')
    throw bad('only the table name goes after "//" (no path)');
  let table: string;
  try {
    table = decodeURIComponent(parsed.hostname);
  } catch {
    table = parsed.hostname;
  }
  if (!TABLE_NAME.test(table))
    throw bad(
      `"${table}" is no table name (3 to 255 of A-Z a-z 0-9 _ . -), e.g. dynamodb://paysetup?region=…`,
    );
  const allowed = new Set(['region', 'endpoint', 'partition']);
  for (const name of parsed.searchParams.keys())
    if (!allowed.has(name)) throw bad(`unknown parameter "${name}" (known: region, endpoint, partition)`);
  const region = parsed.searchParams.get('region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!/^[a-z0-9-]{2,40}$/.test(region))
    throw bad(region ? `"${region}" is no AWS region` : 'it needs ?region=<region> (or AWS_REGION)');
  const endpoint = parsed.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined) {
    let target: URL | undefined;
    try {
      target = new URL(endpoint);
    } catch {
      target = undefined;
    }
    if (!target || !['http:', 'https:'].includes(target.protocol))
      throw bad(`endpoint "${redactUrl(endpoint)}" is no http(s) URL`);
  }
  const partition = parsed.searchParams.get('partition') ?? DEFAULT_PARTITION;
  if (!PARTITION_NAME.test(partition))
    throw bad(`partition "${partition}" must be 1 to 200 of A-Z a-z 0-9 _ . : -`);
  return { table, region, partition, ...(endpoint !== undefined ? { endpoint } : {}) };
}

/** The SDK client for a store's settings: short timeouts, few tries. */
function makeClient(options: DynamoStoreOptions): DynamoDBClient {
  const credentials = options.credentials ?? (localWithoutCredentials(options.endpoint) ? DUMMY : undefined);
  return new DynamoDBClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: options.connectTimeoutMs ?? 500,
      requestTimeout: options.requestTimeoutMs ?? 1000,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });
}

/** What local emulators (DynamoDB Local, dynalite) accept: they do not check signatures against real accounts. */
const DUMMY = { accessKeyId: 'local', secretAccessKey: 'local' };

function localWithoutCredentials(endpoint: string | undefined): boolean {
  if (endpoint === undefined || process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE) return false;
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
}

type Item = Record<string, AttributeValue>;

const NAMES = {
  '#v': VALUE_ATTRIBUTE,
  '#ver': VERSION_ATTRIBUTE,
  '#exp': EXPIRES_AT_MS_ATTRIBUTE,
} as const;
const LIVE = 'attribute_not_exists(#exp) OR #exp > :now';

/** UTF-8 byte order, as DynamoDB orders string sort keys. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * A store in one DynamoDB table (schema in dynamo-schema.ts), for deployments where many processes or Lambda
 * instances share the progress. Every item of a store shares one partition key (`partition`), the key is the sort
 * key: a read is a consistent GetItem, `list` a consistent Query on the partition with `begins_with` (never a Scan),
 * `due` a Query on the sparse index `due`. Writes are one PutItem each with a condition on `version` (and on the
 * expiry, since an expired item counts as absent), which replaces the whole item: value, version, expiry and due time
 * change together or not at all. No transactions are used.
 *
 * Expiry: the item carries `expiresAtMs` (precise, compared by every read and conditional write) and `expiresAt`
 * (seconds, the table's TTL attribute; DynamoDB deletes late, so reads never rely on it).
 *
 * Failures: a refused condition is `{ ok: false }`; throttling (after the SDK's retries) is STORE_LOCKED, being busy
 * like a held lock (it passes; retry shortly); everything else is STORE_UNAVAILABLE, with a hint for the operator.
 *
 * Consistency: `due` reads a global secondary index, which DynamoDB updates asynchronously (usually within a second):
 * a due time just written or cleared may show up late there, so whoever acts on `due` reads the item again.
 *
 * All items of one store share one partition, so one store is bounded by what one DynamoDB partition serves (about
 * 1000 writes and 3000 consistent reads a second): far more than onboarding teams type.
 */
export class DynamoStore implements KeyValueStore {
  readonly description: string;
  readonly table: string;
  readonly region: string;
  readonly partition: string;
  private readonly client: DynamoDBClient;
  private readonly now: () => number;
  private readonly operationTimeoutMs: number;
  private closed = false;

  constructor(options: DynamoStoreOptions) {
    if (!TABLE_NAME.test(options.table)) throw new RangeError(`"${options.table}" is no DynamoDB table name`);
    const partition = options.partition ?? DEFAULT_PARTITION;
    if (!PARTITION_NAME.test(partition)) throw new RangeError(`"${partition}" is no usable partition name`);
    for (const [name, value] of Object.entries({
      maxAttempts: options.maxAttempts,
      requestTimeoutMs: options.requestTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
      operationTimeoutMs: options.operationTimeoutMs,
    })) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1))
        throw new RangeError(`DynamoStore ${name} must be a positive integer, got ${value}`);
    }
    this.table = options.table;
    this.region = options.region;
    this.partition = partition;
    this.now = options.now ?? (() => Date.now());
    this.operationTimeoutMs = options.operationTimeoutMs ?? 2500;
    this.description = describe(options.table, options.region, partition, options.endpoint);
    this.client = makeClient(options);
  }

  /** The store a `dynamodb://` URL names (see parseDynamoUrl). */
  static fromUrl(url: string, options: Partial<DynamoStoreOptions> = {}): DynamoStore {
    return new DynamoStore({ ...parseDynamoUrl(url), ...options });
  }

  async get(key: string): Promise<StoredValue | null> {
    checkKey(key);
    const { Item } = await this.run((abortSignal) =>
      this.client.send(
        new GetItemCommand({
          TableName: this.table,
          Key: this.keyOf(key),
          ConsistentRead: true,
          ProjectionExpression: '#v, #ver, #exp',
          ExpressionAttributeNames: NAMES,
        }),
        { abortSignal },
      ),
    );
    if (!Item || this.expired(Item)) return null;
    return { value: Item[VALUE_ATTRIBUTE]?.S ?? '', version: Number(Item[VERSION_ATTRIBUTE]?.N) };
  }

  async put(
    key: string,
    value: string,
    expectedVersion: number | null,
    options: PutOptions = {},
  ): Promise<PutResult> {
    checkKey(key);
    const now = this.now();
    const version = (expectedVersion ?? 0) + 1;
    const item: Item = {
      ...this.keyOf(key),
      [VALUE_ATTRIBUTE]: { S: value },
      [VERSION_ATTRIBUTE]: { N: String(version) },
    };
    if (options.ttlMs !== undefined) {
      if (!Number.isFinite(options.ttlMs))
        throw new RangeError(`ttlMs must be a number, got ${options.ttlMs}`);
      const expiresAtMs = Math.round(now + options.ttlMs);
      item[EXPIRES_AT_MS_ATTRIBUTE] = { N: String(expiresAtMs) };
      // Rounded up: TTL must never delete an item before it has expired.
      item[DYNAMO_TTL_ATTRIBUTE] = { N: String(Math.ceil(expiresAtMs / 1000)) };
    }
    if (options.dueAt !== undefined) {
      if (!Number.isFinite(options.dueAt))
        throw new RangeError(`dueAt must be a number, got ${options.dueAt}`);
      item[DUE_AT_ATTRIBUTE] = { N: String(Math.round(options.dueAt)) };
      item[DUE_SHARD_ATTRIBUTE] = { S: this.partition };
    }
    const command =
      expectedVersion === null
        ? new PutItemCommand({
            TableName: this.table,
            Item: item,
            // An expired item counts as absent: a create replaces it.
            ConditionExpression: 'attribute_not_exists(#pk) OR #exp <= :now',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#exp': EXPIRES_AT_MS_ATTRIBUTE },
            ExpressionAttributeValues: { ':now': { N: String(now) } },
          })
        : new PutItemCommand({
            TableName: this.table,
            Item: item,
            ConditionExpression: `#ver = :expected AND (${LIVE})`,
            ExpressionAttributeNames: { '#ver': VERSION_ATTRIBUTE, '#exp': EXPIRES_AT_MS_ATTRIBUTE },
            ExpressionAttributeValues: {
              ':expected': { N: String(expectedVersion) },
              ':now': { N: String(now) },
            },
          });
    try {
      await this.run((abortSignal) => this.client.send(command, { abortSignal }), true);
      return { ok: true, version };
    } catch (error) {
      if (errorName(error) !== 'ConditionalCheckFailedException') throw this.wrap(error);
      // The SDK tried more than once (a try whose answer was lost, then a retry): the condition may have failed
      // because the first try was written. Then it is this write that is stored, and it succeeded.
      if (attempts(error) > 1) {
        const stored = await this.get(key);
        if (stored && stored.version === version && stored.value === value) return { ok: true, version };
      }
      return { ok: false, reason: 'version-mismatch' };
    }
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.run((abortSignal) =>
      this.client.send(new DeleteItemCommand({ TableName: this.table, Key: this.keyOf(key) }), {
        abortSignal,
      }),
    );
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    const limit = pageSize(options);
    let after = options?.after || undefined;
    if (this.closed) throw this.closedError();
    // The keys with a prefix are one run in key order: an `after` outside it lies before all of them or after all.
    if (after !== undefined && !after.startsWith(prefix)) {
      if (byBytes(after, prefix) > 0) return { items: [] };
      after = undefined;
    }
    if (after !== undefined) checkKey(after);
    const items: ListedValue[] = [];
    let start: Item | undefined = after !== undefined ? this.keyOf(after) : undefined;
    for (let round = 0; round < MAX_QUERY_ROUNDS; round += 1) {
      // Limit counts the items read before the filter drops the expired ones, so a page may come back short with
      // more to read: read on from where it stopped. One more than the page tells whether there is a next page.
      const input: QueryCommandInput = {
        TableName: this.table,
        KeyConditionExpression: prefix === '' ? '#pk = :p' : '#pk = :p AND begins_with(#sk, :prefix)',
        FilterExpression: LIVE,
        ProjectionExpression: '#sk, #v, #ver',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY, ...NAMES },
        ExpressionAttributeValues: {
          ':p': { S: this.partition },
          ':now': { N: String(this.now()) },
          ...(prefix === '' ? {} : { ':prefix': { S: prefix } }),
        },
        ConsistentRead: true,
        Limit: limit + 1,
        ...(start ? { ExclusiveStartKey: start } : {}),
      };
      const out = await this.query(input);
      for (const item of out.Items ?? []) {
        items.push({
          key: item[SORT_KEY]?.S ?? '',
          value: item[VALUE_ATTRIBUTE]?.S ?? '',
          version: Number(item[VERSION_ATTRIBUTE]?.N),
        });
      }
      if (items.length > limit)
        return { items: items.slice(0, limit), next: items[limit - 1]?.key as string };
      if (!out.LastEvaluatedKey) return { items };
      start = out.LastEvaluatedKey;
    }
    // Expired items filled every round: hand back what there is, and where to go on from.
    return { items, next: start?.[SORT_KEY]?.S as string };
  }

  async due(before: number, limit: number): Promise<DueKey[]> {
    if (this.closed) throw this.closedError();
    const wanted = Math.max(0, Math.floor(limit));
    if (wanted === 0) return [];
    const due: DueKey[] = [];
    let start: Item | undefined;
    for (let round = 0; round < MAX_QUERY_ROUNDS && due.length < wanted; round += 1) {
      const input: QueryCommandInput = {
        TableName: this.table,
        IndexName: DUE_INDEX,
        KeyConditionExpression: '#shard = :p AND #due <= :before',
        FilterExpression: LIVE,
        ExpressionAttributeNames: {
          '#shard': DUE_SHARD_ATTRIBUTE,
          '#due': DUE_AT_ATTRIBUTE,
          '#exp': EXPIRES_AT_MS_ATTRIBUTE,
        },
        ExpressionAttributeValues: {
          ':p': { S: this.partition },
          ':before': { N: String(before) },
          ':now': { N: String(this.now()) },
        },
        ScanIndexForward: true,
        Limit: wanted,
        ...(start ? { ExclusiveStartKey: start } : {}),
      };
      const out = await this.query(input);
      for (const item of out.Items ?? [])
        due.push({ key: item[SORT_KEY]?.S ?? '', dueAt: Number(item[DUE_AT_ATTRIBUTE]?.N) });
      if (!out.LastEvaluatedKey) break;
      start = out.LastEvaluatedKey;
    }
    return due.sort((a, b) => a.dueAt - b.dueAt || byBytes(a.key, b.key)).slice(0, wanted);
  }

  /** One consistent GetItem, bounded by the client's timeouts: reachable, credentials valid, the table there. */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, code: 'STORE_UNAVAILABLE', reason: 'closed' };
    try {
      await this.run((abortSignal) =>
        this.client.send(
          new GetItemCommand({
            TableName: this.table,
            Key: this.keyOf('health:probe'),
            ProjectionExpression: '#pk',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          }),
          { abortSignal },
        ),
      );
      return { ok: true };
    } catch (error) {
      const storeError = this.wrap(error);
      return { ok: false, code: storeError.code, reason: storeError.message };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.destroy();
  }

  private keyOf(key: string): Item {
    return { [PARTITION_KEY]: { S: this.partition }, [SORT_KEY]: { S: key } };
  }

  private expired(item: Item): boolean {
    const at = item[EXPIRES_AT_MS_ATTRIBUTE]?.N;
    return at !== undefined && Number(at) <= this.now();
  }

  private query(input: QueryCommandInput) {
    return this.run((abortSignal) => this.client.send(new QueryCommand(input), { abortSignal }));
  }

  /** Runs one request within the operation's deadline; failures become StoreErrors (unless `raw`). */
  private async run<T>(request: (abortSignal: AbortSignal) => Promise<T>, raw = false): Promise<T> {
    if (this.closed) throw this.closedError();
    try {
      return await request(AbortSignal.timeout(this.operationTimeoutMs));
    } catch (error) {
      throw raw ? error : this.wrap(error);
    }
  }

  private closedError(): StoreError {
    return new StoreError(
      'STORE_UNAVAILABLE',
      `DynamoDB store ${this.description} is closed.`,
      'The store was used after close(); this is a programming error.',
    );
  }

  private wrap(error: unknown): StoreError {
    return dynamoStoreError(error, {
      description: this.description,
      table: this.table,
      region: this.region,
      timeoutMs: this.operationTimeoutMs,
    });
  }
}

/** The store's URL as shown in messages (credentials never are in it; an endpoint's user info is hidden). */
function describe(table: string, region: string, partition?: string, endpoint?: string): string {
  const at = endpoint !== undefined ? `&endpoint=${redactUrl(endpoint)}` : '';
  return `dynamodb://${table}?region=${region}${at}${partition !== undefined ? `&partition=${partition}` : ''}`;
}

/** A key DynamoDB takes as a sort key: 1 to 1024 UTF-8 bytes. */
function checkKey(key: string): void {
  if (typeof key !== 'string' || key === '' || Buffer.byteLength(key, 'utf8') > MAX_DYNAMO_KEY_BYTES) {
    throw new RangeError(
      `DynamoDB store keys must be 1 to ${MAX_DYNAMO_KEY_BYTES} UTF-8 bytes long, got ${
        typeof key === 'string' ? Buffer.byteLength(key, 'utf8') : typeof key
      }`,
    );
  }
}

const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);
const NOT_ALLOWED = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'AccessDeniedException',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);
/** Network failures, by code or, once the SDK has wrapped the error into a message, by that message. */
const NETWORK =
  /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH)\b|socket hang up/;

/**
 * A failed DynamoDB request as a StoreError: throttling (after the SDK's retries) is STORE_LOCKED, since like a held
 * lock it passes; a missing table, refused credentials, an unreachable endpoint, a timeout and anything else is
 * STORE_UNAVAILABLE. Each with what the operator can do.
 */
export function dynamoStoreError(
  error: unknown,
  where: { description: string; table: string; region: string; timeoutMs?: number },
): StoreError {
  if (error instanceof StoreError) return error;
  const name = errorName(error);
  const code = (error as { code?: unknown } | null)?.code;
  const detail = explain(error);
  const unavailable = (what: string, hint: string, storeCode: StoreErrorCode = 'STORE_UNAVAILABLE') =>
    new StoreError(
      storeCode,
      `DynamoDB store ${where.description} is ${storeCode === 'STORE_LOCKED' ? 'busy' : 'unavailable'}: ${what}`,
      hint,
      { cause: error },
    );
  if (THROTTLED.has(name)) {
    return unavailable(
      `requests are throttled (${detail})`,
      'DynamoDB refused requests for load and the retries did not get through: retry shortly. If it persists, ' +
        'look for a process writing in a loop, or raise the table’s capacity (on-demand tables have account limits).',
      'STORE_LOCKED',
    );
  }
  if (name === 'ResourceNotFoundException') {
    return unavailable(
      `table "${where.table}" does not exist in ${where.region} (${detail})`,
      `Create it: npx paysetup init-store --store '${where.description}' (on AWS the serverless stack creates it), ` +
        'or point the store URL at the right table and region.',
    );
  }
  if (NOT_ALLOWED.has(name)) {
    return unavailable(
      `the credentials were refused (${detail})`,
      'Check the AWS credentials this process finds (environment, profile, role) and that they may use the table ' +
        '(dynamodb:GetItem, PutItem, DeleteItem, Query on the table and its index "due").',
    );
  }
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    name === 'RequestTimeout' ||
    (typeof code === 'string' && NETWORK.test(code)) ||
    NETWORK.test(detail)
  ) {
    return unavailable(
      name === 'AbortError'
        ? `no answer within ${where.timeoutMs ?? '?'} ms (${detail})`
        : `unreachable (${detail})`,
      'Check the network path to DynamoDB (the endpoint, VPC endpoints or NAT, the region), then retry.',
    );
  }
  if (name === 'ValidationException') {
    return unavailable(
      `DynamoDB refused the request (${detail})`,
      'A value may exceed DynamoDB’s 400 KB item limit, or the table’s schema differs from dynamo-schema.ts: ' +
        'check it with npx paysetup init-store.',
    );
  }
  return unavailable(
    detail,
    'Retry; if it persists, check the AWS Health Dashboard for DynamoDB in the region.',
  );
}

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : '';
}

function attempts(error: unknown): number {
  const metadata = (error as { $metadata?: { attempts?: unknown } } | null)?.$metadata;
  return typeof metadata?.attempts === 'number' ? metadata.attempts : 1;
}

function explain(error: unknown): string {
  const name = errorName(error);
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const label = typeof code === 'string' && code !== name ? `${name || 'Error'} ${code}` : name;
  return label && label !== 'Error' ? `${label}: ${message}` : message;
}

/** Hides credentials in an URL (`scheme://user:secret@host`). */
function redactUrl(url: string): string {
  return url.replace(/^([^:]*:\/\/)[^@/]*@/, '$1***@');
}

// ---------------------------------------------------------------------------------------------------------------
// Creating the table (paysetup init-store)

/** What happened to the table's Time to Live. */
export type TtlOutcome =
  | { status: 'enabled' | 'already-enabled' }
  /** The endpoint has no UpdateTimeToLive (dynalite): expired items are still ignored on read, just never deleted. */
  | { status: 'unsupported'; reason: string }
  /** DynamoDB refused to enable it (e.g. changed within the last hour): retry later. */
  | { status: 'refused'; reason: string };

export interface EnsureTableResult {
  table: string;
  region: string;
  /** Whether this call created the table (false: it existed with the expected schema). */
  created: boolean;
  ttl: TtlOutcome;
}

export interface EnsureTableOptions {
  /** How often the table's status is asked for while it is being created. @default 1000 */
  pollMs?: number;
  /** How long to wait for the table (and its index) to become ACTIVE. @default 300000 (5 minutes) */
  timeoutMs?: number;
}

/**
 * Creates the store's table (dynamo-schema.ts: key pk/sk, the index `due`, on-demand) unless it exists, waits until it
 * and its index are ACTIVE, checks that an existing one has the schema, and enables TTL on `expiresAt`. Idempotent.
 * For an endpoint without UpdateTimeToLive (dynalite, used by the tests), and only for that call, the missing
 * operation is reported (`ttl.status: 'unsupported'`) instead of failing.
 */
export async function ensureDynamoTable(
  config: Pick<DynamoStoreOptions, 'table' | 'region' | 'endpoint' | 'credentials'>,
  options: EnsureTableOptions = {},
): Promise<EnsureTableResult> {
  const client = makeClient({ ...config, requestTimeoutMs: 10_000, connectTimeoutMs: 3000, maxAttempts: 5 });
  const where = {
    description: describe(config.table, config.region, undefined, config.endpoint),
    table: config.table,
    region: config.region,
  };
  const pollMs = options.pollMs ?? 1000;
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  try {
    let created = false;
    let table = await describeTable(client, config.table, where);
    if (!table) {
      try {
        await client.send(new CreateTableCommand(createTableInput(config.table)));
        created = true;
      } catch (error) {
        // Created meanwhile by someone else (another init-store, the stack): then it exists.
        if (errorName(error) !== 'ResourceInUseException') throw dynamoStoreError(error, where);
      }
    }
    for (;;) {
      table = await describeTable(client, config.table, where);
      const ready =
        table?.TableStatus === 'ACTIVE' &&
        (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
      if (ready) break;
      if (Date.now() > deadline) {
        throw new StoreError(
          'STORE_UNAVAILABLE',
          `DynamoDB table "${config.table}" is not ACTIVE yet (${table?.TableStatus ?? 'missing'}).`,
          'Creating a table can take a few minutes: run init-store again later.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    const problems = table ? schemaProblems(table) : ['missing'];
    if (problems.length > 0) {
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `DynamoDB table "${config.table}" exists with another schema than the store needs: ${problems.join('; ')}.`,
        'Use another table name in the store URL, or delete this table and run init-store again ' +
          '(the schema: src/store/dynamo-schema.ts).',
      );
    }
    return {
      table: config.table,
      region: config.region,
      created,
      ttl: await enableTtl(client, config.table, where),
    };
  } finally {
    client.destroy();
  }
}

async function describeTable(
  client: DynamoDBClient,
  table: string,
  where: Parameters<typeof dynamoStoreError>[1],
): Promise<TableDescription | null> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: table }))).Table ?? null;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return null;
    throw dynamoStoreError(error, where);
  }
}

/** How an existing table differs from dynamo-schema.ts, in what matters to the store (capacity mode does not). */
export function schemaProblems(table: TableDescription): string[] {
  const problems: string[] = [];
  const keys = (schema: { AttributeName?: string; KeyType?: string }[] | undefined) =>
    (schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
  const types = new Map((table.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));
  if (keys(table.KeySchema) !== keys(DYNAMO_TABLE_SCHEMA.KeySchema))
    problems.push(`key is ${keys(table.KeySchema) || 'none'}, not ${keys(DYNAMO_TABLE_SCHEMA.KeySchema)}`);
  for (const wanted of DYNAMO_TABLE_SCHEMA.AttributeDefinitions) {
    const type = types.get(wanted.AttributeName);
    if (type !== undefined && type !== wanted.AttributeType)
      problems.push(`attribute ${wanted.AttributeName} is of type ${type}, not ${wanted.AttributeType}`);
  }
  const wantedIndex = DYNAMO_TABLE_SCHEMA.GlobalSecondaryIndexes[0];
  const index = (table.GlobalSecondaryIndexes ?? []).find((i) => i.IndexName === DUE_INDEX);
  if (!index) problems.push(`the index "${DUE_INDEX}" is missing`);
  else {
    if (keys(index.KeySchema) !== keys(wantedIndex?.KeySchema))
      problems.push(
        `the index "${DUE_INDEX}" has key ${keys(index.KeySchema)}, not ${keys(wantedIndex?.KeySchema)}`,
      );
    const projection = index.Projection;
    const carriesExpiry =
      projection?.ProjectionType === 'ALL' ||
      (projection?.ProjectionType === 'INCLUDE' &&
        (projection.NonKeyAttributes ?? []).includes(EXPIRES_AT_MS_ATTRIBUTE));
    if (!carriesExpiry)
      problems.push(`the index "${DUE_INDEX}" does not project ${EXPIRES_AT_MS_ATTRIBUTE} (INCLUDE it)`);
  }
  return problems;
}

async function enableTtl(
  client: DynamoDBClient,
  table: string,
  where: Parameters<typeof dynamoStoreError>[1],
): Promise<TtlOutcome> {
  const unsupported = (operation: string): TtlOutcome => ({
    status: 'unsupported',
    reason: `the endpoint does not support ${operation} (UnknownOperationException)`,
  });
  try {
    const described = await client.send(new DescribeTimeToLiveCommand({ TableName: table }));
    const ttl = described.TimeToLiveDescription;
    if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') {
      if (ttl.AttributeName === DYNAMO_TTL_ATTRIBUTE) return { status: 'already-enabled' };
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `DynamoDB table "${table}" has TTL on "${ttl.AttributeName}", not "${DYNAMO_TTL_ATTRIBUTE}".`,
        `A table has one TTL attribute: use a table of its own for the store, or switch TTL to "${DYNAMO_TTL_ATTRIBUTE}".`,
      );
    }
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if (errorName(error) === 'UnknownOperationException') return unsupported('DescribeTimeToLive');
    throw dynamoStoreError(error, where);
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: DYNAMO_TTL_ATTRIBUTE, Enabled: true },
      }),
    );
    return { status: 'enabled' };
  } catch (error) {
    // Bounded: only these two answers of this one call are reported instead of failing.
    const name = errorName(error);
    if (name === 'UnknownOperationException') return unsupported('UpdateTimeToLive');
    if (name === 'ValidationException') {
      if (/already enabled/i.test(explain(error))) return { status: 'already-enabled' };
      return { status: 'refused', reason: explain(error) };
    }
    throw dynamoStoreError(error, where);
  }
}
