import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { text } from '../../../src/core/i18n';
import { parseRecord, type TeamRecord } from '../../../src/core/record';
import { SqliteStore } from '../../../src/store/SqliteStore';
import { actionIds, allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import { type PostedMessage, type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import type { SlackUser } from '../../helpers/slack/payloads';
import { seedChannel } from '../../helpers/slack/seed';
import { lockSqlite } from '../../helpers/sqlite-locker';

/**
 * The embedded store's faults under the running server: another process holding the SQLite lock must not freeze
 * acknowledgements or `/healthz` (each blocked the event loop for the whole busy timeout before), and a database file
 * deleted (or put back) under the server must never be written to while gone, nor shown as saved.
 */

let dir: string;
let h: SlackHarness;
let store: SqliteStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paysetup-faults-'));
});

afterEach(async () => {
  await h.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const CHANNEL = 'C0FAULT';
const TEAM = teamKeyFromSlack('T1', CHANNEL);
const users = (n: number): SlackUser[] =>
  Array.from({ length: n }, (_, i) => ({ id: `U0CLICK${i}`, username: `clicker${i}` }));

/** The server on an SQLite file, the channel at "processing" and its question posted (Bolt warmed up). */
async function running(locale: Locale): Promise<{ file: string; question: PostedMessage }> {
  const file = join(dir, 'paysetup.db');
  store = new SqliteStore(file, { lockWaitMs: 1500 });
  h = await startSlackHarness({ store, defaultLocale: locale });
  h.fake.defaultLocale = locale === 'de' ? 'de-DE' : 'en-US';
  await seedChannel(store, CHANNEL, 'processing', { locale });
  await h.channel(CHANNEL).command('start');
  const question = h.channel(CHANNEL).currentQuestion();
  if (question?.questionId !== 'processing') throw new Error('expected the processing question');
  return { file, question };
}

function choice(question: PostedMessage): string {
  const id = actionIds(question.blocks).find((a) => a.startsWith('ps:choose:processing:'));
  if (!id) throw new Error('no choice on the question');
  return id;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

const p99 = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.99) - 1] ?? Number.NaN;
};

async function storedRecord(): Promise<TeamRecord | null> {
  const stored = await store.get(teamRecordKey(TEAM));
  const parsed = parseRecord(stored?.value ?? '');
  return parsed.kind === 'ok' ? parsed.record : null;
}

const tryAgain = (h: SlackHarness, user: SlackUser) =>
  h
    .channel(CHANNEL)
    .ephemerals(user)
    .map((c) => unescapeMrkdwn(allText(c.args.blocks)));

describe.each(['de', 'en'] as const)('in %s', (locale) => {
  it('another process holding the SQLite lock: acks and /healthz stay fast, the waiting writes say "try again", and it heals', async () => {
    const { file, question } = await running(locale);
    const before = await storedRecord();
    const lock = await lockSqlite(file);
    const clickers = users(5);
    let acks: { ms: number; value: { status: number } }[];
    let health: { ms: number; value: { status: number; body: { store?: string; reason?: string } } }[];
    try {
      // Five people click while the lock is held, and a monitor polls /healthz meanwhile.
      const clicks = clickers.map((user) =>
        timed(() => h.sender.interact(h.channel(CHANNEL).clickPayload(question, choice(question), user))),
      );
      health = [];
      for (let i = 0; i < 20; i += 1)
        health.push(
          await timed(async () => {
            const response = await fetch(`${h.base}/healthz`);
            return {
              status: response.status,
              body: (await response.json()) as { store?: string; reason?: string },
            };
          }),
        );
      acks = await Promise.all(clicks);
      await h.idle(20_000);
    } finally {
      await lock.release();
    }

    expect(acks.map((a) => a.value.status)).toEqual([200, 200, 200, 200, 200]);
    expect(health.every((r) => r.value.status === 503 && r.value.body.store === 'STORE_LOCKED')).toBe(true);
    // The bar: while one team's write waits for the lock, everything else answers at once.
    expect(p99(acks.map((a) => a.ms))).toBeLessThan(100);
    expect(p99(health.map((r) => r.ms))).toBeLessThan(100);
    // Nothing was shown as saved: each clicker heard "please try again", the question is still open, nothing changed.
    for (const user of clickers) expect(tryAgain(h, user)).toContain(text(locale, 'slack:storeDown'));
    expect(h.channel(CHANNEL).currentQuestion()?.questionId).toBe('processing');
    expect((await storedRecord())?.context.answers).toEqual(before?.context.answers);

    // The lock is gone: the next click is recorded, without a restart.
    await h.channel(CHANNEL).click(question, choice(question), clickers[0]);
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
    expect((await storedRecord())?.context.answers.processing?.by.id).toBe('U0CLICK0');
    expect(h.channel(CHANNEL).currentQuestion()?.questionId).not.toBe('processing');
  });

  it('the database file deleted under the server: refused with "try again", /healthz says why, and it heals when put back', async () => {
    const { file, question } = await running(locale);
    const backup = join(dir, 'backup.db');
    await new Database(file).backup(backup);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    const mark = h.fake.mark();

    const ack = await h.sender.interact(h.channel(CHANNEL).clickPayload(question, choice(question)));
    await h.idle();
    const health = await fetch(`${h.base}/healthz`);
    const body = (await health.json()) as { store: string; reason: string };

    expect(ack.status).toBe(200);
    expect(health.status).toBe(503);
    expect(body.store).toBe('STORE_UNAVAILABLE');
    expect(body.reason).toMatch(/deleted/);
    // Not shown as recorded: no update of the question message, no next question; "please try again" instead.
    expect(h.fake.since(mark, 'chat.update')).toEqual([]);
    expect(h.fake.since(mark, 'chat.postMessage')).toEqual([]);
    expect(unescapeMrkdwn(allText(h.fake.since(mark, 'chat.postEphemeral')[0]?.args.blocks))).toBe(
      text(locale, 'slack:storeDown'),
    );

    copyFileSync(backup, file);
    expect((await fetch(`${h.base}/healthz`)).status).toBe(200);
    await h.channel(CHANNEL).click(question, choice(question));
    // Written to the file that is there now, which a fresh connection reads back.
    const probe = new Database(file, { readonly: true });
    const row = probe.prepare('SELECT value FROM kv WHERE key = ?').get(teamRecordKey(TEAM)) as {
      value: string;
    };
    probe.close();
    const parsed = parseRecord(row.value);
    expect(parsed.kind === 'ok' && parsed.record.context.answers.processing?.value).toBeTruthy();
    expect(h.channel(CHANNEL).currentQuestion()?.questionId).not.toBe('processing');
  });
});
