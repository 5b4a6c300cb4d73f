import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { amazonPayFlow } from '../../../flows/amazon-pay';
import {
  ASK_CARRIERS,
  INTENT,
  REMIND_DAYS,
  REMIND_SLOT_TYPE,
  REMINDERS_PERMISSION,
} from '../../../src/adapters/alexa/intents';
import {
  ALEXA_LOCALES,
  type AlexaLocale,
  buildInteractionModel,
  buildSkillPackage,
  type InteractionModel,
  MANIFEST_PATH,
  type SkillManifest,
} from '../../../src/adapters/alexa/interaction-model';
import { briefLabel, spokenForm } from '../../../src/adapters/alexa/speech';
import { text, wordList } from '../../../src/core/i18n';
import { harness } from './harness';

/**
 * The committed skill package is the one generated from flows/ and locales/ (`npm run models`), so voice offers and
 * understands exactly the choices Slack does; and the models say what Alexa would accept.
 */

const ROOT = join(__dirname, '..', '..', '..');
const LOCALES = Object.keys(ALEXA_LOCALES) as AlexaLocale[];
const read = (path: string): unknown => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const committedEndpoint = (read(MANIFEST_PATH) as SkillManifest).manifest.apis.custom.endpoint.uri;

describe('the committed skill package', () => {
  it.each(Object.keys(buildSkillPackage(committedEndpoint)))(
    '%s is current (run `npm run models`)',
    (path) => {
      expect(read(path)).toEqual(buildSkillPackage(committedEndpoint)[path]);
    },
  );

  it('declares the reminders permission, the one scope the skill asks for (reminders.ts)', () => {
    const manifest = read(MANIFEST_PATH) as SkillManifest;
    expect(manifest.manifest.permissions).toEqual([{ name: 'alexa::alerts:reminders:skill:readwrite' }]);
    expect(REMINDERS_PERMISSION).toBe('alexa::alerts:reminders:skill:readwrite');
  });

  it('has a model for every locale the manifest publishes', () => {
    const manifest = read(MANIFEST_PATH) as SkillManifest;
    expect(Object.keys(manifest.manifest.publishingInformation.locales).sort()).toEqual([...LOCALES].sort());
  });
});

describe.each(LOCALES)('the %s interaction model', (locale) => {
  const model: InteractionModel = buildInteractionModel(locale);
  const language = model.interactionModel.languageModel;
  const lang = ALEXA_LOCALES[locale];

  it('offers every choice of every choice question, with its label and synonyms from the locale files', () => {
    const values = language.types.find((type) => type.name === 'CHOICE')?.values ?? [];
    // Whole utterances another intent takes ("ja", "nein", "weiter"): a choice value must not steal them.
    const otherIntents = new Map(
      language.intents
        .filter((intent) => intent.name !== INTENT.answer)
        .flatMap((intent) =>
          intent.samples.filter((sample) => !sample.includes('{')).map((s) => [s, intent.name]),
        ),
    );
    let kept = 0;
    for (const question of amazonPayFlow.questions) {
      if (question.kind !== 'single' && question.kind !== 'multi') continue;
      for (const choice of question.choices) {
        const value = values.find((v) => v.id === `${question.id}.${choice}`);
        expect(value).toBeDefined();
        const names = [value?.name.value, ...(value?.name.synonyms ?? [])];
        expect(names).toContain(
          spokenForm(briefLabel(text(lang, `flow:questions.${question.id}.choices.${choice}`))),
        );
        const synonyms = wordList(lang, `flow:questions.${question.id}.synonyms.${choice}`);
        expect(synonyms.length).toBeGreaterThan(0);
        for (const synonym of synonyms.map(spokenForm)) {
          const owner = otherIntents.get(synonym);
          expect({ choice: value?.id, synonym, inSlot: names.includes(synonym) }).toEqual({
            choice: value?.id,
            synonym,
            inSlot: owner === undefined,
          });
          if (owner === undefined) kept += 1;
        }
      }
    }
    expect(kept).toBeGreaterThan(300);
  });

  it('leaves a yes/no word out of the choices only where the Yes/No intent names that choice (interpret.ts)', () => {
    const values = language.types.find((type) => type.name === 'CHOICE')?.values ?? [];
    const yesNo = language.intents
      .filter((intent) => intent.name === INTENT.yes || intent.name === INTENT.no)
      .flatMap((intent) => intent.samples);
    // "ja" names "Ja, ausstehende Autorisierungen werden verarbeitet": said, it comes as the Yes intent.
    const pending = values.find((v) => v.id === 'pending_authorization.yes');
    const pendingNames = [pending?.name.value, ...(pending?.name.synonyms ?? [])];
    const yes = spokenForm(wordList(lang, 'words.yes')[0] as string);
    expect(yesNo).toContain(yes);
    expect(pendingNames).not.toContain(yes);
    expect(wordList(lang, 'flow:questions.pending_authorization.synonyms.yes').map(spokenForm)).toContain(
      yes,
    );
  });

  it('has samples Alexa accepts: letters only (digits spelled), unique across intents, slots that exist', () => {
    const seen = new Map<string, string>();
    for (const intent of language.intents) {
      const slots = new Set((intent.slots ?? []).map((s) => s.name));
      for (const sample of intent.samples) {
        expect({ intent: intent.name, sample, ok: /^[\p{L}'. {}A-Za-z]+$/u.test(sample) }).toMatchObject({
          ok: true,
        });
        for (const [, slot] of sample.matchAll(/\{(\w+)\}/g)) expect(slots.has(slot as string)).toBe(true);
        const key = sample.replace(/\{\w+\}/g, '{}');
        expect({ sample, first: seen.get(key) ?? intent.name }).toEqual({ sample, first: intent.name });
        seen.set(key, intent.name);
      }
      // A search query needs words around it; Fallback and NavigateHome take no samples.
      for (const sample of intent.samples)
        if (/\{(text|note|reason|query)\}/.test(sample)) expect(sample).not.toMatch(/^\{\w+\}$/);
      if (intent.name === INTENT.fallback || intent.name === INTENT.home) expect(intent.samples).toEqual([]);
    }
    expect(language.invocationName).toMatch(/^[a-zäöüß ]+$/);
    expect(language.invocationName.split(' ').length).toBeGreaterThanOrEqual(2);
  });

  it('carries the reminder intents: when to remind as a custom slot whose ids are day counts, or a number of days or weeks', () => {
    const byName = new Map(language.intents.map((intent) => [intent.name, intent]));
    expect(byName.get(INTENT.remind)?.slots).toEqual([
      { name: 'when', type: REMIND_SLOT_TYPE },
      { name: 'days', type: 'AMAZON.NUMBER' },
      { name: 'weeks', type: 'AMAZON.NUMBER' },
    ]);
    const samples = byName.get(INTENT.remind)?.samples ?? [];
    for (const slot of ['when', 'days', 'weeks', null]) {
      // Every way of saying when, and a bare "erinnere uns" that makes the skill ask when.
      expect(samples.some((s) => (slot ? s.includes(`{${slot}}`) : !s.includes('{')))).toBe(true);
    }
    expect(byName.get(INTENT.stopReminders)?.samples.length).toBeGreaterThanOrEqual(5);
    expect(byName.get(INTENT.resumeReminders)?.samples.length).toBeGreaterThanOrEqual(3);
    const values = language.types.find((type) => type.name === REMIND_SLOT_TYPE)?.values ?? [];
    expect(values.map((v) => v.id).sort()).toEqual(Object.values(REMIND_DAYS).map(String).sort());
    for (const [key, days] of Object.entries(REMIND_DAYS)) {
      const value = values.find((v) => v.id === String(days));
      const names = [value?.name.value, ...(value?.name.synonyms ?? [])];
      // The first word of the typed dialog's list (`paysetup erinnern morgen`) is one Alexa resolves.
      expect(names).toContain(spokenForm(wordList(lang, `words.remind.${key}`)[0] as string));
    }
  });

  it("asks the assistant: AskIntent's slot takes the whole question; every other ask intent has one sample, a question's first words and the slot", () => {
    const byName = new Map(language.intents.map((intent) => [intent.name, intent]));
    const ask = byName.get(INTENT.ask);
    expect(ask?.slots).toEqual([{ name: 'query', type: 'AMAZON.SearchQuery' }]);
    expect(ask?.samples).toContain(`${spokenForm(wordList(lang, 'commands.ask')[0] as string)} {query}`);
    for (const name of ASK_CARRIERS) {
      const intent = byName.get(name);
      expect(intent?.slots).toEqual([{ name: 'query', type: 'AMAZON.SearchQuery' }]);
      expect({ name, samples: intent?.samples.length }).toEqual({ name, samples: 1 });
      expect(intent?.samples[0]).toMatch(/^[\p{L}' ]+ \{query\}$/u);
    }
  });

  it('carries every example phrase of the manifest as a sample', () => {
    const manifest = read(MANIFEST_PATH) as SkillManifest;
    const phrases = manifest.manifest.publishingInformation.locales[locale].examplePhrases;
    const invocation = language.invocationName;
    const samples = language.intents.flatMap((i) => i.samples);
    for (const phrase of phrases) {
      const rest = phrase
        .toLowerCase()
        .replace(/^alexa, /, '')
        .replace(new RegExp(`^\\S+ ${invocation}\\s*`), '')
        .trim();
      if (rest === '') continue;
      const matches = samples.some((s) => new RegExp(`^${s.replace(/\{\w+\}/g, '.+')}$`).test(rest));
      expect({ phrase, matches }).toEqual({ phrase, matches: true });
    }
  });
});

describe('German words for the built-in intents resolve offline (virtual-alexa knows English ones only)', () => {
  it.each([
    ['hilfe', 'AMAZON.HelpIntent'],
    ['stopp', 'AMAZON.StopIntent'],
    ['abbrechen', 'AMAZON.CancelIntent'],
    ['wiederholen', 'AMAZON.RepeatIntent'],
    ['ja', 'AMAZON.YesIntent'],
    ['nein', 'AMAZON.NoIntent'],
    ['neu starten', 'AMAZON.StartOverIntent'],
    ['weiter', 'NextIntent'],
    ['zurück', 'BackIntent'],
    ['wo stehen wir', 'StatusIntent'],
    ['überspringen', 'SkipIntent'],
    ['alle erledigt', 'CheckAllIntent'],
    ['bestanden', 'TestPassedIntent'],
    ['fehlgeschlagen weil nichts ankommt', 'TestFailedIntent'],
    ['mein Code ist 123456', 'LinkIntent'],
    ['die Antwort ist JTL Wawi', 'TextAnswerIntent'],
    ['Web und App', 'AnswerIntent'],
    ['meine Antworten', 'AnswersIntent'],
    ['Antwort ändern', 'ChangeAnswerIntent'],
    ['Antwort 3 ändern', 'ChangeAnswerIntent'],
    ['erinnere mich morgen an die Integration', 'RemindIntent'],
    ['erinnere uns morgen', 'RemindIntent'],
    ['erinnere uns in 2 Tagen', 'RemindIntent'],
    ['erinnere uns nächste Woche', 'RemindIntent'],
    ['erinnere uns übermorgen', 'RemindIntent'],
    ['keine Erinnerungen mehr', 'StopRemindersIntent'],
    ['Erinnerungen ausschalten', 'StopRemindersIntent'],
    ['Erinnerungen wieder einschalten', 'ResumeRemindersIntent'],
    ['frage wie lange gilt eine Autorisierung', 'AskIntent'],
    ['wie lange eine Autorisierung gilt', 'AskHowLongIntent'],
    ['wie funktioniert eine Erstattung', 'AskHowIntent'],
    ['was ist eine Charge Permission', 'AskWhatIsIntent'],
    ['was bedeutet HardDeclined', 'AskWhatIntent'],
    ['gibt es ein SDK für Python', 'AskIsThereIntent'],
    ['muss ich die IPN getrennt einrichten', 'AskMustIntent'],
    // The onboarding's own phrases keep their intents, though they begin like questions.
    ['wie weit sind wir', 'StatusIntent'],
    ['was kann ich sagen', 'AMAZON.HelpIntent'],
    ['wie bitte', 'AMAZON.RepeatIntent'],
    ['was haben wir geantwortet', 'AnswersIntent'],
  ])('"%s" → %s', async (utterance, intent) => {
    const h = harness({ locale: 'de-DE' });
    await h.launch();
    await h.say(utterance);
    const sent = h.requests
      .slice(1)
      .map((r) => (r.request.type === 'IntentRequest' ? r.request.intent.name : ''));
    expect(sent).toEqual([intent]);
  });
});

describe('the reminder phrases resolve with their slots, in German and in English', () => {
  it.each([
    ['de-DE', 'erinnere mich morgen an die Integration', 'RemindIntent', { when: '1' }],
    ['de-DE', 'erinnere uns in einer Woche', 'RemindIntent', { when: '7' }],
    ['de-DE', 'erinnere uns in 3 Wochen', 'RemindIntent', { weeks: '3' }],
    ['de-DE', 'erinnere mich', 'RemindIntent', {}],
    ['en-US', 'remind me tomorrow', 'RemindIntent', { when: '1' }],
    // virtual-alexa passes the number as said; Alexa sends "2". The skill reads both (interpret.ts).
    ['en-US', 'remind us in two days', 'RemindIntent', { days: 'two' }],
    ['en-US', 'remind us next week', 'RemindIntent', { when: '7' }],
    ['en-GB', 'remind us the day after tomorrow', 'RemindIntent', { when: '2' }],
    ['en-US', 'stop reminders', 'StopRemindersIntent', {}],
    ['en-US', 'no more reminders', 'StopRemindersIntent', {}],
    ['en-GB', 'turn reminders back on', 'ResumeRemindersIntent', {}],
  ] as const)('%s "%s" → %s %j', async (locale, utterance, intent, slots) => {
    const h = harness({ locale });
    await h.launch();
    await h.say(utterance);
    const request = h.requests.at(-1)?.request;
    if (request?.type !== 'IntentRequest') throw new Error(`"${utterance}" sent no IntentRequest`);
    expect(request.intent.name).toBe(intent);
    // The value the skill reads: the resolved id of "when", the number of days or weeks.
    const read = Object.fromEntries(
      Object.entries(request.intent.slots ?? {})
        .filter(([, slot]) => slot.value)
        .map(([name, slot]) => [
          name,
          slot.resolutions?.resolutionsPerAuthority?.[0]?.values?.[0]?.value.id ?? slot.value,
        ]),
    );
    expect(read).toEqual(slots);
  });
});
