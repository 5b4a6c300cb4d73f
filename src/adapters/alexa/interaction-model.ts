import { amazonPayFlow } from '../../../flows/amazon-pay';
import type { Flow } from '../../../flows/types';
import type { Locale } from '../../core/context';
import { RESOURCES, text, wordList } from '../../core/i18n';
import {
  CHOICE_SLOT_TYPE,
  INTENT,
  INTENT_SPECS,
  type IntentSpec,
  REMIND_DAYS,
  REMIND_SLOT_TYPE,
  REMINDERS_PERMISSION,
} from './intents';
import { briefLabel, spokenForm } from './speech';

/**
 * The skill package, generated from the flow and the locale files: one interaction model per Alexa locale and the
 * manifest. Choice slot values and synonyms are the flow's choices with their labels and synonyms from
 * `locales/<lang>/flow.json`, so voice and Slack always offer and understand the same choices. Sample utterances come
 * from `locales/<lang>/voice.json` (`model.*`) and the words the typed dialog understands (`common:commands.*`,
 * `common:words.*`).
 */

/** The Alexa locales the skill is published in, and the dialog language each one speaks. */
export const ALEXA_LOCALES = { 'de-DE': 'de', 'en-US': 'en', 'en-GB': 'en' } as const satisfies Record<
  string,
  Locale
>;
export type AlexaLocale = keyof typeof ALEXA_LOCALES;

/** Where `ask deploy` expects the files, relative to the project root. */
export const SKILL_PACKAGE_DIR = 'skill-package';
export const modelPath = (locale: AlexaLocale): string =>
  `${SKILL_PACKAGE_DIR}/interactionModels/custom/${locale}.json`;
export const MANIFEST_PATH = `${SKILL_PACKAGE_DIR}/skill.json`;

/** Stands in for the real endpoint until the operator sets it (README: "Deploying the skill"). */
export const PLACEHOLDER_ENDPOINT = 'https://paysetup.example.com/alexa';

export interface SlotTypeValue {
  id: string;
  name: { value: string; synonyms?: string[] };
}

export interface InteractionModel {
  interactionModel: {
    languageModel: {
      invocationName: string;
      intents: { name: string; slots?: { name: string; type: string }[]; samples: string[] }[];
      types: { name: string; values: SlotTypeValue[] }[];
    };
  };
}

export class ModelError extends Error {
  readonly code = 'ALEXA_MODEL_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

/** A text of the voice namespace as written, with its `{{slot}}` marks (i18next would interpolate them away). */
function rawVoice(locale: Locale, key: string): string {
  let node: unknown = RESOURCES[locale].voice;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string')
    throw new ModelError(`voice:${key} is missing in locales/${locale}/voice.json`);
  return node;
}

const list = (value: string): string[] =>
  value
    .split('|')
    .map((word) => word.trim())
    .filter(Boolean);

/** Letters, apostrophes and periods, with `{slot}` marks: what Alexa accepts in a sample (digits must be words). */
const SAMPLE = /^(?:[\p{L}'.]+|\{[A-Za-z]+\})(?: (?:[\p{L}'.]+|\{[A-Za-z]+\}))*$/u;

const TRANSLITERATIONS: [RegExp, string][] = [
  [/ä/g, 'ae'],
  [/ö/g, 'oe'],
  [/ü/g, 'ue'],
  [/ß/g, 'ss'],
];
const transliterate = (word: string): string =>
  TRANSLITERATIONS.reduce((w, [from, to]) => w.replace(from, to), word);

/**
 * The typed dialog's words, as samples: lower case, without what speech cannot produce (single letters, "?",
 * digits) and without keyboard spellings such as "zurueck" next to "zurück".
 */
function sharedSamples(locale: Locale, key: string): string[] {
  const words = wordList(locale, key).map((w) => w.toLowerCase().replace(/\s+/g, ' '));
  return words.filter(
    (word) =>
      word.length >= 2 &&
      SAMPLE.test(word) &&
      !words.some((other) => other !== word && transliterate(other) === word),
  );
}

function samplesOf(locale: Locale, spec: IntentSpec): string[] {
  const samples: string[] = [];
  for (const key of spec.shared ?? []) {
    for (const word of sharedSamples(locale, key)) {
      samples.push(word);
      if (spec.sharedTail) samples.push(`${word} {${spec.sharedTail}}`);
    }
  }
  if (spec.voice) {
    for (const sample of list(rawVoice(locale, spec.voice))) {
      const converted = sample.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, '{$1}').toLowerCase();
      const withSlotNames = converted.replace(/\{([a-z]+)\}/gi, (_, name: string) => {
        const slot = Object.keys(spec.slots ?? {}).find((s) => s.toLowerCase() === name.toLowerCase());
        if (!slot)
          throw new ModelError(`voice:${spec.voice} (${locale}): "${sample}" names no slot of ${spec.name}`);
        return `{${slot}}`;
      });
      if (!SAMPLE.test(withSlotNames)) {
        throw new ModelError(
          `voice:${spec.voice} (${locale}): "${sample}" is not a valid sample (letters, spaces, apostrophes; digits as words)`,
        );
      }
      samples.push(withSlotNames);
    }
  }
  return [...new Set(samples)];
}

/**
 * The words a carrier intent's one sample puts before its slot ("wie lange" in "wie lange {query}"): the beginning of
 * the question, which Alexa does not send with the slot.
 */
export function carrierWords(locale: Locale, spec: IntentSpec): string {
  const samples = samplesOf(locale, spec);
  const [only] = samples;
  const slots = Object.keys(spec.slots ?? {});
  const match = samples.length === 1 && slots.length === 1 ? only?.match(/^(.+) \{(\w+)\}$/) : null;
  if (!match || match[2] !== slots[0]) {
    throw new ModelError(
      `voice:${spec.voice} (${locale}) must be one sample, a question's first words and then {${slots[0] ?? 'slot'}}: ${spec.name} names no sample in its requests`,
    );
  }
  return match[1] as string;
}

/** The choice slot values: every choice of every choice question, with its label and synonyms as spoken forms. */
export function choiceValues(locale: Locale, flow: Flow = amazonPayFlow): SlotTypeValue[] {
  const values: SlotTypeValue[] = [];
  const owners = new Map<string, string>();
  // Words another intent owns ("ja", "nein", "weiter", "wiederholen") stay with that intent: as a choice value,
  // "ja" would turn every yes into an answer, and Alexa would have to guess between the two for the same words. The
  // skill maps a Yes/No intent to the choice such a word names (interpret.ts).
  const owned = new Set(
    INTENT_SPECS.filter((spec) => spec.name !== INTENT.answer)
      .flatMap((spec) => samplesOf(locale, spec))
      .filter((sample) => !sample.includes('{'))
      .map(spokenForm),
  );
  for (const question of flow.questions) {
    if (question.kind !== 'single' && question.kind !== 'multi') continue;
    for (const choice of question.choices) {
      const base = `flow:questions.${question.id}`;
      const label = text(locale, `${base}.choices.${choice}`);
      const brief = briefLabel(label);
      // The value is the label as said; a label speech cannot say as written (".NET") yields to its first synonym.
      const sayable = spokenForm(brief) === brief.toLowerCase().replace(/\s+/g, ' ');
      const synonyms = wordList(locale, `${base}.synonyms.${choice}`)
        .map(spokenForm)
        .filter((word) => !owned.has(word));
      const names = [
        ...(sayable ? [spokenForm(brief)] : []),
        ...synonyms,
        spokenForm(brief),
        spokenForm(label),
      ].filter((name) => name !== '');
      const [value, ...rest] = [...new Set(names)] as [string, ...string[]];
      const id = `${question.id}.${choice}`;
      const owner = owners.get(value);
      if (owner) throw new ModelError(`choice value "${value}" (${locale}) names both ${owner} and ${id}`);
      owners.set(value, id);
      values.push({ id, name: rest.length > 0 ? { value, synonyms: rest } : { value } });
    }
  }
  return values;
}

/**
 * The values of "when" in "erinnere uns morgen": the typed dialog's words for tomorrow, the day after and next week
 * (`common:words.remind.*`), each with the day count as its id, so that voice and `paysetup erinnern …` understand
 * the same words.
 */
export function remindValues(locale: Locale): SlotTypeValue[] {
  const owners = new Map<string, string>();
  return (Object.entries(REMIND_DAYS) as [keyof typeof REMIND_DAYS, number][]).map(([key, days]) => {
    const words = wordList(locale, `words.remind.${key}`).map(spokenForm);
    // Keyboard spellings ("uebermorgen" next to "übermorgen") are not what anyone says.
    const said = words.filter(
      (word) => word !== '' && !words.some((other) => other !== word && transliterate(other) === word),
    );
    const [value, ...synonyms] = [...new Set(said)];
    if (!value) throw new ModelError(`common:words.remind.${key} (${locale}) has no word to say`);
    for (const name of [value, ...synonyms]) {
      const owner = owners.get(name);
      if (owner) throw new ModelError(`"${name}" (${locale}) means both ${owner} and ${key}`);
      owners.set(name, key);
    }
    const id = String(days);
    return synonyms.length > 0 ? { id, name: { value, synonyms } } : { id, name: { value } };
  });
}

/** The interaction model of one Alexa locale. */
export function buildInteractionModel(
  alexaLocale: AlexaLocale,
  flow: Flow = amazonPayFlow,
): InteractionModel {
  const locale = ALEXA_LOCALES[alexaLocale];
  const taken = new Map<string, string>();
  const intents = INTENT_SPECS.map((spec) => {
    // Alexa refuses a sample in two intents; the earlier intent in INTENT_SPECS keeps it.
    const samples = samplesOf(locale, spec).filter((sample) => {
      const key = sample.replace(/\{[^}]+\}/g, '{}');
      if (taken.has(key)) return false;
      taken.set(key, spec.name);
      return true;
    });
    if (spec.carrier) {
      carrierWords(locale, spec);
      if (samples.length === 0)
        throw new ModelError(`${spec.name} (${alexaLocale}): an earlier intent took its one sample`);
    }
    const slots = Object.entries(spec.slots ?? {}).map(([name, type]) => ({ name, type }));
    return slots.length > 0 ? { name: spec.name, slots, samples } : { name: spec.name, samples };
  });
  return {
    interactionModel: {
      languageModel: {
        invocationName: rawVoice(locale, 'skill.invocation'),
        intents,
        types: [
          { name: CHOICE_SLOT_TYPE, values: choiceValues(locale, flow) },
          { name: REMIND_SLOT_TYPE, values: remindValues(locale) },
        ],
      },
    },
  };
}

export interface SkillManifest {
  manifest: {
    manifestVersion: string;
    publishingInformation: {
      locales: Record<
        AlexaLocale,
        { name: string; summary: string; description: string; examplePhrases: string[]; keywords: string[] }
      >;
      isAvailableWorldwide: boolean;
      distributionCountries: string[];
      testingInstructions: string;
      category: string;
    };
    privacyAndCompliance: Record<string, boolean>;
    apis: { custom: { endpoint: { uri: string; sslCertificateType: string } } };
    permissions: { name: string }[];
  };
}

/**
 * The skill manifest. Every text is from `voice:skill.*`; the endpoint is the operator's: pass the one already in
 * the committed skill.json so that regenerating keeps it.
 */
export function buildSkillManifest(endpointUri: string = PLACEHOLDER_ENDPOINT): SkillManifest {
  const locales = Object.fromEntries(
    (Object.entries(ALEXA_LOCALES) as [AlexaLocale, Locale][]).map(([alexaLocale, locale]) => [
      alexaLocale,
      {
        name: rawVoice(locale, 'skill.name'),
        summary: rawVoice(locale, 'skill.summary'),
        description: rawVoice(locale, 'skill.description'),
        examplePhrases: list(rawVoice(locale, 'skill.examplePhrases')),
        keywords: list(rawVoice(locale, 'skill.keywords')),
      },
    ]),
  ) as SkillManifest['manifest']['publishingInformation']['locales'];
  return {
    manifest: {
      manifestVersion: '1.0',
      publishingInformation: {
        locales,
        isAvailableWorldwide: false,
        distributionCountries: ['AT', 'DE', 'GB', 'US'],
        testingInstructions: rawVoice('en', 'skill.testingInstructions'),
        category: 'BUSINESS_AND_FINANCE',
      },
      privacyAndCompliance: {
        allowsPurchases: false,
        usesPersonalInfo: false,
        isChildDirected: false,
        isExportCompliant: true,
        containsAds: false,
      },
      apis: { custom: { endpoint: { uri: endpointUri, sslCertificateType: 'Trusted' } } },
      permissions: [{ name: REMINDERS_PERMISSION }],
    },
  };
}

/** Every file of the skill package by path, as it should be committed. */
export function buildSkillPackage(endpointUri?: string): Record<string, unknown> {
  const files: Record<string, unknown> = { [MANIFEST_PATH]: buildSkillManifest(endpointUri) };
  for (const locale of Object.keys(ALEXA_LOCALES) as AlexaLocale[]) {
    files[modelPath(locale)] = buildInteractionModel(locale);
  }
  return files;
}
