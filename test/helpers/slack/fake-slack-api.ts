import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

/**
 * A fake Slack Web API on 127.0.0.1 that records every call the app makes (pass `url` as SLACK_API_URL).
 * It parses what `@slack/web-api` really sends (form-encoded, nested fields such as `blocks` JSON-encoded) and answers
 * the methods the bot uses the way Slack does. Failures, delays and holds can be programmed per method.
 * It also serves `response_url`s (Bolt's `respond()` POSTs JSON there) and records those posts.
 */

export interface RecordedCall {
  /** Order of arrival over calls and response_url posts alike. */
  seq: number;
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  /** What the fake answered (status and JSON body). */
  status: number;
  response: Record<string, unknown>;
}

export interface RecordedResponseUrlPost {
  seq: number;
  path: string;
  body: Record<string, unknown>;
}

/** One programmed answer for the next call of a method. */
export type Failure =
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'error'; error: string }
  | { kind: 'http'; status: number };

export interface SlackUserFixture {
  id: string;
  name?: string;
  locale?: string;
  /** IANA time zone, as users.info gives it (`user.tz`); absent: none given. */
  tz?: string;
  /** `user.profile.display_name`. */
  displayName?: string;
}

/** A message as the fake channel keeps it (chat.postMessage, then chat.update), for conversations.history. */
export interface StoredMessage {
  ts: string;
  text: unknown;
  blocks: unknown;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** Which calls a programmed failure applies to: every call of the method, or only those to one channel. */
export interface FailureScope {
  channel?: string;
}

interface Deferred {
  promise: Promise<void>;
  release: () => void;
}

function deferred(): Deferred {
  let release = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

/** Form fields back into values: `blocks`, `view` and other nested fields come JSON-encoded. */
export function parseFormArgs(raw: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parseQuery(raw))) {
    const text = Array.isArray(value) ? value.join(',') : (value ?? '');
    const trimmed = text.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        args[key] = JSON.parse(trimmed);
        continue;
      } catch {
        // not JSON after all: keep the text
      }
    }
    args[key] = text;
  }
  return args;
}

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  readonly responseUrlPosts: RecordedResponseUrlPost[] = [];
  /** Slack users for users.info, by id; unknown users get `defaultLocale`. */
  readonly users = new Map<string, SlackUserFixture>();
  /** Channels a user is a member of, for users.conversations. */
  readonly memberships = new Map<string, string[]>();
  defaultLocale = 'de-DE';
  /** Requests received but not answered yet (held or delayed). */
  inFlight = 0;

  private server: Server | null = null;
  private base = '';
  private seq = 0;
  private ts = 1_700_000_000;
  private viewSeq = 0;
  private readonly failures = new Map<string, { failure: Failure; channel?: string }[]>();
  private readonly persistent = new Map<string, { failure: Failure; channel?: string }[]>();
  /** Messages posted (and updated) per channel, oldest first. */
  readonly messages = new Map<string, StoredMessage[]>();
  /**
   * The clock message timestamps are taken from (`ts` = its seconds, with a sequence number as the fraction), so that
   * `conversations.history`'s `oldest` filters as in Slack; null: a counter from November 2023.
   */
  clock: (() => Date) | null = null;
  /** How many messages `conversations.history` hands out per page at most (Slack: `limit`, up to 1000). */
  historyPageSize = 100;
  private readonly delays = new Map<string, number>();
  private readonly holds = new Map<string, Deferred>();
  private readonly arrivals: (() => void)[] = [];

  /** The Web API base URL to pass as SLACK_API_URL (with the trailing slash the WebClient expects). */
  get url(): string {
    return `${this.base}/api/`;
  }

  /** A response_url this fake serves. */
  responseUrl(id: string): string {
    return `${this.base}/response/${id}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const hold of this.holds.values()) hold.release();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * The next call of `method` (to `scope.channel`, if given) fails this way (queued: call several times for several
   * failures).
   */
  failNext(method: string, failure: Failure, scope: FailureScope = {}): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), { failure, ...scope }]);
  }

  /** Every call of `method` (to `scope.channel`, if given) fails this way until `clearFailures()`. */
  failAlways(method: string, failure: Failure, scope: FailureScope = {}): void {
    this.persistent.set(method, [...(this.persistent.get(method) ?? []), { failure, ...scope }]);
  }

  clearFailures(): void {
    this.failures.clear();
    this.persistent.clear();
  }

  /** Every call of `method` is answered after `ms` (a slow Slack). */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** Calls of `method` are recorded but not answered until the returned function is called. */
  hold(method: string): () => void {
    const gate = deferred();
    this.holds.set(method, gate);
    return () => {
      this.holds.delete(method);
      gate.release();
    };
  }

  /** Calls of one method, in order. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** A position in the log of calls, for `since()`. */
  mark(): number {
    return this.seq;
  }

  /** Calls recorded after a mark. */
  since(mark: number, method?: string): RecordedCall[] {
    return this.calls.filter((call) => call.seq > mark && (method === undefined || call.method === method));
  }

  /** Waits (bounded) until `predicate` holds, re-checking whenever a call arrives. */
  async waitFor<T>(
    predicate: () => T | undefined | null | false,
    what: string,
    timeoutMs = 5000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = predicate();
      if (result) return result;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fake Slack API: timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.arrivals.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The failure programmed for this call, if any: the first queued one that fits, else a persistent one. */
  private takeFailure(method: string, args: Record<string, unknown>): Failure | undefined {
    const fits = (entry: { channel?: string }) =>
      entry.channel === undefined || entry.channel === args.channel;
    const queued = this.failures.get(method) ?? [];
    const index = queued.findIndex(fits);
    if (index >= 0) return queued.splice(index, 1)[0]?.failure;
    return this.persistent.get(method)?.find(fits)?.failure;
  }

  /** A new message timestamp, later than every one before. */
  private nextTs(): string {
    this.ts += 1;
    if (!this.clock) return `${this.ts}.000100`;
    const seconds = Math.floor(this.clock().getTime() / 1000);
    return `${seconds}.${String(this.ts % 1_000_000).padStart(6, '0')}`;
  }

  /** conversations.history: newest first, after `oldest`, a page of `limit` with a cursor for the next. */
  private history(args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? '');
    const oldest = Number(args.oldest ?? 0);
    const withMetadata = args.include_all_metadata === 'true' || args.include_all_metadata === true;
    const all = [...(this.messages.get(channel) ?? [])]
      .filter((m) => Number(m.ts) > oldest)
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const start = Number(args.cursor ?? 0) || 0;
    const size = Math.min(
      Number(args.limit ?? this.historyPageSize) || this.historyPageSize,
      this.historyPageSize,
    );
    const page = all.slice(start, start + size);
    const more = start + size < all.length;
    return {
      ok: true,
      messages: page.map((m) => ({
        type: 'message',
        user: 'UBOT',
        bot_id: 'BBOT',
        ts: m.ts,
        text: m.text,
        blocks: m.blocks,
        ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
      })),
      has_more: more,
      response_metadata: { next_cursor: more ? String(start + size) : '' },
    };
  }

  private notify(): void {
    for (const wake of this.arrivals.splice(0)) wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.startsWith('/response/')) {
      this.seq += 1;
      this.responseUrlPosts.push({ seq: this.seq, path, body: raw ? JSON.parse(raw) : {} });
      this.notify();
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    const method = path.replace(/^\/api\//, '');
    const contentType = req.headers['content-type'] ?? '';
    const args = contentType.includes('application/json')
      ? ((raw ? JSON.parse(raw) : {}) as Record<string, unknown>)
      : parseFormArgs(raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ')
      ? auth.slice('Bearer '.length)
      : ((args.token as string) ?? null);
    this.seq += 1;
    const call: RecordedCall = { seq: this.seq, method, args, token, status: 200, response: {} };
    this.calls.push(call);
    this.inFlight += 1;
    this.notify();
    try {
      const hold = this.holds.get(method);
      if (hold) await hold.promise;
      const wait = this.delays.get(method);
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
      const failure = this.takeFailure(method, args);
      if (failure?.kind === 'rate-limited') {
        call.status = 429;
        call.response = { ok: false, error: 'ratelimited' };
        res.writeHead(429, {
          'Content-Type': 'application/json',
          'Retry-After': String(failure.retryAfterSeconds),
        });
        res.end(JSON.stringify(call.response));
        return;
      }
      if (failure?.kind === 'http') {
        call.status = failure.status;
        call.response = { ok: false };
        res.writeHead(failure.status, { 'Content-Type': 'text/plain' }).end('fake failure');
        return;
      }
      call.response =
        failure?.kind === 'error' ? { ok: false, error: failure.error } : this.answer(method, args);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(call.response));
    } finally {
      this.inFlight -= 1;
      this.notify();
    }
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://acme.slack.com/',
          team: 'Acme',
          user: 'paysetup',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const channel = String(args.channel ?? '');
        const metadata = args.metadata as StoredMessage['metadata'] | undefined;
        this.messages.set(channel, [
          ...(this.messages.get(channel) ?? []),
          { ts, text: args.text, blocks: args.blocks, ...(metadata ? { metadata } : {}) },
        ]);
        return {
          ok: true,
          channel: args.channel,
          ts,
          message: {
            type: 'message',
            user: 'UBOT',
            bot_id: 'BBOT',
            text: args.text,
            blocks: args.blocks,
            ts,
          },
        };
      }
      case 'chat.update': {
        const stored = this.messages.get(String(args.channel ?? ''))?.find((m) => m.ts === args.ts);
        if (stored) {
          stored.text = args.text;
          stored.blocks = args.blocks;
        }
        return {
          ok: true,
          channel: args.channel,
          ts: args.ts,
          text: args.text,
          message: { text: args.text },
        };
      }
      case 'conversations.history':
        return this.history(args);
      case 'chat.postEphemeral':
        this.ts += 1;
        return { ok: true, message_ts: `${this.ts}.000200` };
      case 'views.open':
      case 'views.publish': {
        this.viewSeq += 1;
        const view = (args.view ?? {}) as Record<string, unknown>;
        return {
          ok: true,
          view: {
            ...view,
            id: `V${String(this.viewSeq).padStart(9, '0')}`,
            hash: `${this.ts}.hash${this.viewSeq}`,
          },
        };
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        const user = this.users.get(id);
        const withLocale = args.include_locale === 'true' || args.include_locale === true;
        return {
          ok: true,
          user: {
            id,
            team_id: 'T1',
            name: user?.name ?? id.toLowerCase(),
            ...(withLocale ? { locale: user?.locale ?? this.defaultLocale } : {}),
            ...(user?.tz ? { tz: user.tz } : {}),
            profile: { display_name: user?.displayName ?? '' },
          },
        };
      }
      case 'users.conversations': {
        const channels = this.memberships.get(String(args.user ?? '')) ?? [];
        return {
          ok: true,
          channels: channels.map((id) => ({ id, name: id.toLowerCase(), is_channel: true, is_member: true })),
          response_metadata: { next_cursor: '' },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
