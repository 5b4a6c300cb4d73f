import type { types } from '@slack/bolt';
import type { Locale } from '../../../core/context';
import type { DialogEngine } from '../../../core/engine';
import { formatDate, render, renderParam, text } from '../../../core/i18n';
import { promptParam } from '../../../core/wording';
import type { Logger } from '../../../logging/logger';
import { QuestionLog, type UnansweredQuestion } from '../../../questions/QuestionLog';
import {
  claimDigest,
  collectDigest,
  type Digest,
  type DigestEntry,
  type DigestResult,
  digestDay,
  finishDigest,
  releaseDigest,
} from '../../../reminders/digest';
import type { KeyValueStore } from '../../../store/port';
import { chunks, context, section } from '../blocks';
import { escapeMrkdwn } from '../escape';
import { clip, LIMITS } from '../limits';
import { channelOfTeamKey } from '../team-key';
import { type Calls, payloadOf } from './reminder-calls';

type KnownBlock = types.KnownBlock;

/** The metadata of the digest message: a run that takes over a dead run's claim looks for it first. */
export const DIGEST_EVENT_TYPE = 'paysetup_digest';

/** The longest one team's line may be: twenty of them stay far below a message's text limit. */
const MAX_LINE = 450;

export interface DigestDeps {
  calls: Calls;
  engine: DialogEngine;
  store: KeyValueStore;
  logger: Logger;
  channel?: string;
  locale: Locale;
}

/**
 * Posts the experts' digest when it is due: a working day in the policy's default calendar, from the start of its
 * working hours; the first run that day claims it (`digest:<date>` in the shared store), every other run does nothing.
 * A day with no stalled team is claimed and posts nothing.
 */
export async function postDigest(deps: DigestDeps, now: Date): Promise<DigestResult> {
  const { logger } = deps;
  if (!deps.channel) return { kind: 'skipped', reason: 'noChannel' };
  const day = digestDay(now, deps.engine.reminders.calendar);
  if (!day.due) return { kind: 'skipped', reason: day.reason };
  const { date } = day;
  let claim: Awaited<ReturnType<typeof claimDigest>>;
  try {
    claim = await claimDigest(deps.store, date, now);
  } catch (error) {
    return failed(logger, date, 'store', describe(error));
  }
  if (claim.kind === 'taken') return { kind: 'skipped', reason: 'taken' };
  try {
    if (claim.takenOver && (await postedSince(deps, deps.channel, date, claim.takenOver)) !== false) {
      // The run that died had posted it (or the history cannot tell now): not again.
      await finishDigest(deps.store, date, claim, 'posted', now);
      return { kind: 'skipped', reason: 'taken' };
    }
    const digest = await collectDigest(deps.engine, now, date, { questionLog: new QuestionLog(deps.store) });
    if (digest.stalled === 0 && digest.unanswered === 0) {
      await finishDigest(deps.store, date, claim, 'empty', now);
      return { kind: 'empty', date };
    }
    const message = digestMessage(deps.locale, digest);
    const posted = await deps.calls.postMessage({
      channel: deps.channel,
      ...message,
      metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { date } },
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!posted.ok) {
      await releaseDigest(deps.store, date).catch(() => undefined);
      return failed(logger, date, posted.code, posted.detail);
    }
    await finishDigest(deps.store, date, claim, 'posted', now).catch(() => undefined);
    logger.info(`reminders: digest for ${date} posted (${digest.entries.length} of ${digest.stalled} teams)`);
    return { kind: 'posted', date, stalled: digest.stalled, listed: digest.entries.length };
  } catch (error) {
    await releaseDigest(deps.store, date).catch(() => undefined);
    return failed(logger, date, 'error', describe(error));
  }
}

/** Whether the digest of `date` is in the channel since `since`: true, false, or 'unknown' (history unreadable). */
async function postedSince(
  deps: DigestDeps,
  channel: string,
  date: string,
  since: Date,
): Promise<boolean | 'unknown'> {
  const history = await deps.calls.history({
    channel,
    oldest: (since.getTime() / 1000 - 60).toFixed(6),
    include_all_metadata: true,
    limit: 200,
  });
  if (!history.ok) return 'unknown';
  return (history.data.messages ?? []).some(
    (m) => m.metadata?.event_type === DIGEST_EVENT_TYPE && payloadOf(m.metadata)?.date === date,
  );
}

function failed(logger: Logger, date: string, code: string, detail: string): DigestResult {
  logger.warn(`reminders: digest for ${date} not posted (${code}: ${detail}); a later run tries again`);
  return { kind: 'failed', date, code, detail };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** One team's line: its channel, step and question, open items, days to target, how long it has been idle. */
export function digestLine(locale: Locale, entry: DigestEntry): string {
  const channel = channelOfTeamKey(entry.team);
  const where = channel ? `<#${channel}>` : `\`${escapeMrkdwn(entry.team)}\``;
  const parts: string[] = [
    entry.stepId && entry.step
      ? text(locale, 'slack:digest.step', {
          step: entry.step,
          title: render(locale, { key: `flow:steps.${entry.stepId}.title` }),
        })
      : text(locale, 'slack:digest.betweenSteps'),
  ];
  if (entry.questionId)
    parts.push(
      text(locale, 'slack:digest.question', {
        question: clip(renderParam(locale, promptParam(entry.questionId), 'slack'), 160),
      }),
    );
  parts.push(text(locale, 'status.items', { count: entry.openItems }));
  if (entry.target && entry.daysToTarget !== null)
    parts.push(
      entry.daysToTarget >= 0
        ? text(locale, 'slack:digest.target', {
            count: entry.daysToTarget,
            date: formatDate(locale, entry.target),
          })
        : text(locale, 'slack:digest.targetPassed', { date: formatDate(locale, entry.target) }),
    );
  else parts.push(text(locale, 'slack:digest.noTarget'));
  parts.push(text(locale, 'slack:digest.idle', { count: entry.idleDays }));
  if (entry.exhausted) parts.push(text(locale, 'slack:digest.exhausted'));
  if (entry.remindersOff)
    parts.push(
      text(locale, entry.remindersOff === 'asked' ? 'slack:digest.off' : 'slack:digest.channelGone'),
    );
  return `• ${where} – ${clip(escapeMrkdwn(parts.join(' · ')), MAX_LINE)}`;
}

/** One unanswered question of the week: where it was asked, when, and what (escaped: it is what a person typed). */
export function questionLine(locale: Locale, question: UnansweredQuestion): string {
  const channel = channelOfTeamKey(question.team);
  const where = channel ? `<#${channel}>` : `\`${escapeMrkdwn(question.team)}\``;
  const said = text(locale, 'slack:digest.asked', {
    date: formatDate(locale, question.at),
    question: clip(question.text, 200),
  });
  return `• ${where} – ${clip(escapeMrkdwn(said), MAX_LINE)}`;
}

/** The digest as one message: a heading, one line per team (longest idle first), and how many more there are. */
export function digestMessage(locale: Locale, digest: Digest): { text: string; blocks: KnownBlock[] } {
  const title = text(locale, 'slack:digest.title', { date: formatDate(locale, `${digest.date}T12:00:00Z`) });
  const intro = [
    text(locale, 'slack:digest.intro', { count: digest.stalled }),
    text(locale, 'slack:digest.threshold', { count: digest.stallDays }),
  ].join(' ');
  const lines = digest.entries.map((entry) => digestLine(locale, entry));
  const more = digest.stalled - digest.entries.length;
  const asked = digest.questions.map((question) => questionLine(locale, question));
  const moreAsked = digest.unanswered - digest.questions.length;
  const blocks: KnownBlock[] = [
    section(`*${escapeMrkdwn(title)}*\n${escapeMrkdwn(intro)}`),
    ...chunks(lines, LIMITS.sectionText - 10).map((chunk) => section(chunk)),
    ...(more > 0 ? [context(escapeMrkdwn(text(locale, 'slack:digest.more', { count: more })))] : []),
    ...(digest.unanswered > 0
      ? [
          section(`*${escapeMrkdwn(text(locale, 'slack:digest.questions', { count: digest.unanswered }))}*`),
          ...chunks(asked, LIMITS.sectionText - 10).map((chunk) => section(chunk)),
          ...(moreAsked > 0
            ? [context(escapeMrkdwn(text(locale, 'slack:digest.moreQuestions', { count: moreAsked })))]
            : []),
        ]
      : []),
  ];
  return {
    text: clip(`${title}. ${intro}`, LIMITS.sectionText),
    blocks: blocks.slice(0, LIMITS.blocksPerMessage),
  };
}
