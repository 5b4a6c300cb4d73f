import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { amazonPayFlow } from '../../../flows/amazon-pay';
import { INTENT } from '../../../src/adapters/alexa/intents';
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
        if (/\{(text|note|reason)\}/.test(sample)) expect(sample).not.toMatch(/^\{\w+\}$/);
      if (intent.name === INTENT.fallback || intent.name === INTENT.home) expect(intent.samples).toEqual([]);
    }
    expect(language.invocationName).toMatch(/^[a-zäöüß ]+$/);
    expect(language.invocationName.split(' ').length).toBeGreaterThanOrEqual(2);
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
