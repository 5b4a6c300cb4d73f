import type { AnswerValue } from '../../../flows/types';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { DialogEngine } from '../../../src/core/engine';
import type { Reply } from '../../../src/core/reply';
import { listAll } from '../../../src/store/list-all';
import { MemoryStore } from '../../../src/store/MemoryStore';
import type { KeyValueStore } from '../../../src/store/port';
import { answerFor, flow } from '../dialog';

/**
 * Puts a channel's onboarding at a given question by answering everything before it (canonical answers) straight
 * through the engine, as earlier Slack clicks would have. Returns the reply that asks `until` (or the last one).
 */
export async function seedChannel(
  store: KeyValueStore,
  channel: string,
  until: string | 'done',
  options: {
    locale?: Locale;
    by?: { id: string; name: string };
    teamId?: string;
    /** Choices other than the first (as for `answerFor`). */
    pick?: Record<string, AnswerValue>;
    /** The engine's clock while seeding. */
    now?: () => Date;
  } = {},
): Promise<Reply> {
  const engine = new DialogEngine({
    store,
    defaultLocale: options.locale ?? 'de',
    ...(options.now ? { now: options.now } : {}),
  });
  const team = teamKeyFromSlack(options.teamId ?? 'T1', channel);
  const meta = { actor: options.by ?? { id: 'U0ANNA', name: 'anna' }, channel: 'slack' };
  let reply = await engine.handle(team, { type: 'START' }, meta);
  for (let turn = 0; reply.question && reply.question.id !== until && turn < 100; turn += 1) {
    for (const input of answerFor(flow, reply.question.id, options.pick))
      reply = await engine.handle(team, input, meta);
  }
  return reply;
}

/** Seeds on a fast in-memory store, then copies the records into `target` (a slow store takes one write per key). */
export async function seedInto(
  target: KeyValueStore,
  channel: string,
  until: string | 'done',
  options: { locale?: Locale; pick?: Record<string, AnswerValue> } = {},
): Promise<Reply> {
  const fast = new MemoryStore();
  const reply = await seedChannel(fast, channel, until, options);
  for (const row of await listAll(fast, '')) await target.put(row.key, row.value, null);
  return reply;
}
