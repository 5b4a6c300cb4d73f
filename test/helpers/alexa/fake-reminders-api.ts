import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of the Alexa APIs the skill calls, on 127.0.0.1: the Reminders API and the Settings API's device time zone.
 * Put its `url` into a request envelope's `context.System.apiEndpoint` and the skill's own ask-sdk clients
 * (DefaultApiClient, which speaks plain http to an http:// endpoint) call it. It records every request as it arrived
 * (method, path, headers, the raw and the parsed body) and answers as the real APIs do: a created reminder and the
 * device's time zone (`deviceTimeZone`), or the answer programmed for the next call of that API.
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

/** One programmed answer of the Settings API, for its next call. */
export type SettingsApiAnswer =
  /** 200 with this JSON body (the real API sends the zone's name as a JSON string: `"America/New_York"`). */
  | { kind: 'ok'; body: unknown }
  /** 204 without a body ("the query did not return any results"). */
  | { kind: 'empty' }
  | { kind: 'error'; status: number; code: string; message: string }
  /** No answer at all until the server closes (a hung API). */
  | { kind: 'hang' };

export const SETTINGS_API_ERRORS = {
  notFound: { kind: 'error', status: 404, code: 'NOT_FOUND', message: 'The requested device was not found.' },
  internal: { kind: 'error', status: 500, code: 'INTERNAL_ERROR', message: 'Internal Server Error' },
} as const satisfies Record<string, SettingsApiAnswer>;

/** Every Settings API path lies under this; any other path counts as a call of the Reminders API. */
const SETTINGS_PREFIX = '/v2/devices/';

export class FakeRemindersApi {
  readonly calls: RecordedReminderCall[] = [];
  private readonly answers: ReminderApiAnswer[] = [];
  private readonly settingsAnswers: SettingsApiAnswer[] = [];
  private server: Server | null = null;
  private created = 0;
  url = '';
  /** What the Settings API answers for a device's time zone when no other answer is programmed. */
  deviceTimeZone = 'Europe/Berlin';

  /** The calls of the Reminders API (every call not under the Settings API's paths), in order. */
  get reminderCalls(): RecordedReminderCall[] {
    return this.calls.filter((call) => !call.path.startsWith(SETTINGS_PREFIX));
  }

  /** The calls of the Settings API, in order. */
  get settingsCalls(): RecordedReminderCall[] {
    return this.calls.filter((call) => call.path.startsWith(SETTINGS_PREFIX));
  }

  /** Answers the next Reminders API call with `answer` (then the next programmed one, else "created"). */
  answerNext(answer: ReminderApiAnswer): this {
    this.answers.push(answer);
    return this;
  }

  /** Answers the next Settings API call with `answer` (then the next programmed one, else `deviceTimeZone`). */
  answerSettingsNext(answer: SettingsApiAnswer): this {
    this.settingsAnswers.push(answer);
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
    const path = req.url ?? '';
    this.calls.push({ method: req.method ?? '', path, headers, raw, body });
    if (path.startsWith(SETTINGS_PREFIX)) {
      this.settings(req, res);
      return;
    }
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

  private settings(req: IncomingMessage, res: ServerResponse): void {
    const answer = this.settingsAnswers.shift() ?? { kind: 'ok', body: this.deviceTimeZone };
    if (answer.kind === 'hang') return;
    if (req.method !== 'GET' || !/^\/v2\/devices\/[^/]+\/settings\/System\.timeZone$/.test(req.url ?? '')) {
      this.json(res, 404, { code: 'NOT_FOUND', message: `no ${req.method} ${req.url}` });
      return;
    }
    if (answer.kind === 'error') {
      this.json(res, answer.status, { code: answer.code, message: answer.message });
      return;
    }
    if (answer.kind === 'empty') {
      res.writeHead(204).end();
      return;
    }
    this.json(res, 200, answer.body);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
