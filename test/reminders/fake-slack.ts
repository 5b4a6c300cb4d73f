import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseFormArgs } from '../helpers/slack/fake-slack-api';

/**
 * A small fake of the Slack Web API on 127.0.0.1 for the reminder tests, with what the nudges need: `chat.postMessage`
 * recorded with its message metadata, and `conversations.history` answering from those posts (newest first, from
 * `oldest` on, metadata only with `include_all_metadata`, in pages), so the sender's `wasSent` reads what was really
 * posted. Its clock (`nowMs`) stamps each message's `ts`: the tests set it to the sweep's fake time, as Slack's clock
 * and the sweep's agree in life. A post is recorded when it arrives, before it is answered (as Slack has it then).
 */

export interface Post {
  seq: number;
  channel: string;
  text: string;
  ts: string;
  token: string | null;
  metadata: { event_type?: string; event_payload?: Record<string, unknown> } | null;
  blocks: unknown;
}

export class FakeSlackWeb {
  readonly posts: Post[] = [];
  /** Calls by method, in order of arrival. */
  readonly calls: { method: string; args: Record<string, unknown> }[] = [];
  /** The time a post is stamped with (ms). */
  nowMs = Date.now();
  /** Each chat.postMessage is answered this long after it was recorded (a slow Slack: sweeps overlap). */
  postDelayMs = 0;
  /** Channels whose posts fail with this error (`not_in_channel`, …). */
  readonly channelErrors = new Map<string, string>();

  private server: Server | null = null;
  private base = '';
  private seq = 0;
  private lastTs = 0;

  /** The Web API base URL to pass as SLACK_API_URL. */
  get url(): string {
    return `${this.base}/api/`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The nudges posted, as `team nudgeId`, with how often each was posted. */
  nudgeCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const post of this.posts) {
      const payload =
        post.metadata?.event_type === 'paysetup_nudge' ? post.metadata.event_payload : undefined;
      if (!payload) continue;
      const key = `${String(payload.team)} ${String(payload.nudge)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  /** Every nudge posted more than once (none, when all is well). */
  doubled(): string[] {
    return [...this.nudgeCounts()].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = (req.url ?? '').split('?')[0]?.replace(/^\/api\//, '') ?? '';
    const args = (req.headers['content-type'] ?? '').includes('application/json')
      ? ((raw ? JSON.parse(raw) : {}) as Record<string, unknown>)
      : parseFormArgs(raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : null;
    this.calls.push({ method, args });
    const answer = this.answer(method, args, token);
    if (method === 'chat.postMessage' && this.postDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, this.postDelayMs));
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
  }

  private answer(
    method: string,
    args: Record<string, unknown>,
    token: string | null,
  ): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, team_id: 'T0SEED', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'chat.postMessage': {
        const channel = String(args.channel ?? '');
        const error = this.channelErrors.get(channel);
        if (error) return { ok: false, error };
        // Unique and increasing, like Slack's: the clock's microseconds, bumped when two posts share one.
        const micros = Math.max(this.nowMs * 1000, this.lastTs + 1);
        this.lastTs = micros;
        const ts = (micros / 1e6).toFixed(6);
        this.seq += 1;
        this.posts.push({
          seq: this.seq,
          channel,
          text: String(args.text ?? ''),
          ts,
          token,
          metadata: (args.metadata as Post['metadata']) ?? null,
          blocks: args.blocks,
        });
        return { ok: true, channel, ts, message: { type: 'message', bot_id: 'BBOT', text: args.text, ts } };
      }
      case 'conversations.history': {
        const channel = String(args.channel ?? '');
        if (this.channelErrors.has(channel)) return { ok: false, error: this.channelErrors.get(channel) };
        const oldest = Number(args.oldest ?? 0);
        const limit = Math.max(1, Math.min(1000, Number(args.limit ?? 100)));
        const offset = Number(args.cursor ?? 0);
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const matching = this.posts
          .filter((post) => post.channel === channel && Number(post.ts) >= oldest)
          .reverse();
        const page = matching.slice(offset, offset + limit);
        const more = offset + limit < matching.length;
        return {
          ok: true,
          messages: page.map((post) => ({
            type: 'message',
            bot_id: 'BBOT',
            text: post.text,
            ts: post.ts,
            ...(withMetadata && post.metadata ? { metadata: post.metadata } : {}),
          })),
          has_more: more,
          response_metadata: { next_cursor: more ? String(offset + limit) : '' },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
