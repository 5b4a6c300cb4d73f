import type { Locale } from '../../../src/core/context';
import { text } from '../../../src/core/i18n';
import { MemoryStore } from '../../../src/store/MemoryStore';
import {
  type ListOptions,
  type ListPage,
  type PutOptions,
  type PutResult,
  type StoredValue,
  StoreError,
} from '../../../src/store/port';
import { allText, unescapeMrkdwn } from '../../helpers/slack/blocks';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { ANNA, appHomeOpenedEvent, eventCallback, type MessageRef } from '../../helpers/slack/payloads';
import { seedInto } from '../../helpers/slack/seed';

/**
 * The one error boundary: whatever fails while a delivery is worked on (the store, a bug, a middleware), the person
 * gets one localized answer where they are and the log gets one line with a code. The paths that were silent before
 * (`/paysetup link` when the store fails, an App Home whose dashboard cannot be read) are among them.
 */

/** A memory store whose keys matching `failing` fail the way `fault` says (a store down, or a bug). */
class FaultyStore extends MemoryStore {
  failing: RegExp | null = null;
  fault: 'store' | 'bug' = 'store';

  private check(key: string): void {
    if (!this.failing?.test(key)) return;
    if (this.fault === 'bug') throw new TypeError(`Cannot read properties of undefined (reading '${key}')`);
    throw new StoreError('STORE_UNAVAILABLE', `the store cannot be reached for ${key}`, 'start it again');
  }
  override async get(key: string): Promise<StoredValue | null> {
    this.check(key);
    return super.get(key);
  }
  override async put(
    key: string,
    value: string,
    version: number | null,
    options?: PutOptions,
  ): Promise<PutResult> {
    this.check(key);
    return super.put(key, value, version, options);
  }
  override async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    this.check(prefix);
    return super.list(prefix, options);
  }
}

let h: SlackHarness;
let store: FaultyStore;
afterEach(async () => {
  await h.close();
});

async function start(locale: Locale, middleware: Parameters<typeof startSlackHarness>[0] = {}) {
  store = new FaultyStore();
  h = await startSlackHarness({ store, defaultLocale: 'de', ...middleware });
  h.fake.users.set(ANNA.id, { id: ANNA.id, locale: locale === 'de' ? 'de-DE' : 'en-US' });
}

const errorLines = () => h.logger.lines.filter((l) => l.level === 'error');

describe.each(['de', 'en'] as const)('in %s', (locale) => {
  it('/paysetup link with the store down answers once, in the Slack language, and logs one line with the code', async () => {
    await start(locale);
    await h.channel('C0LINK').command('start');
    store.failing = /^link:/;
    const mark = h.fake.mark();
    await h.channel('C0LINK').command('link');
    const answers = h.fake.since(mark).filter((c) => c.method.startsWith('chat.'));
    expect(answers.map((c) => c.method)).toEqual(['chat.postEphemeral']);
    expect(unescapeMrkdwn(allText(answers[0]?.args.blocks))).toContain(text(locale, 'slack:storeDown'));
    expect(errorLines()).toHaveLength(1);
    expect(errorLines()[0]?.text).toMatch(/^slack: command failed: STORE_UNAVAILABLE: /);
  });

  it('a bug in a listener answers once with its code, and logs its stack once', async () => {
    await start(locale);
    await h.channel('C0BUG').command('start');
    store.failing = /^link:/;
    store.fault = 'bug';
    const mark = h.fake.mark();
    await h.channel('C0BUG').command('link');
    const answers = h.fake.since(mark).filter((c) => c.method.startsWith('chat.'));
    expect(answers).toHaveLength(1);
    expect(unescapeMrkdwn(allText(answers[0]?.args.blocks))).toBe(
      text(locale, 'slack:failed', { code: 'BUG' }),
    );
    expect(errorLines()).toHaveLength(1);
    expect(errorLines()[0]?.text).toMatch(/^slack: command failed: BUG: TypeError: Cannot read properties/);
  });

  it('an App Home whose dashboard cannot be read says so (not "nothing started"), with one log line', async () => {
    await start(locale);
    await h.channel('C0HOME').command('start');
    h.fake.memberships.set(ANNA.id, ['C0HOME']);
    store.failing = /^team:slack:/;
    const mark = h.fake.mark();
    await h.sender.event(eventCallback(appHomeOpenedEvent(ANNA)));
    await h.idle();
    const published = h.fake.since(mark).filter((c) => c.method === 'views.publish');
    expect(published).toHaveLength(1);
    const shown = unescapeMrkdwn(
      allText((published[0]?.args.view as { blocks?: unknown } | undefined)?.blocks),
    );
    expect(shown).toContain(text(locale, 'slack:home.unavailable', { code: 'STORE_UNAVAILABLE' }));
    expect(shown).not.toContain(text(locale, 'slack:home.empty'));
    expect(errorLines()).toHaveLength(1);
    expect(errorLines()[0]?.text).toMatch(/App Home .* could not be loaded: STORE_UNAVAILABLE/);
  });

  it('a failure outside the listeners (a middleware) reaches Bolt’s handler: one answer, one log line', async () => {
    await start(locale, {
      middleware: [
        async (args) => {
          if ((args.body as { text?: string }).text === 'boom') {
            // A middleware that acknowledges and then fails (the bot's own acknowledge first, as this does).
            if ('ack' in args) await (args.ack as () => Promise<void>)();
            throw new RangeError('middleware gave up');
          }
          await args.next();
        },
      ],
    });
    await h.channel('C0MID').command('start');
    const mark = h.fake.mark();
    await h.channel('C0MID').command('boom');
    const answers = h.fake.since(mark).filter((c) => c.method.startsWith('chat.'));
    expect(answers.map((c) => c.method)).toEqual(['chat.postEphemeral']);
    expect(unescapeMrkdwn(allText(answers[0]?.args.blocks))).toBe(
      text(locale, 'slack:failed', { code: 'BUG' }),
    );
    expect(errorLines()).toHaveLength(1);
    expect(errorLines()[0]?.text).toMatch(/^slack: delivery failed: BUG: RangeError: middleware gave up/);
  });

  it('a modal Slack refuses to open (an expired trigger) is said so, once, and logged once', async () => {
    await start(locale);
    await seedInto(h.store, 'C0MODAL', 'oms', { locale });
    await h.channel('C0MODAL').command('start');
    const question = h.channel('C0MODAL').currentQuestion();
    expect(question?.questionId).toBe('oms');
    h.fake.failNext('views.open', { kind: 'error', error: 'expired_trigger_id' });
    const mark = h.fake.mark();
    await h.channel('C0MODAL').click(question as MessageRef, 'ps:text:oms');
    const answers = h.fake.since(mark).filter((c) => c.method.startsWith('chat.'));
    expect(answers.map((c) => c.method)).toEqual(['chat.postEphemeral']);
    expect(unescapeMrkdwn(allText(answers[0]?.args.blocks))).toBe(text(locale, 'slack:modalFailed'));
    expect(errorLines().map((l) => l.text)).toEqual([
      'slack: views.open failed (expired_trigger_id); giving up on this message',
    ]);
  });
});
