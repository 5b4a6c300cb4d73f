// npm run bench:slack — signed block_actions clicks over HTTP (loopback only) against (a) the paysetup server
// (createServer: express + Bolt's ExpressReceiver, MemoryStore, a fake Slack Web API in a process of its own, so its
// CPU does not count against the app) and (b) a bare Bolt app
// (ExpressReceiver, one action listener that only acks), alternating rounds so machine noise hits both alike.
// Reports medians over rounds of the ack latency (response received) p50/p99, acks per second, and the ratio
// ours/bare; for ours also how long the work after the acks took to drain (the dialog turns and Web API calls).
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import express from 'express';
import { questionMessage } from '../src/adapters/slack/render-blocks';
import { DialogEngine } from '../src/core/engine';
import { LinkService } from '../src/linking/LinkService';
import { createLogger } from '../src/logging/logger';
import { createServer } from '../src/server/create-server';
import { MemoryStore } from '../src/store/MemoryStore';
import { blockActionsPayload, buttonAction, type MessageRef } from '../test/helpers/slack/payloads';
import { seedChannel } from '../test/helpers/slack/seed';
import { SIGNING_SECRET } from '../test/helpers/slack/signing';
import { SlackSender } from '../test/helpers/slack/slack-sender';
import { fmt, median, type Summary, summarize } from './stats';

const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 50);
const CLICKS_PER_CHANNEL = Number(process.env.BENCH_CLICKS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CHOICES = ['capture_at_order', 'capture_at_shipment', 'other'];

type Target = 'ours' | 'bare';

interface Round {
  summary: Summary;
  /** Ours only: ms from the first request until every turn had finished its work after the ack. */
  drainedMs?: number;
}

/** Sends `payloads` with at most CONCURRENCY in flight; returns per-request latencies and the wall time. */
async function fire(sender: SlackSender, payloads: Record<string, unknown>[]) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < payloads.length) {
      const payload = payloads[next] as Record<string, unknown>;
      next += 1;
      const t0 = performance.now();
      const response = await sender.interact(payload);
      latencies.push(performance.now() - t0);
      if (response.status !== 200) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (failures > 0) throw new Error(`${failures} requests were not acknowledged with 200`);
  return { latencies, start, wallMs: performance.now() - start };
}

/** One click per request, spread over the channels: the first answer records, the rest are "already answered". */
function clicks(messages: MessageRef[], responseUrl: string): Record<string, unknown>[] {
  const payloads: Record<string, unknown>[] = [];
  for (let i = 0; i < messages.length * CLICKS_PER_CHANNEL; i += 1) {
    const message = messages[i % messages.length] as MessageRef;
    const n = Math.floor(i / messages.length);
    const actionId = `ps:choose:processing:${CHOICES[n % CHOICES.length]}`;
    payloads.push(
      blockActionsPayload({
        user: { id: `U0BENCH${n}`, username: `bench${n}` },
        message,
        actions: [buttonAction({ action_id: actionId, block_id: 'ps:processing', text: 'x' })],
        responseUrl,
      }),
    );
  }
  return payloads;
}

async function main() {
  const logger = createLogger('bench', LogLevel.ERROR);

  // (a) ours, with its fake Web API in another process.
  const fakeProcess = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fake-slack-process.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const fake = await new Promise<{ url: string; responseUrl: string; stats: string }>((resolve, reject) => {
    fakeProcess.once('error', reject);
    createInterface({ input: fakeProcess.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  });
  const fakeStats = async () =>
    (await (await fetch(fake.stats)).json()) as { inFlight: number; calls: number };
  const store = new MemoryStore();
  let running = 0;
  const countRuns = async ({ next }: { next: () => Promise<void> }) => {
    running += 1;
    try {
      await next();
    } finally {
      running -= 1;
    }
  };
  const ours = createServer({
    engine: new DialogEngine({ store }),
    links: new LinkService({ store }),
    store,
    slack: { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: fake.url },
    defaultLocale: 'de',
    logger,
    sleep: async () => {},
    slackMiddleware: [countRuns],
  });
  const oursHttp = await ours.listen(0, '127.0.0.1');

  // (b) a bare Bolt app: same receiver, same signing secret, a listener that only acks.
  const bareExpress = express();
  const bareReceiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, app: bareExpress, logger });
  const bare = new App({ receiver: bareReceiver, authorize: async () => ({ botToken: 'xoxb-x' }), logger });
  bare.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const bareHttp = await new Promise<ReturnType<typeof bareExpress.listen>>((resolve) => {
    const server = bareExpress.listen(0, '127.0.0.1', () => resolve(server));
  });

  const senders: Record<Target, SlackSender> = {
    ours: new SlackSender(`http://127.0.0.1:${(oursHttp.address() as AddressInfo).port}/slack/events`),
    bare: new SlackSender(`http://127.0.0.1:${(bareHttp.address() as AddressInfo).port}/slack/events`),
  };

  /** Channels at the "processing" question (seeded straight through the engine), and the message asking it. */
  let seeded = 0;
  const freshChannels = async (): Promise<MessageRef[]> => {
    const messages: MessageRef[] = [];
    for (let c = 0; c < CHANNELS; c += 1) {
      seeded += 1;
      const channel = `C0B${String(seeded).padStart(7, '0')}`;
      const reply = await seedChannel(store, channel, 'processing');
      if (!reply.question) throw new Error('seeding did not reach a question');
      messages.push({
        channel,
        ts: `1700000000.${String(seeded).padStart(6, '0')}`,
        ...questionMessage('de', reply.question, reply.progress),
      });
    }
    return messages;
  };

  const waitDrained = async (deadlineMs: number) => {
    const deadline = performance.now() + deadlineMs;
    while (performance.now() < deadline) {
      if (running === 0 && (await fakeStats()).inFlight === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };

  const round = async (target: Target): Promise<Round> => {
    const payloads = clicks(await freshChannels(), fake.responseUrl);
    const { latencies, start, wallMs } = await fire(senders[target], payloads);
    if (target === 'bare') return { summary: summarize(latencies, wallMs) };
    await waitDrained(60_000);
    return { summary: summarize(latencies, wallMs), drainedMs: performance.now() - start };
  };

  const results: Record<Target, Round[]> = { ours: [], bare: [] };
  try {
    await round('ours'); // warm-up (JIT, connections), not reported
    await round('bare');
    for (let r = 0; r < ROUNDS; r += 1) {
      const order: Target[] = r % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
      for (const target of order) results[target].push(await round(target));
    }
  } finally {
    oursHttp.closeAllConnections();
    bareHttp.closeAllConnections();
    await new Promise((resolve) => oursHttp.close(resolve));
    await new Promise((resolve) => bareHttp.close(resolve));
  }
  const webApiCalls = (await fakeStats().catch(() => ({ calls: Number.NaN }))).calls;
  fakeProcess.stdin.end();

  const med = (target: Target, pick: (s: Summary) => number) =>
    median(results[target].map((x) => pick(x.summary)));
  const row = (target: Target) => ({
    app: target === 'ours' ? 'paysetup (createServer)' : 'bare Bolt (ack only)',
    requests: results[target][0]?.summary.samples ?? 0,
    'p50 ms': fmt(med(target, (s) => s.p50)),
    'p99 ms': fmt(med(target, (s) => s.p99)),
    'acks/s': fmt(
      med(target, (s) => s.perSecond),
      0,
    ),
    'drained turns/s':
      target === 'ours'
        ? fmt(median(results.ours.map((x) => (x.summary.samples / (x.drainedMs ?? Number.NaN)) * 1000)), 0)
        : '–',
  });
  console.log(
    `bench:slack — ${CHANNELS} channels × ${CLICKS_PER_CHANNEL} signed button clicks, ${CONCURRENCY} in flight, ` +
      `${ROUNDS} alternating rounds per app (medians over rounds; loopback only)`,
  );
  console.table([row('ours'), row('bare')]);
  console.log(
    `ratio ours/bare: p50 ×${fmt(med('ours', (s) => s.p50) / med('bare', (s) => s.p50), 2)}, ` +
      `p99 ×${fmt(med('ours', (s) => s.p99) / med('bare', (s) => s.p99), 2)}, ` +
      `throughput ×${fmt(med('ours', (s) => s.perSecond) / med('bare', (s) => s.perSecond), 2)}`,
  );
  console.log(
    `ours: ${webApiCalls} Web API calls answered by the fake (in its own process); each round's first click per ` +
      'channel records the answer and posts the next question, the others get an ephemeral "already answered".',
  );
}

void main();
