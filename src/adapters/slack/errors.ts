import { DialogError } from '../../core/errors';
import { StoreError } from '../../store/port';

/** Failures of the Slack adapter itself, with stable codes for the log. */
export type SlackAdapterErrorCode = 'SLACK_NO_INSTALLATION' | 'SLACK_HOME_CONFLICT';

export class SlackAdapterError extends Error {
  constructor(
    readonly code: SlackAdapterErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SlackAdapterError';
  }
}

/**
 * The code a failure is logged with: the store's, the dialog's or the adapter's own code, Slack's error for a Web API
 * call (`slack:channel_not_found`), else `BUG` (an error nobody foresaw: its stack goes to the log).
 */
export function errorCodeOf(error: unknown): string {
  if (error instanceof StoreError || error instanceof DialogError || error instanceof SlackAdapterError)
    return error.code;
  const e = error as { code?: unknown; data?: { error?: unknown }; original?: unknown };
  if (typeof e?.data?.error === 'string') return `slack:${e.data.error}`;
  if (typeof e?.code === 'string' && e.code.startsWith('slack_')) {
    // Bolt wraps a listener's error (`slack_bolt_…`): the cause carries the code that matters.
    if (e.original !== undefined && e.original !== error) return errorCodeOf(e.original);
    return e.code;
  }
  return 'BUG';
}

/** Whether the store (not the bot) is what failed: the person is told to try again shortly. */
export function isStoreFailure(error: unknown): boolean {
  const cause = (error as { original?: unknown })?.original ?? error;
  return cause instanceof StoreError || (cause instanceof DialogError && cause.code === 'CONFLICT');
}
