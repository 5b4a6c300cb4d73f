import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Alexa Reminders API on 127.0.0.1: put its `url` into a request envelope's `context.System.apiEndpoint` and
 * the skill's own ask-sdk client (DefaultApiClient, which speaks plain http to an http:// endpoint) calls it. It
 * records every request as it arrived (method, path, headers, the raw and the parsed body) and answers as the real
 * API does: a created reminder, or the error programmed for the next call.
 */

export interface RecordedReminderCall {
  method: string;
  path: string;
  /** Header names in lower case, as Node reads them. */
  headers: Record<string, string | undefined>;
  raw: string;
  /** The JSON body; null when there was none or it was no JSON. */
  body: unknown;
}

/** One programmed answer, for the next call. */
export type ReminderApiAnswer =
  | { kind: 'created' }
  | { kind: 'error'; status: number; code: string; message: string }
  /** No answer at all until the server closes (a hung API). */
  | { kind: 'hang' };

/** The errors the real API sends, by name. */
export const REMINDER_API_ERRORS = {
  forbidden: {
    kind: 'error',
    status: 403,
    code: 'ACCESS_DENIED',
    message: 'Access denied with reason: ACCESS_NOT_REQUESTED',
  },
  unauthorized: {
    kind: 'error',
    status: 401,
    code: 'UNAUTHORIZED',
    message: 'The authentication token is not valid.',
  },
  deviceNotSupported: {
    kind: 'error',
    status: 400,
    code: 'DEVICE_NOT_SUPPORTED',
    message: 'Reminders are not supported on this device.',
  },
  unavailable: { kind: 'error', status: 503, code: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable' },
} as const satisfies Record<string, ReminderApiAnswer>;

export class FakeRemindersApi {
  readonly calls: RecordedReminderCall[] = [];
  private readonly answers: ReminderApiAnswer[] = [];
  private server: Server | null = null;
  private created = 0;
  url = '';

  /** Answers the next call with `answer` (then the one after with the next programmed one, else "created"). */
  answerNext(answer: ReminderApiAnswer): this {
    this.answers.push(answer);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : value,
      ]),
    );
    this.calls.push({ method: req.method ?? '', path: req.url ?? '', headers, raw, body });
    const answer = this.answers.shift() ?? { kind: 'created' };
    if (answer.kind === 'hang') return;
    if (req.method !== 'POST' || req.url !== '/v1/alerts/reminders') {
      this.json(res, 404, { code: 'NOT_FOUND', message: `no ${req.method} ${req.url}` });
      return;
    }
    if (answer.kind === 'error') {
      this.json(res, answer.status, { code: answer.code, message: answer.message });
      return;
    }
    this.created += 1;
    const now = new Date().toISOString();
    const alertToken = `amzn1.alert.reminder.${this.created}`;
    this.json(res, 200, {
      alertToken,
      createdTime: now,
      updatedTime: now,
      status: 'ON',
      version: '1',
      href: `/v1/alerts/reminders/${alertToken}`,
    });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
