import { LINKS } from '../../flows/resources';
import { teamRecordKey } from '../../src/core/engine';
import { render, text } from '../../src/core/i18n';
import { parseRecord } from '../../src/core/record';
import { SqliteStore } from '../../src/store/SqliteStore';
import { chat, type Locale, runCli, type TempStore, tempStore } from '../helpers/cli';

/**
 * Asking the assistant in the terminal: `frage …`/`ask …` or a line ending in "?" is answered (the long text, the
 * step it belongs to, its source), then the chat goes back to the question it was on, which still takes its answer;
 * an off-topic question is not answered but noted, and `paysetup questions` lists it with team and time.
 */

const LINES = {
  de: {
    expiry: 'Wie lange gilt eine Autorisierung eigentlich?',
    weather: 'frage wie wird das Wetter morgen',
    oms: 'Plentymarkets',
  },
  en: {
    expiry: 'How long is an authorisation valid, actually?',
    weather: 'ask what will the weather be like tomorrow',
    oms: 'Plentymarkets',
  },
} as const;

describe.each(['de', 'en'] as const)('in %s', (locale: Locale) => {
  let store: TempStore;
  beforeEach(() => {
    store = tempStore('paysetup-ask-');
  });
  afterEach(() => {
    store.remove();
  });

  it('answers, goes back to the question, notes what it cannot answer, and lists it for the experts', async () => {
    const team = `terminal:ask-${locale}`;
    const lines = LINES[locale];
    const result = await chat(store, team, locale, [lines.expiry, lines.weather]);
    expect(result.code).toBe(0);
    const out = result.stdout;
    const long = text(locale, 'knowledge:entries.authorization_expiry.long');
    expect(out).toContain(long);
    expect(out).toContain(render(locale, { key: 'ask.source', params: { url: LINKS.asyncProcessing } }));
    expect(out).toContain(
      render(locale, { key: 'ask.inStep', params: { step: 1, title: { key: 'flow:steps.setup.title' } } }),
    );
    // Back to where the team was: the first question, asked again after the answer.
    const back = out.indexOf(text(locale, 'ask.back'));
    expect(back).toBeGreaterThan(out.indexOf(long));
    expect(out.slice(back)).toContain(text(locale, 'flow:questions.placement.prompt'));
    expect(out).toContain(text(locale, 'ask.outOfScope'));
    expect(out).toContain(text(locale, 'ask.noted'));
    expect(out).not.toMatch(/Error|at .*\.ts:\d+/);

    const listed = await runCli(['questions', '--json', '--store', store.url]);
    expect(listed.code).toBe(0);
    const { questions } = JSON.parse(listed.stdout) as {
      questions: { team: string; via: string; text: string; at: string }[];
    };
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatchObject({
      team,
      via: 'terminal',
      text: lines.weather.slice(lines.weather.indexOf(' ') + 1),
    });
    const human = await runCli(['questions', '--locale', locale, '--store', store.url]);
    expect(human.stdout).toMatch(
      new RegExp(`^${text(locale, 'questions.title', { count: 1, date: 'DATE' }).split('DATE')[0]}`),
    );
    expect(human.stdout).toContain(team);
  });

  it('a question between two answers changes nothing of the onboarding: the next answer still counts', async () => {
    const team = `terminal:between-${locale}`;
    const lines = LINES[locale];
    // Through the first question (placement: cart), a question, then the second question's answer.
    const result = await chat(store, team, locale, ['1', lines.expiry, '2']);
    expect(result.code).toBe(0);
    const sqlite = new SqliteStore(store.file);
    try {
      const stored = await sqlite.get(teamRecordKey(team));
      const parsed = stored ? parseRecord(stored.value) : null;
      if (parsed?.kind !== 'ok') throw new Error('no readable record');
      // The answers on either side of the question, and nothing else.
      expect(Object.keys(parsed.record.context.answers).sort()).toEqual(['placement', 'processing']);
      expect(parsed.record.context.answers.processing?.value).toBe('capture_at_shipment');
    } finally {
      await sqlite.close();
    }
  });
});
