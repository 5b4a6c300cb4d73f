import type {
  AllMiddlewareArgs,
  BlockAction,
  Logger,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import type { Locale } from '../../../core/context';
import { text } from '../../../core/i18n';
import { readModalMetadata } from '../action-ids';
import { unavailableHomeView } from '../app-home';
import { errorCodeOf, isStoreFailure } from '../errors';
import { plainMessage } from '../render-blocks';
import type { SlackCalls } from '../SlackCalls';
import type { SlackDialog } from '../SlackDialog';

/** What each kind of listener is handed (named, since `guard` cannot infer them from Bolt's overloads). */
export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type EventArgs<E extends string> = SlackEventMiddlewareArgs<E> & AllMiddlewareArgs;
export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export interface BoundaryDeps {
  dialog: SlackDialog;
  calls: SlackCalls;
  logger: Logger;
  defaultLocale: Locale;
}

/** Where the person who caused a delivery can be answered: in a channel (ephemeral), or on their App Home. */
type Target =
  | { kind: 'channel'; channel: string; user: string; threadTs?: string }
  | { kind: 'home'; user: string };

/**
 * The one error boundary of the bot's listeners: whatever a listener throws (the store down, a Web API error, a bug)
 * is logged once, with a code, and the person who caused the delivery gets a localized answer where they are (an
 * ephemeral message in the channel or thread, or the App Home). Nothing is rethrown, so Bolt's global handler does not
 * log it a second time; that handler (`answerFailure` too) covers what fails outside a listener.
 */
export function guard<Args extends { body: unknown }>(
  name: string,
  deps: BoundaryDeps,
  listener: (args: Args) => Promise<void>,
): (args: Args) => Promise<void> {
  return async (args) => {
    try {
      await listener(args);
    } catch (error) {
      await answerFailure(deps, name, args.body, error);
    }
  };
}

/** Logs one line with the failure's code and answers the person, in their Slack language. Never throws. */
export async function answerFailure(
  deps: BoundaryDeps,
  where: string,
  body: unknown,
  error: unknown,
): Promise<void> {
  const code = errorCodeOf(error);
  const cause = ((error as { original?: unknown })?.original ?? error) as Error | undefined;
  const detail = code === 'BUG' ? (cause?.stack ?? String(cause)) : (cause?.message ?? String(cause));
  deps.logger.error(`slack: ${where} failed: ${code}: ${detail}`);
  const target = targetOf(body);
  if (!target) return;
  try {
    const locale = (await deps.dialog.profile(target.user)).locale ?? deps.defaultLocale;
    if (target.kind === 'home') {
      await deps.calls.viewsPublish({ user_id: target.user, view: unavailableHomeView(locale, code) });
      return;
    }
    const message = isStoreFailure(error)
      ? text(locale, 'slack:storeDown')
      : text(locale, 'slack:failed', { code });
    await deps.calls.postEphemeral({
      channel: target.channel,
      user: target.user,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      ...plainMessage(message),
    });
  } catch (answerError) {
    deps.logger.error(`slack: could not tell the person about ${code}: ${errorCodeOf(answerError)}`);
  }
}

interface AnyBody {
  type?: string;
  channel_id?: unknown;
  user_id?: unknown;
  channel?: { id?: unknown };
  user?: { id?: unknown };
  message?: { thread_ts?: unknown };
  container?: { thread_ts?: unknown };
  view?: { private_metadata?: unknown };
  event?: { type?: unknown; channel?: unknown; user?: unknown; thread_ts?: unknown; tab?: unknown };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** Who to answer about a failed delivery, from its body as Slack sent it; null when nobody can be answered. */
export function targetOf(raw: unknown): Target | null {
  const body = (raw ?? {}) as AnyBody;
  const inChannel = (channel?: string, user?: string, threadTs?: string): Target | null =>
    channel && user ? { kind: 'channel', channel, user, ...(threadTs ? { threadTs } : {}) } : null;
  if (str(body.channel_id)) return inChannel(str(body.channel_id), str(body.user_id));
  if (body.type === 'block_actions')
    return inChannel(
      str(body.channel?.id),
      str(body.user?.id),
      str(body.message?.thread_ts) ?? str(body.container?.thread_ts),
    );
  if (body.type === 'view_submission') {
    const metadata = readModalMetadata(str(body.view?.private_metadata) ?? '');
    return inChannel(metadata?.channel, str(body.user?.id));
  }
  const event = body.event;
  if (event?.type === 'app_home_opened') {
    const user = str(event.user);
    return user ? { kind: 'home', user } : null;
  }
  if (event) return inChannel(str(event.channel), str(event.user), str(event.thread_ts));
  return null;
}
