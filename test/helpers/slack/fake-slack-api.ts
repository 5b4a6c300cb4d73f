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
  /** The parent's ts, for a reply in a thread (chat.postMessage with `thread_ts`). */
  thread_ts?: string;
  text: unknown;
  blocks: unknown;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** A workspace as `auth.test` describes it for one of its tokens. */
export interface FakeWorkspace {
  teamId: string;
  teamName: string;
  /** The Enterprise Grid org, if the workspace belongs to one. */
  enterpriseId?: string;
  enterpriseName?: string;
  botUserId: string;
  botId: string;
}

/** What an OAuth code stands for: the install of the app into one workspace (or, org-wide, into an org). */
export interface FakeGrant extends FakeWorkspace {
  /** An org-wide install (Enterprise Grid): `team` is null in oauth.v2.access. */
  isEnterpriseInstall?: boolean;
  /** Token rotation on: the token expires (`expires_in`) and comes with a refresh token. */
  rotation?: boolean;
  /** Seconds until a rotating token expires. @default 43200 (twelve hours, as Slack) */
  expiresIn?: number;
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
  /** Channels shared with another organisation (Slack Connect): `is_ext_shared` in users.conversations. */
  readonly sharedChannels = new Set<string>();
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
  /** The app's credentials `oauth.v2.access` checks. */
  oauthClient = { id: '1111111111.2222222222222', secret: 'fakeclientsecret0123456789abcdef' };
  /** The workspace each bot token belongs to (`auth.test`); tokens not listed get the workspace T1 (Acme). */
  readonly workspaces = new Map<string, FakeWorkspace>();
  /** Codes `oauth.v2.access` exchanges (once each), and the grants they stand for. */
  private readonly grants = new Map<string, FakeGrant>();
  /** Refresh tokens `oauth.v2.access` with `grant_type=refresh_token` takes (once each: Slack rotates them). */
  private readonly refreshTokens = new Map<string, FakeGrant>();
  private tokenSeq = 0;
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

  /**
   * An OAuth code Slack would hand the browser after the person approved the install; `oauth.v2.access` exchanges it
   * for a bot token of `grant`'s workspace (once). Returns the code.
   */
  grant(code: string, grant: FakeGrant): string {
    this.grants.set(code, grant);
    return code;
  }

  /** Whether a refresh token is still one Slack would take. */
  knowsRefreshToken(refreshToken: string): boolean {
    return this.refreshTokens.has(refreshToken);
  }

  /** A rotating (or plain) bot token for a workspace, known to `auth.test` from now on. */
  private issueToken(grant: FakeGrant): Record<string, unknown> {
    this.tokenSeq += 1;
    const n = this.tokenSeq;
    const token = grant.rotation
      ? `xoxe.xoxb-1-${grant.teamId}-${n}`
      : `xoxb-${grant.teamId}-${n}-${'x'.repeat(8)}`;
    this.workspaces.set(token, grant);
    if (!grant.rotation) return { access_token: token };
    const refresh = `xoxe-1-${grant.teamId}-${n}`;
    this.refreshTokens.set(refresh, grant);
    return { access_token: token, refresh_token: refresh, expires_in: grant.expiresIn ?? 43_200 };
  }

  /** oauth.v2.access: the code exchange, or (`grant_type=refresh_token`) a rotating token's refresh. */
  private oauthAccess(args: Record<string, unknown>): Record<string, unknown> {
    if (args.client_id !== this.oauthClient.id || args.client_secret !== this.oauthClient.secret)
      return { ok: false, error: 'invalid_client_id' };
    if (args.grant_type === 'refresh_token') {
      const grant = this.refreshTokens.get(String(args.refresh_token ?? ''));
      if (!grant) return { ok: false, error: 'invalid_refresh_token' };
      this.refreshTokens.delete(String(args.refresh_token));
      // A refreshed token lives Slack's usual twelve hours, whatever the first one was given.
      const { expiresIn: _first, ...rest } = grant;
      return { ok: true, token_type: 'bot', ...this.issueToken(rest) };
    }
    const code = String(args.code ?? '');
    const grant = this.grants.get(code);
    if (!grant) return { ok: false, error: 'invalid_code' };
    this.grants.delete(code);
    const org = grant.enterpriseId
      ? { id: grant.enterpriseId, name: grant.enterpriseName ?? grant.enterpriseId }
      : null;
    return {
      ok: true,
      app_id: 'A0PAYSETUP',
      authed_user: { id: 'UINSTALLER' },
      scope: String(
        args.scope ??
          'commands,chat:write,app_mentions:read,users:read,channels:read,groups:read,channels:history,groups:history',
      ),
      token_type: 'bot',
      bot_user_id: grant.botUserId,
      team: grant.isEnterpriseInstall ? null : { id: grant.teamId, name: grant.teamName },
      enterprise: org,
      is_enterprise_install: grant.isEnterpriseInstall === true,
      ...this.issueToken(grant),
    };
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
    // As in Slack: the channel's messages, without the replies in threads.
    const all = [...(this.messages.get(channel) ?? [])]
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
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
        failure?.kind === 'error' ? { ok: false, error: failure.error } : this.answer(method, args, token);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(call.response));
    } finally {
      this.inFlight -= 1;
      this.notify();
    }
  }

  private answer(
    method: string,
    args: Record<string, unknown>,
    token: string | null,
  ): Record<string, unknown> {
    const workspace = token ? this.workspaces.get(token) : undefined;
    switch (method) {
      case 'oauth.v2.access':
        return this.oauthAccess(args);
      case 'auth.test':
        if (workspace)
          return {
            ok: true,
            url: `https://${workspace.teamName.toLowerCase()}.slack.com/`,
            team: workspace.teamName,
            user: 'paysetup',
            team_id: workspace.teamId,
            user_id: workspace.botUserId,
            bot_id: workspace.botId,
            ...(workspace.enterpriseId ? { enterprise_id: workspace.enterpriseId } : {}),
            is_enterprise_install: false,
          };
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
        const threadTs = typeof args.thread_ts === 'string' && args.thread_ts ? args.thread_ts : undefined;
        this.messages.set(channel, [
          ...(this.messages.get(channel) ?? []),
          {
            ts,
            text: args.text,
            blocks: args.blocks,
            ...(threadTs ? { thread_ts: threadTs } : {}),
            ...(metadata ? { metadata } : {}),
          },
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
            ...(threadTs ? { thread_ts: threadTs } : {}),
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
          channels: channels.map((id) => ({
            id,
            name: id.toLowerCase(),
            is_channel: true,
            is_member: true,
            is_shared: this.sharedChannels.has(id),
            is_ext_shared: this.sharedChannels.has(id),
          })),
          response_metadata: { next_cursor: '' },
        };
      }
      default:
        return this.answerCanvas(method, args) ?? { ok: false, error: 'unknown_method' };
    }
  }

  // --- Canvases: conversations.canvases.create, canvases.edit (each channel has at most one channel canvas) ---

  /** The channel canvases created, by canvas id: the markdown of every write, oldest first. */
  readonly canvases = new Map<string, FakeCanvas>();
  private canvasSeq = 0;

  /** The channel's canvas (the last one created there), or undefined. */
  canvasOf(channel: string): FakeCanvas | undefined {
    return [...this.canvases.values()].filter((c) => c.channel === channel).at(-1);
  }

  /** Someone deleted the canvas in Slack: edits of it fail with `canvas_not_found`, and the channel may get a new one. */
  deleteCanvas(id: string): void {
    this.canvases.delete(id);
  }

  private answerCanvas(method: string, args: Record<string, unknown>): Record<string, unknown> | null {
    const markdownOf = (content: unknown): string | null => {
      const c = content as { type?: unknown; markdown?: unknown } | undefined;
      return c?.type === 'markdown' && typeof c.markdown === 'string' ? c.markdown : null;
    };
    switch (method) {
      case 'conversations.canvases.create': {
        const channel = String(args.channel_id ?? '');
        if (!channel) return { ok: false, error: 'invalid_arguments' };
        if (this.canvasOf(channel)) return { ok: false, error: 'channel_canvas_already_exists' };
        this.canvasSeq += 1;
        const id = `F0CANVAS${String(this.canvasSeq).padStart(4, '0')}`;
        const markdown = markdownOf(args.document_content);
        this.canvases.set(id, {
          id,
          channel,
          ...(typeof args.title === 'string' ? { title: args.title } : {}),
          writes: markdown === null ? [] : [markdown],
        });
        return { ok: true, canvas_id: id };
      }
      case 'canvases.edit': {
        const canvas = this.canvases.get(String(args.canvas_id ?? ''));
        if (!canvas) return { ok: false, error: 'canvas_not_found' };
        const changes = Array.isArray(args.changes) ? (args.changes as Record<string, unknown>[]) : [];
        if (changes.length === 0) return { ok: false, error: 'invalid_arguments' };
        for (const change of changes) {
          const markdown = markdownOf(change.document_content);
          // Only what the bot does: replace the whole canvas (no section id).
          if (change.operation !== 'replace' || change.section_id !== undefined || markdown === null)
            return { ok: false, error: 'invalid_arguments' };
          canvas.writes.push(markdown);
        }
        return { ok: true };
      }
      default:
        return null;
    }
  }
}

/** A channel canvas as the fake keeps it. */
export interface FakeCanvas {
  id: string;
  channel: string;
  title?: string;
  /** The markdown of the create and of every edit, oldest first (the last is what the canvas shows). */
  writes: string[];
}
