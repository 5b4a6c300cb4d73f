import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { amazonPayFlow } from '../../flows/amazon-pay';
import type { AnswerLookup, AnswerValue, Question, Tip } from '../../flows/types';
import { LOCALES, type Locale } from '../../src/core/context';
import { NAMESPACES, RESOURCES } from '../../src/core/i18n';
import { normalize } from '../../src/core/parse-input';

/**
 * The locale files are the product's text: both languages must say the same things with the same placeholders,
 * and every id the flow uses must have its text (and nothing stale may linger). Files are discovered from disk.
 */

const LOCALES_DIR = join(__dirname, '..', '..', 'locales');
const flow = amazonPayFlow;

type Tree = { [key: string]: Tree | string };

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function namespacesIn(locale: string): string[] {
  return readdirSync(join(LOCALES_DIR, locale))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

function load(locale: string, namespace: string): Tree {
  const parsed: unknown = JSON.parse(readFileSync(join(LOCALES_DIR, locale, `${namespace}.json`), 'utf8'));
  if (!isTree(parsed)) throw new Error(`${locale}/${namespace}.json is not an object`);
  return parsed;
}

/** Every leaf as dotted key → value (non-string leaves are kept so that a test can reject them). */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTree(value)) for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

/**
 * Word lists the parser and the models read (`wordList`): JSON arrays of words, vocabulary rather than prose; and
 * the ways people ask a knowledge entry (`entries.<id>.asked`), which the search indexes.
 */
const VOCABULARY =
  /^(?:commands|words)\.|\.(?:synonyms|itemSynonyms)\.|^labels\.lowercaseNames$|^entries\.[^.]+\.asked$/;
const isWordList = (key: string, value: unknown): value is string[] =>
  VOCABULARY.test(key) && Array.isArray(value) && value.every((w) => typeof w === 'string');
/** The words of a list, whether an array or the older `a|b` form. */
const wordsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split('|') : [];

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/**
 * The plural groups of a namespace, over all languages: a key ending in `_other` alone is not a plural
 * (`tips.sdk_other` is a tip id); a group needs one more category form such as `_one` in some language.
 */
function pluralBases(ns: string): Set<string> {
  const bases = new Set<string>();
  for (const locale of LOCALES) {
    for (const key of keysOf(locale, ns).keys()) {
      const match = PLURAL_SUFFIX.exec(key);
      if (match && match[1] !== 'other') bases.add(key.slice(0, match.index));
    }
  }
  return bases;
}

/** The key without its plural suffix, for keys of a plural group. */
function baseKey(key: string, plurals: Set<string>): string {
  const match = PLURAL_SUFFIX.exec(key);
  return match && plurals.has(key.slice(0, match.index)) ? key.slice(0, match.index) : key;
}

/** The `{{name}}` placeholders of a text (also `{{name, format}}`). */
function params(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\{\s*([^{}\s,]+)\s*(?:,[^{}]*)?\}\}/g)].map((m) => m[1] as string));
}

const sorted = (set: Iterable<string>): string[] => [...set].sort();

const dirs = readdirSync(LOCALES_DIR).sort();
const namespaces = sorted(new Set(LOCALES.flatMap((l) => namespacesIn(l))));
const flat: Record<string, Record<string, Map<string, unknown>>> = {};
for (const locale of LOCALES) {
  flat[locale] = {};
  for (const ns of namespacesIn(locale))
    (flat[locale] as Record<string, Map<string, unknown>>)[ns] = flatten(load(locale, ns));
}

function keysOf(locale: Locale, ns: string): Map<string, unknown> {
  return flat[locale]?.[ns] ?? new Map();
}

/** The text of a key in the flow namespace, or undefined. */
function flowText(locale: Locale, key: string): string | undefined {
  const value = keysOf(locale, 'flow').get(key);
  return typeof value === 'string' ? value : undefined;
}

function flowTree(locale: Locale): Tree {
  return load(locale, 'flow');
}

describe('locale files', () => {
  it('exist for exactly the supported languages, with the same namespace files, all wired into i18n', () => {
    expect(dirs).toEqual(sorted(LOCALES));
    for (const locale of LOCALES) expect(namespacesIn(locale)).toEqual(namespaces);
    expect(sorted(NAMESPACES)).toEqual(namespaces);
    for (const locale of LOCALES) expect(sorted(Object.keys(RESOURCES[locale]))).toEqual(namespaces);
  });

  describe.each(namespaces)('namespace %s', (ns) => {
    it('has every key in both languages', () => {
      const [first, ...rest] = LOCALES;
      const bases = (locale: Locale): string[] => {
        const plurals = pluralBases(ns);
        return sorted(new Set([...keysOf(locale, ns).keys()].map((k) => baseKey(k, plurals))));
      };
      const reference = bases(first);
      for (const locale of rest) {
        const keys = bases(locale);
        expect({ locale, missing: reference.filter((k) => !keys.includes(k)) }).toEqual({
          locale,
          missing: [],
        });
        expect({ locale, extra: keys.filter((k) => !reference.includes(k)) }).toEqual({ locale, extra: [] });
      }
    });

    it('has exactly the plural forms each language needs', () => {
      for (const locale of LOCALES) {
        const categories = sorted(new Intl.PluralRules(locale).resolvedOptions().pluralCategories);
        const plurals = pluralBases(ns);
        const forms = new Map<string, string[]>();
        for (const key of keysOf(locale, ns).keys()) {
          const match = PLURAL_SUFFIX.exec(key);
          const base = baseKey(key, plurals);
          if (match && base !== key) forms.set(base, [...(forms.get(base) ?? []), match[1] as string]);
        }
        for (const [base, found] of forms)
          expect({ locale, base, forms: sorted(found) }).toEqual({ locale, base, forms: categories });
      }
    });

    it('uses the same {{params}} for every key in both languages', () => {
      // (word lists have no params)
      const paramsByBase = (locale: Locale): Map<string, string[]> => {
        const plurals = pluralBases(ns);
        const out = new Map<string, Set<string>>();
        for (const [key, value] of keysOf(locale, ns)) {
          if (typeof value !== 'string') continue;
          const base = baseKey(key, plurals);
          const set = out.get(base) ?? new Set<string>();
          for (const p of params(value)) set.add(p);
          out.set(base, set);
        }
        return new Map([...out].map(([k, v]) => [k, sorted(v)]));
      };
      const [first, ...rest] = LOCALES;
      const reference = paramsByBase(first);
      for (const locale of rest) {
        const other = paramsByBase(locale);
        const mismatches = [...reference]
          .filter(([key, p]) => other.has(key) && JSON.stringify(other.get(key)) !== JSON.stringify(p))
          .map(([key, p]) => ({ key, [first]: p, [locale]: other.get(key) }));
        expect(mismatches).toEqual([]);
      }
    });

    it('has only non-empty strings as values (word lists: arrays of non-empty words)', () => {
      for (const locale of LOCALES) {
        const bad = [...keysOf(locale, ns)]
          .filter(([key, value]) =>
            isWordList(key, value)
              ? value.some((w) => w.trim() === '')
              : typeof value !== 'string' || value.trim() === '',
          )
          .map(([key, value]) => `${locale}:${key} = ${JSON.stringify(value)}`);
        expect(bad).toEqual([]);
      }
    });

    it('has well-formed placeholders (no stray braces, no single-brace {name})', () => {
      for (const locale of LOCALES) {
        const bad = [...keysOf(locale, ns)]
          .filter(([, value]) => typeof value === 'string')
          .filter(([, value]) =>
            /[{}]/.test((value as string).replace(/\{\{\s*[^{}\s,]+\s*(?:,[^{}]*)?\}\}/g, '')),
          )
          .map(([key]) => `${locale}:${key}`);
        expect(bad).toEqual([]);
      }
    });

    it('has no empty or repeated words in word lists', () => {
      for (const locale of LOCALES) {
        const bad = [...keysOf(locale, ns)]
          .filter(([key]) => VOCABULARY.test(key) && key !== 'labels.lowercaseNames')
          .filter(([, value]) => {
            const words = wordsOf(value).map((w) => normalize(w));
            return words.some((w) => w === '') || new Set(words).size !== words.length;
          })
          .map(([key]) => `${locale}:${key}`);
        expect(bad).toEqual([]);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Flow content: every id the flow uses has text, and the flow namespace holds nothing the flow does not use.

const choiceQuestions = flow.questions.filter(
  (q): q is Extract<Question, { kind: 'single' | 'multi' }> => q.kind === 'single' || q.kind === 'multi',
);

/** Sample answers for a question, built from the flow's own choices (undefined = not answered / not asked). */
function sampleValues(question: Question): (AnswerValue | undefined)[] {
  switch (question.kind) {
    case 'single':
      return [undefined, ...question.choices];
    case 'multi':
      return [
        undefined,
        [],
        ...question.choices.map((c) => [c]),
        question.choices.filter((c) => c !== question.exclusive),
        [...question.choices],
      ];
    case 'yesno':
      return [undefined, true, false];
    case 'text':
      return [undefined, 'Beispiel'];
    case 'testcase':
      return [undefined, { status: 'passed' }, { status: 'failed', note: 'x' }];
    case 'checklist':
      return [undefined];
  }
}

/**
 * Every tip the advice rules can produce: each question's values on its own, and every pair of questions' values
 * together (all 2-way interactions), on a blank base and on a base of first choices.
 */
function collectTips(): Map<string, Set<string>> {
  const tips = new Map<string, Set<string>>();
  const varied = flow.questions.map((q) => ({ id: q.id, values: sampleValues(q) }));
  const firsts: Record<string, AnswerValue | undefined> = {};
  for (const v of varied) firsts[v.id] = v.values.find((x) => x !== undefined);
  const run = (answers: Record<string, AnswerValue | undefined>): void => {
    const lookup: AnswerLookup = (id) => answers[id];
    for (const gap of flow.gaps(lookup)) gaps.add(gap.id);
    for (const rule of Object.values(flow.advice)) {
      for (const tip of (rule?.(lookup) ?? []) as Tip[]) {
        const set = tips.get(tip.id) ?? new Set<string>();
        set.add(JSON.stringify(sorted(Object.keys(tip.params ?? {}))));
        tips.set(tip.id, set);
      }
    }
  };
  for (const base of [{}, firsts]) {
    run(base);
    for (let i = 0; i < varied.length; i += 1) {
      const a = varied[i];
      if (!a) continue;
      for (const va of a.values) {
        run({ ...base, [a.id]: va });
        for (let j = i + 1; j < varied.length; j += 1) {
          const b = varied[j];
          if (!b) continue;
          for (const vb of b.values) run({ ...base, [a.id]: va, [b.id]: vb });
        }
      }
    }
  }
  return tips;
}

/** Every gap the rules can produce, collected on the same answers as the tips. */
const gaps = new Set<string>();
const tips = collectTips();

describe.each(LOCALES)('flow texts in %s', (locale) => {
  const missing = (keys: string[]): string[] => keys.filter((key) => flowText(locale, key) === undefined);

  it('have a title and an intro for every step', () => {
    expect(missing(flow.steps.flatMap((s) => [`steps.${s}.title`, `steps.${s}.intro`]))).toEqual([]);
  });

  it('have a prompt and help for every question', () => {
    expect(
      missing(flow.questions.flatMap((q) => [`questions.${q.id}.prompt`, `questions.${q.id}.help`])),
    ).toEqual([]);
  });

  it('have a label and synonyms for every choice', () => {
    const keys = choiceQuestions.flatMap((q) => q.choices.map((c) => `questions.${q.id}.choices.${c}`));
    expect(missing(keys)).toEqual([]);
    const emptySynonyms = choiceQuestions.flatMap((q) =>
      q.choices.filter((c) => {
        const list = keysOf(locale, 'flow').get(`questions.${q.id}.synonyms.${c}`);
        return wordsOf(list).filter((w) => normalize(w) !== '').length === 0;
      }),
    );
    expect(emptySynonyms).toEqual([]);
  });

  it('have a label, a task and synonyms for every checklist item', () => {
    const keys = flow.questions.flatMap((q) =>
      q.kind === 'checklist'
        ? q.items.flatMap((i) => [`questions.${q.id}.items.${i}`, `questions.${q.id}.tasks.${i}`])
        : [],
    );
    expect(missing(keys)).toEqual([]);
    const withoutSynonyms = flow.questions.flatMap((q) =>
      q.kind === 'checklist'
        ? q.items.filter(
            (i) => wordsOf(keysOf(locale, 'flow').get(`questions.${q.id}.itemSynonyms.${i}`)).length === 0,
          )
        : [],
    );
    expect(withoutSynonyms).toEqual([]);
  });

  it('have a task for every question: what an open item asks the team to do', () => {
    expect(missing(flow.questions.map((q) => `questions.${q.id}.task`))).toEqual([]);
  });

  it('have a "vague" hint with an example for every free text that must say something', () => {
    const keys = flow.questions.flatMap((q) =>
      q.kind === 'text' && q.minWords ? [`questions.${q.id}.vague`] : [],
    );
    expect(keys.length).toBeGreaterThan(0);
    expect(missing(keys)).toEqual([]);
  });

  it("have a short title for every test case (the report's test plan)", () => {
    expect(
      missing(flow.questions.filter((q) => q.kind === 'testcase').map((q) => `questions.${q.id}.title`)),
    ).toEqual([]);
  });

  it('have a task for every gap the rules can produce, without params', () => {
    expect(gaps.size).toBeGreaterThan(0);
    for (const id of gaps) {
      const text = flowText(locale, `gaps.${id}`);
      expect({ id, exists: text !== undefined, params: sorted(params(text ?? '')) }).toEqual({
        id,
        exists: true,
        params: [],
      });
    }
  });

  it('have an "invalid" hint for every text question', () => {
    const keys = flow.questions.flatMap((q) => (q.kind === 'text' ? [`questions.${q.id}.invalid`] : []));
    expect(missing(keys)).toEqual([]);
  });

  it('have "blocked" guidance for every yes/no question that must be answered yes', () => {
    const keys = flow.questions.flatMap((q) =>
      q.kind === 'yesno' && q.mustBeYes ? [`questions.${q.id}.blocked`] : [],
    );
    expect(missing(keys)).toEqual([]);
  });

  it('have instructions and guidance for every test case, using exactly the params the case defines', () => {
    const cases = flow.questions.filter((q) => q.kind === 'testcase');
    expect(
      missing(cases.flatMap((q) => [`questions.${q.id}.instructions`, `questions.${q.id}.guidance`])),
    ).toEqual([]);
    for (const q of cases) {
      const instructions = params(flowText(locale, `questions.${q.id}.instructions`) ?? '');
      expect({ id: q.id, params: sorted(instructions) }).toEqual({
        id: q.id,
        params: sorted(Object.keys(q.params ?? {})),
      });
      // reply.ts renders guidance with { note } only.
      const guidance = sorted(params(flowText(locale, `questions.${q.id}.guidance`) ?? ''));
      expect({ id: q.id, unknown: guidance.filter((p) => p !== 'note') }).toEqual({ id: q.id, unknown: [] });
    }
  });

  it('have a text for every tip the advice rules can produce, with exactly the tip params', () => {
    expect(tips.size).toBeGreaterThan(0);
    for (const [id, paramSets] of tips) {
      const text = flowText(locale, `tips.${id}`);
      expect({ id, exists: text !== undefined }).toEqual({ id, exists: true });
      for (const set of paramSets)
        expect({ id, params: JSON.stringify(sorted(params(text ?? ''))) }).toEqual({ id, params: set });
    }
  });

  it('use no params in texts that are rendered without any (steps, prompts, help, labels, hints)', () => {
    const withParams = [...keysOf(locale, 'flow')]
      .filter(([key]) => !/^questions\.[^.]+\.(instructions|guidance)$/.test(key) && !key.startsWith('tips.'))
      .filter(([, value]) => typeof value === 'string' && params(value).size > 0)
      .map(([key]) => key);
    expect(withParams).toEqual([]);
  });
});

describe.each(LOCALES)('no stale flow content in %s', (locale) => {
  const tree = flowTree(locale);
  const subtree = (t: Tree | string | undefined): Tree => (isTree(t) ? t : {});

  it('has only steps, questions, tips and gaps at the top level', () => {
    expect(sorted(Object.keys(tree))).toEqual(['gaps', 'questions', 'steps', 'tips']);
  });

  it('has texts only for gaps the rules can produce', () => {
    expect(Object.keys(subtree(tree.gaps)).filter((id) => !gaps.has(id))).toEqual([]);
  });

  it('has texts only for steps of the flow, each with only title and intro', () => {
    const steps = subtree(tree.steps);
    expect(Object.keys(steps).filter((id) => !(flow.steps as readonly string[]).includes(id))).toEqual([]);
    for (const [id, step] of Object.entries(steps))
      expect({ id, keys: sorted(Object.keys(subtree(step))) }).toEqual({ id, keys: ['intro', 'title'] });
  });

  it('has texts only for questions of the flow, with only the keys their kind uses', () => {
    const questions = subtree(tree.questions);
    const ids = flow.questions.map((q) => q.id);
    expect(Object.keys(questions).filter((id) => !ids.includes(id))).toEqual([]);
    for (const question of flow.questions) {
      const allowed = ['prompt', 'help', 'task'];
      if (question.kind === 'single' || question.kind === 'multi') allowed.push('choices', 'synonyms');
      if (question.kind === 'checklist') allowed.push('items', 'tasks', 'itemSynonyms');
      if (question.kind === 'text') allowed.push('invalid', ...(question.minWords ? ['vague'] : []));
      if (question.kind === 'yesno' && question.mustBeYes) allowed.push('blocked');
      if (question.kind === 'testcase') allowed.push('title', 'instructions', 'guidance');
      const keys = Object.keys(subtree(questions[question.id]));
      expect({ id: question.id, unexpected: keys.filter((k) => !allowed.includes(k)) }).toEqual({
        id: question.id,
        unexpected: [],
      });
    }
  });

  it('has labels and synonyms only for choices, and labels only for items, that exist', () => {
    const questions = subtree(tree.questions);
    for (const question of flow.questions) {
      const texts = subtree(questions[question.id]);
      const known: readonly string[] =
        question.kind === 'single' || question.kind === 'multi'
          ? question.choices
          : question.kind === 'checklist'
            ? question.items
            : [];
      for (const group of ['choices', 'synonyms', 'items', 'tasks', 'itemSynonyms']) {
        const stale = Object.keys(subtree(texts[group])).filter((id) => !known.includes(id));
        expect({ id: question.id, group, stale }).toEqual({ id: question.id, group, stale: [] });
      }
    }
  });

  it('has texts only for tips the advice rules can produce', () => {
    expect(Object.keys(subtree(tree.tips)).filter((id) => !tips.has(id))).toEqual([]);
  });
});

describe.each(LOCALES)('choice names in %s', (locale) => {
  it('never name two different choices of one question (label, id or synonym)', () => {
    const clashes: string[] = [];
    for (const question of choiceQuestions) {
      const owner = new Map<string, string>();
      for (const choice of question.choices) {
        const names = new Set([
          normalize(flowText(locale, `questions.${question.id}.choices.${choice}`) ?? ''),
          normalize(choice.replace(/_/g, ' ')),
          ...wordsOf(keysOf(locale, 'flow').get(`questions.${question.id}.synonyms.${choice}`)).map((w) =>
            normalize(w),
          ),
        ]);
        for (const name of names) {
          if (name === '') continue;
          const first = owner.get(name);
          if (first !== undefined && first !== choice)
            clashes.push(`${question.id}: "${name}" → ${first} and ${choice}`);
          else owner.set(name, choice);
        }
      }
    }
    expect(clashes).toEqual([]);
  });
});
