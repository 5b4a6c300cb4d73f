import { signedHeaders } from './signing';

/** How a delivery differs from a plain, correctly signed first attempt. */
export interface DeliveryOptions {
  /** A redelivery: Slack adds `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`. */
  retryNum?: number;
  retryReason?: string;
  /** Sign with another secret (a forged request). */
  secret?: string;
  /** Sign with this timestamp (seconds), e.g. one older than five minutes. */
  timestamp?: number;
  /** Change the body after signing it. */
  tamper?: (rawBody: string) => string;
}

export interface SlackHttpResponse {
  status: number;
  text: string;
  headers: Headers;
}

/**
 * Sends requests to the app the way Slack does: slash commands form-encoded, interactivity as one `payload=` field,
 * events as JSON; each signed over its exact raw body.
 */
export class SlackSender {
  constructor(readonly endpoint: string) {}

  /** A slash command: the form fields Slack posts. */
  command(fields: Record<string, string>, options: DeliveryOptions = {}): Promise<SlackHttpResponse> {
    return this.send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** A click or a modal submission: `payload=<url-encoded JSON>`. */
  interact(payload: Record<string, unknown>, options: DeliveryOptions = {}): Promise<SlackHttpResponse> {
    const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(raw, 'application/x-www-form-urlencoded', options);
  }

  /** An Events API request (also `url_verification`). */
  event(envelope: Record<string, unknown>, options: DeliveryOptions = {}): Promise<SlackHttpResponse> {
    return this.send(JSON.stringify(envelope), 'application/json', options);
  }

  async send(
    rawBody: string,
    contentType: string,
    options: DeliveryOptions = {},
  ): Promise<SlackHttpResponse> {
    const headers: Record<string, string> = {
      'Content-Type': contentType,
      'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signedHeaders(rawBody, {
        ...(options.secret !== undefined ? { secret: options.secret } : {}),
        ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
      }),
    };
    if (options.retryNum !== undefined) {
      headers['X-Slack-Retry-Num'] = String(options.retryNum);
      headers['X-Slack-Retry-Reason'] = options.retryReason ?? 'http_timeout';
    }
    const body = options.tamper ? options.tamper(rawBody) : rawBody;
    const response = await fetch(this.endpoint, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text(), headers: response.headers };
  }
}
