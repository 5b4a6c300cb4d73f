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
import { spokenForm } from '../../../src/adapters/alexa/speech';
import { text } from '../../../src/core/i18n';
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
    for (const question of amazonPayFlow.questions) {
      if (question.kind !== 'single' && question.kind !== 'multi') continue;
      for (const choice of question.choices) {
        const value = values.find((v) => v.id === `${question.id}.${choice}`);
        expect(value).toBeDefined();
        const names = [value?.name.value, ...(value?.name.synonyms ?? [])];
        const synonyms = text(lang, `flow:questions.${question.id}.synonyms.${choice}`).split('|');
        for (const synonym of synonyms) expect(names).toContain(spokenForm(synonym));
      }
    }
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
