import { startReminderScheduler } from '../../src/reminders/scheduler';

/**
 * The scheduler inside `npm start`, on croner's real timer with a pattern of every second (so a test waits about a
 * second, never for a minute). Every wait is for something to happen (a round starting, a tick skipped), bounded by
 * jest's timeout; nothing asserts how long anything took.
 */

const EVERY_SECOND = '* * * * * *';
const AT = new Date('2027-01-14T10:00:00.000Z');

/** A promise with its resolve function, to block a round or to wait for a call. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A logger that keeps its lines and can wait for one. */
function recordingLogger() {
  const lines: { level: string; text: string }[] = [];
  const waiting: { level: string; open: (text: string) => void }[] = [];
  const write =
    (level: string) =>
    (...msg: unknown[]) => {
      const text = msg.map(String).join(' ');
      lines.push({ level, text });
      for (const w of waiting.splice(0)) {
        if (w.level === level) w.open(text);
        else waiting.push(w);
      }
    };
  return {
    lines,
    logger: { info: write('info'), warn: write('warn'), error: write('error') },
    next(level: string): Promise<string> {
      const g = gate<string>();
      waiting.push({ level, open: g.open });
      return g.promise;
    },
  };
}

it('runs a round on a tick, for the time the clock gives, until it is stopped', async () => {
  const { logger } = recordingLogger();
  const ran = gate<Date>();
  const scheduler = startReminderScheduler({
    pattern: EVERY_SECOND,
    logger,
    now: () => AT,
    task: async (now) => ran.open(now),
  });
  expect(scheduler.nextRun()).toBeInstanceOf(Date);
  expect(await ran.promise).toEqual(AT);
  await scheduler.stop();
  expect(scheduler.nextRun()).toBeNull();
  expect(scheduler.isBusy()).toBe(false);
});

it('never runs two rounds at once in one process: a tick while a round runs is skipped, with a log line', async () => {
  const log = recordingLogger();
  const release = gate();
  let rounds = 0;
  const scheduler = startReminderScheduler({
    pattern: EVERY_SECOND,
    logger: log.logger,
    task: async () => {
      rounds += 1;
      await release.promise;
    },
  });
  const skipped = await log.next('warn');
  expect(skipped).toMatch(/still running; this tick is skipped/);
  expect(rounds).toBe(1);
  expect(scheduler.isBusy()).toBe(true);
  release.open();
  await scheduler.stop();
  expect(rounds).toBe(1);
});

it('stops on shutdown: no new round, and stop() resolves only once the running round has finished', async () => {
  const { logger, lines } = recordingLogger();
  const started = gate();
  const release = gate();
  const order: string[] = [];
  const scheduler = startReminderScheduler({
    pattern: EVERY_SECOND,
    logger,
    task: async () => {
      order.push('round started');
      started.open();
      await release.promise;
      order.push('round finished');
    },
  });
  await started.promise;
  const stopping = scheduler.stop().then(() => order.push('stopped'));
  expect(scheduler.nextRun()).toBeNull();
  // Let everything already queued run: stop() must still be waiting for the round.
  await new Promise((resolve) => setImmediate(resolve));
  expect(order).toEqual(['round started']);
  release.open();
  await stopping;
  expect(order).toEqual(['round started', 'round finished', 'stopped']);
  expect(lines).toContainEqual({
    level: 'info',
    text: 'reminders: stopping after the round that is running',
  });
  // Stopping again is harmless.
  await scheduler.stop();
});

it('logs a round that fails, and runs the next tick as usual: a failure never ends the schedule', async () => {
  const log = recordingLogger();
  const second = gate();
  let rounds = 0;
  const scheduler = startReminderScheduler({
    pattern: EVERY_SECOND,
    logger: log.logger,
    task: async () => {
      rounds += 1;
      if (rounds === 1) throw new Error('the store is gone');
      second.open();
    },
  });
  expect(await log.next('error')).toBe(
    'reminders: a round failed (the store is gone); the next tick tries again',
  );
  await second.promise;
  await scheduler.stop();
  expect(rounds).toBeGreaterThanOrEqual(2);
});

it('logs a task that throws before it returns a promise, instead of an unhandled rejection', async () => {
  const log = recordingLogger();
  const scheduler = startReminderScheduler({
    pattern: EVERY_SECOND,
    logger: log.logger,
    task: () => {
      throw new Error('not even a promise');
    },
  });
  expect(await log.next('error')).toMatch(/a round failed \(not even a promise\)/);
  await scheduler.stop();
});
