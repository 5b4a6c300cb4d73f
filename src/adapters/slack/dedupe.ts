import type { AnyMiddlewareArgs, Logger, Middleware } from '@slack/bolt';
import { VIEW_CALLBACK } from './action-ids';
import type { ClaimResult, DeliveryClaims } from './DeliveryClaims';

/** How long a modal submission's claim may take before the listener goes on without it (its ack waits for it). */
const VIEW_CLAIM_BUDGET_MS = 250;

interface Body {
  type?: string;
  event_id?: string;
  command?: string;
  trigger_id?: string;
  user?: { id?: string };
  actions?: { action_ts?: string }[];
  view?: { id?: string; callback_id?: string };
}

/**
 * A delivery's own id, the same on every redelivery of it and different for anything a person did again: the event
 * id of an event, the trigger id of a command or a modal submission, the action's timestamp and the user of a click.
 */
export function deliveryId(raw: unknown): string | null {
  const body = raw as Body;
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.command === 'string' && body.trigger_id) return `command:${body.trigger_id}`;
  if (body.type === 'block_actions') {
    const ts = body.actions?.[0]?.action_ts ?? body.trigger_id;
    return ts && body.user?.id ? `action:${ts}:${body.user.id}` : null;
  }
  if (body.type === 'view_submission' && body.trigger_id) return `view:${body.trigger_id}`;
  if (body.type === 'view_closed' && body.view?.id) return `view-closed:${body.view.id}`;
  return null;
}

/** A modal submission of the bot's own modal: the one delivery whose acknowledgement carries an answer. */
function answersInAck(body: Body): boolean {
  return body.type === 'view_submission' && body.view?.callback_id === VIEW_CALLBACK;
}

export interface DedupeOptions {
  /**
   * The claim token this run was handed, read from Bolt's context (the Lambda worker: the HTTP function claimed the
   * delivery with it before answering Slack). With a token, the delivery is not claimed again: it runs only while the
   * claim is still that token's, and everything is acknowledged here (the answer to Slack went out already).
   */
  handedOver?: (context: Record<string, unknown>) => string | undefined;
}

/**
 * Bolt global middleware, first in the chain: acknowledges every command, click and closed modal at once (before the
 * store is asked anything, so a slow or locked store never delays an ack; the listeners do not ack these), then lets
 * only the first delivery of each id through. Events were acknowledged by Bolt already; the bot's modal submissions
 * are acknowledged by their listener, which may answer with errors shown in the modal.
 */
export function dedupeDeliveries(
  claims: DeliveryClaims,
  logger: Logger,
  options: DedupeOptions = {},
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as Body;
    const ack = 'ack' in args && typeof args.ack === 'function' ? (args.ack as () => Promise<void>) : null;
    const token = options.handedOver?.(args.context as Record<string, unknown>);
    if (token !== undefined) {
      await runHandedOver(claims, logger, token, body, ack, args.next);
      return;
    }
    const listenerAcks = answersInAck(body);
    if (ack && !listenerAcks) await ack();
    const id = deliveryId(body);
    if (!id) {
      await args.next();
      return;
    }
    const claiming = claims.claim(id);
    const claim = listenerAcks ? await within(claiming, VIEW_CLAIM_BUDGET_MS) : await claiming;
    if (claim === 'repeat') {
      logger.info(`slack: ${id.split(':')[0]} delivered again; done the first time, ignored`);
      if (ack && listenerAcks) await ack();
      return;
    }
    // 'unknown' (the store failed): go on; the turn meets the same store and says "please try again" if it must.
    try {
      await args.next();
    } catch (error) {
      if (claim === 'first') await claims.release(id);
      throw error;
    }
    if (claim === 'first') await claims.finish(id);
    // A claim that came after its budget still gets its 'done' mark, once it is known to be this delivery's.
    else if (listenerAcks && (await claiming) === 'first') await claims.finish(id);
  };
}

/** A delivery claimed by another process, which answered Slack already and handed the work to this one. */
async function runHandedOver(
  claims: DeliveryClaims,
  logger: Logger,
  token: string,
  body: Body,
  ack: (() => Promise<void>) | null,
  next: () => Promise<void>,
): Promise<void> {
  if (ack) await ack();
  const id = deliveryId(body);
  const held = id ? await claims.holds(id, token) : 'unknown';
  if (held === 'lost') {
    logger.info(`slack: ${id?.split(':')[0]} handed over, but done or taken over meanwhile; ignored`);
    return;
  }
  try {
    await next();
  } catch (error) {
    if (id && held === 'mine') await claims.release(id);
    throw error;
  }
  if (id && held === 'mine') await claims.finish(id);
}

/** The claim's result if it comes within `ms`, else 'unknown' (go on; the claim may still land, with its token). */
export async function within(claim: Promise<ClaimResult>, ms: number): Promise<ClaimResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ClaimResult>((resolve) => {
    timer = setTimeout(() => resolve('unknown'), ms);
  });
  const result = await Promise.race([claim, late]);
  clearTimeout(timer);
  return result;
}
