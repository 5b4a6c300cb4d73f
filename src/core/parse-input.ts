import { LOCALES, type Locale, type Message } from './context';
import type { DialogInput } from './events';
import { isLocale, render, wordList } from './i18n';
import { looksLikeQuestion } from './knowledge/looks-like-question';
import {
  parseHolidays,
  parseOwner,
  parseRemind,
  parseTarget,
  parseTimeZone,
  type SettingParsed,
} from './parse-settings';
import type { QuestionView } from './reply';
import {
  findMatches,
  type Match,
  numberSelection,
  phraseWords,
  type Token,
  tokenize,
  type Vocabulary,
} from './text-match';

/**
 * Turns a typed line (terminal, a Slack command or mention, words Alexa heard) into dialog events. Commands are
 * understood in both languages; answers in the team's language, with a hint when they were given in the other one.
 * Answers are understood the way people give them: a choice's words inside a sentence, small typos, umlauts typed
 * as "ae", numbers, lists and ranges. Where a sentence fits two choices, the reply asks which one.
 */

export type Parsed =
  | { kind: 'inputs'; inputs: DialogInput[] }
  | { kind: 'command'; command: 'quit' | 'report' | 'restart' }
  /** The team's own question for the assistant (`frage …`, or a line that reads as a question), not an answer. */
  | { kind: 'ask'; question: string }
  | { kind: 'error'; message: Message };

export const COMMANDS = [
  'start',
  'help',
  'status',
  'answers',
  'change',
  'back',
  'next',
  'skip',
  'restart',
  'language',
  'report',
  'quit',
  'remind',
  'owner',
  'target',
  'timezone',
  'holidays',
  'ask',
] as const;
export type Command = (typeof COMMANDS)[number];

/** Commands followed by more words: a reason, a language, a number. */
const TAKES_ARGUMENT = new Set<Command>([
  'skip',
  'language',
  'change',
  'remind',
  'owner',
  'target',
  'timezone',
  'holidays',
  'ask',
]);

/** The reminder settings: short lines. A long sentence that begins with "Ziel" or "Erinnerung" is an answer. */
const SETTINGS = new Set<Command>(['remind', 'owner', 'target', 'timezone', 'holidays']);
const MAX_SETTING_WORDS = 4;

export function normalize(line: string): string {
  return line
    .normalize('NFC')
    .toLowerCase()
    .replace(/[.!]+$/u, '')
    .replace(/(?<=\S)\?+$/u, '') // "wo stehen wir?" is a command; "?" alone asks for help
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Computes a value once per key: the locale files and the flow do not change while the process runs. */
function memo<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

const normalizedWords = memo((key) => {
  const [locale, listKey] = key.split('\u0000') as [Locale, string];
  return wordList(locale, listKey)
    .map(normalize)
    .filter((word) => word.length > 0);
});

/** The words of a list in the locale files, normalized for comparison. */
function words(locale: Locale, key: string): string[] {
  return normalizedWords(`${locale}\u0000${key}`);
}

/** Folded single words of a list (negations, joiners), in both languages: people mix them. */
const wordSet = memo((key) => new Set(LOCALES.flatMap((l) => wordList(l, key).flatMap(phraseWords))));

/** The folded single words of one language's list. */
const wordSetOf = memo((key) => new Set(phrasesOf(key).flat()));

/** A word list as phrases of folded words, ready for matching. */
const phrasesOf = memo((key) => {
  const [locale, listKey] = key.split('\u0000') as [Locale, string];
  return words(locale, listKey).map(phraseWords);
});

const other = (locale: Locale): Locale => (LOCALES.find((l) => l !== locale) ?? locale) as Locale;

/** A command and its argument, if the line is one (in either language). */
export function matchCommand(line: string): { command: Command; argument: string } | null {
  const normalized = normalize(line);
  const raw = line.normalize('NFC').trim();
  for (const command of COMMANDS) {
    for (const locale of LOCALES) {
      for (const word of words(locale, `commands.${command}`)) {
        if (normalized === word) return { command, argument: '' };
        if (TAKES_ARGUMENT.has(command) && normalized.startsWith(`${word} `)) {
          const argument = raw.slice(word.length).trim();
          // "change card" is an answer ("Buyer changes card"), "change 3" the command.
          if (command === 'change' && !/^\d+$/.test(argument)) continue;
          if (SETTINGS.has(command) && argument.split(/\s+/u).length > MAX_SETTING_WORDS) continue;
          if (command === 'target' && parseTarget(argument) === null) continue;
          return { command, argument };
        }
      }
    }
  }
  return null;
}

function error(key: string, params?: Message['params']): Parsed {
  return { kind: 'error', message: params ? { key, params } : { key } };
}

function inputs(...list: DialogInput[]): Parsed {
  return { kind: 'inputs', inputs: list };
}

/** What the line is read against: the question being asked, and whether the team is done. */
export interface ParseContext {
  question: QuestionView | null;
  /** After the last step, a line that is no command asks where the team stands. */
  done?: boolean;
}

export function parseLine(line: string, locale: Locale, context: ParseContext | QuestionView | null): Parsed {
  const { question, done } = context && 'question' in context ? context : { question: context, done: false };
  if (normalize(line) === '') return error('input.empty');
  const command = matchCommand(line);
  if (command?.command === 'ask' && question && question.kind !== 'text') {
    // "ask the developers" is a choice of a question: a choice the line names wins over the command (a free text
    // would take any line, so there "frage …" is always the command).
    const answer = parseAnswer(line, locale, question);
    if (answer.kind === 'inputs') return answer;
  }
  if (command) return parseCommand(command.command, command.argument, question);
  // Nobody answers with a question mark: "wie lange gilt eine Autorisierung?" is the team's own question.
  if (/\?\s*$/u.test(line) && normalize(line) !== '') return { kind: 'ask', question: line.trim() };
  if (done) return inputs({ type: 'STATUS' });
  if (!question)
    return looksLikeQuestion(line, locale)
      ? { kind: 'ask', question: line.trim() }
      : error('notice.notStarted');
  // A free text takes any line, and a choice may be named inside a question ("gibt es ein SDK für Python" names
  // Python): a line that reads as a question is asked, unless it is one of the question's choices word for word
  // ("kann ich nicht sagen", "ask the developers").
  if (looksLikeQuestion(line, locale) && choiceSaidWhole(question, locale, line) === null)
    return { kind: 'ask', question: line.trim() };
  const answer = parseAnswer(line, locale, question);
  return answer.kind === 'error' && looksLikeQuestion(line, locale)
    ? { kind: 'ask', question: line.trim() }
    : answer;
}

/**
 * The one choice of the question whose label or synonym `line` is, word for word; null if none or several. A choice
 * that reads like a question ("kann ich nicht sagen", "ask the developers") is an answer only when said whole.
 */
export function choiceSaidWhole(question: QuestionView, locale: Locale, line: string): string | null {
  if (question.kind !== 'single' && question.kind !== 'multi') return null;
  const said = normalize(line);
  const base = `flow:questions.${question.id}`;
  const matches = question.choices.filter((choice) =>
    [render(locale, choice.label), ...wordList(locale, `${base}.synonyms.${choice.id}`)]
      .map(normalize)
      .includes(said),
  );
  return matches.length === 1 ? (matches[0]?.id ?? null) : null;
}

/**
 * "ja"/"nein" to a pending question such as "really start over?": only a line that begins with yes or no counts
 * ("nein danke" does, "weiß ich nicht" is an answer to the question); null when the line says neither.
 */
export function parseConfirmation(line: string, locale: Locale): boolean | null {
  const tokens = tokenize(line);
  const vocab: Vocabulary<boolean>[] = [
    { id: true, phrases: phrasesOf(`${locale}\u0000words.yes`) },
    { id: false, phrases: phrasesOf(`${locale}\u0000words.no`) },
  ];
  return findMatches(tokens, vocab, new Set()).find((m) => m.start === 0)?.id ?? null;
}

function parseCommand(command: Command, argument: string, question: QuestionView | null): Parsed {
  switch (command) {
    case 'start':
      return inputs({ type: 'START' });
    case 'help':
      return inputs({ type: 'HELP' });
    case 'status':
      return inputs({ type: 'STATUS' });
    case 'answers':
      return inputs({ type: 'ANSWERS' });
    case 'change': {
      const number = Number.parseInt(argument, 10);
      return argument === ''
        ? inputs({ type: 'ANSWERS' })
        : Number.isInteger(number) && number > 0
          ? inputs({ type: 'REVISIT', number })
          : error('input.changeNumber');
    }
    case 'back':
      return inputs({ type: 'BACK' });
    case 'next':
      return inputs({ type: 'NEXT' });
    case 'skip':
      return inputs({
        type: 'SKIP',
        ...(question ? { questionId: question.id } : {}),
        ...(argument ? { reason: argument } : {}),
      });
    case 'language': {
      const wanted = normalize(argument);
      return isLocale(wanted)
        ? inputs({ type: 'SET_LOCALE', locale: wanted })
        : error('input.unknownLanguage');
    }
    case 'restart':
    case 'report':
    case 'quit':
      return { kind: 'command', command };
    case 'remind':
      return setting(parseRemind(argument));
    case 'owner':
      return setting(parseOwner(argument));
    case 'target':
      return setting(
        parseTarget(argument) ?? { kind: 'error', message: { key: 'notice.settingRefused.target' } },
      );
    case 'timezone':
      return setting(parseTimeZone(argument));
    case 'holidays':
      return setting(parseHolidays(argument));
    case 'ask':
      return { kind: 'ask', question: argument };
  }
}

function setting(parsed: SettingParsed): Parsed {
  return parsed.kind === 'input' ? inputs(parsed.input) : { kind: 'error', message: parsed.message };
}

/** The words that may stand between numbers, in ranges, and around them ("Nummer 2"). */
function numberWords() {
  return {
    joiners: wordSet('words.and'),
    ranges: wordSet('words.range'),
    fillers: wordSet('words.numberFiller'),
  };
}

/** Every way a choice (or a checklist item) is named in a language: its label, its id, its synonyms. */
function vocabulary(
  locale: Locale,
  question: QuestionView,
  entries: { id: string; label: Message }[],
  synonyms: 'synonyms' | 'itemSynonyms',
): Vocabulary<string>[] {
  return vocabularies(
    `${locale}\u0000${question.id}\u0000${synonyms}\u0000${entries.map((e) => `${e.id}=${e.label.key}`).join(',')}`,
  );
}

const vocabularies = memo((key): Vocabulary<string>[] => {
  const [locale, questionId, synonyms, list] = key.split('\u0000') as [Locale, string, string, string];
  return list.split(',').map((pair) => {
    const [id, labelKey] = pair.split('=') as [string, string];
    return {
      id,
      phrases: [
        ...wordList(locale, labelKey),
        id.replace(/_/g, ' '),
        ...wordList(locale, `flow:questions.${questionId}.${synonyms}.${id}`),
      ].map(phraseWords),
    };
  });
});

/** The choices a line names, without the negated ones; `tied`: a match that fits two choices equally. */
function named(tokens: Token[], vocab: Vocabulary<string>[]): { ids: string[]; tied: string[] | null } {
  const matches: Match<string>[] = findMatches(tokens, vocab, wordSet('words.negation'));
  const tie = matches.find((m) => !m.negated && m.tied !== undefined);
  if (tie && tie.tied !== undefined) return { ids: [], tied: [tie.id, tie.tied] };
  return { ids: [...new Set(matches.filter((m) => !m.negated).map((m) => m.id))], tied: null };
}

const labelKeys = (question: QuestionView, ids: string[]) =>
  ids.map((id) => question.choices.find((c) => c.id === id)?.label.key ?? id);

function which(question: QuestionView, ids: string[]): Parsed {
  return error('input.which', { choices: { keys: labelKeys(question, ids), or: true } });
}

function hasAny(tokens: Token[], key: string): boolean {
  const list = wordSet(key);
  return tokens.some((t) => list.has(t.word));
}

function parseChoices(line: string, locale: Locale, question: QuestionView): Parsed {
  const numbers = numberSelection(line, numberWords());
  if (numbers) {
    if (question.kind === 'single' && numbers.length > 1)
      return error('input.notUnderstood', { hint: { key: 'input.single' } });
    const out = numbers.find((n) => n < 1 || n > question.choices.length);
    if (out !== undefined) return error('input.outOfRange', { max: question.choices.length });
    return answerWith(
      question,
      numbers.map((n) => question.choices[n - 1]?.id as string),
    );
  }
  const tokens = tokenize(line);
  const vocab = vocabulary(locale, question, question.choices, 'synonyms');
  const found = named(tokens, vocab);
  if (found.tied) return which(question, found.tied);
  let ids = found.ids;
  // "1 und Produktseite": numbers standing on their own next to names (not a name's own digits, as in "Magento 2").
  if (question.kind === 'multi') {
    const covered = new Set(
      findMatches(tokens, vocab, new Set()).flatMap((m) =>
        Array.from({ length: m.end - m.start }, (_, i) => m.start + i),
      ),
    );
    const loose = tokens.filter((t, i) => !covered.has(i) && /^\d+$/.test(t.word)).map((t) => Number(t.word));
    if (loose.some((n) => n < 1 || n > question.choices.length))
      return error('input.outOfRange', { max: question.choices.length });
    ids = [...ids, ...loose.map((n) => question.choices[n - 1]?.id as string)];
  }
  // "alle", "all of them" on a multiple choice: every choice but the one that excludes the others.
  if (ids.length === 0 && question.kind === 'multi' && isAll(tokens, locale)) {
    ids = question.choices.map((c) => c.id).filter((id) => id !== question.exclusive);
  }
  if (ids.length === 0) {
    const foreign = named(tokens, vocabulary(other(locale), question, question.choices, 'synonyms'));
    return foreign.ids.length > 0
      ? error('input.otherLanguage')
      : error('input.notUnderstood', { hint: { key: `input.${question.kind}` } });
  }
  if (question.kind === 'single' && ids.length > 1) {
    const together = Object.entries(question.combines ?? {}).find(
      ([, parts]) => parts.length === ids.length && parts.every((part) => ids.includes(part)),
    );
    return together ? answerWith(question, [together[0]]) : which(question, ids);
  }
  return answerWith(question, ids);
}

function answerWith(question: QuestionView, ids: string[]): Parsed {
  const value =
    question.kind === 'single'
      ? (ids[0] as string)
      : question.choices.map((c) => c.id).filter((id) => ids.includes(id));
  return inputs({ type: 'ANSWER', questionId: question.id, value });
}

/** "alle", "alles", "all of them", "everything": the first word says all, the rest only fills ("alle drei"). */
function isAll(tokens: Token[], locale: Locale): boolean {
  const all = wordSetOf(`${locale}\u0000words.all`);
  const fillers = wordSet('words.allFiller');
  return (
    tokens.length > 0 &&
    tokens.some((t) => all.has(t.word)) &&
    tokens.every((t) => all.has(t.word) || fillers.has(t.word))
  );
}

/** Yes or no from the first words ("ja, seit letzter Woche", "nein, machen wir diese Woche"), else from the sentence. */
function yesOrNo(tokens: Token[], locale: Locale): boolean | null {
  const vocab: Vocabulary<boolean>[] = [
    { id: true, phrases: phrasesOf(`${locale}\u0000words.yes`) },
    { id: false, phrases: phrasesOf(`${locale}\u0000words.no`) },
  ];
  const matches = findMatches(tokens, vocab, new Set());
  const opening = matches.find((m) => m.start <= 1);
  if (opening) return opening.id;
  const ids = new Set(matches.map((m) => m.id));
  return ids.size === 1 ? (matches[0]?.id ?? null) : null;
}

function parseChecklist(line: string, locale: Locale, question: QuestionView): Parsed {
  const items = question.items;
  const tick = (ids: string[]): Parsed => {
    const events: DialogInput[] = ids.map((itemId) => ({
      type: 'CHECK',
      questionId: question.id,
      itemId,
      checked: true,
    }));
    return events.length > 0 ? inputs(...events) : error('input.allTicked');
  };
  const open = items.filter((item) => !item.checkedBy).map((item) => item.id);
  const numbers = numberSelection(line, numberWords());
  if (numbers) {
    const out = numbers.find((n) => n < 1 || n > items.length);
    if (out !== undefined) return error('input.outOfRange', { max: items.length });
    // A number names an item: an open one is ticked, a ticked one opened again.
    return inputs(
      ...numbers.map((n): DialogInput => {
        const item = items[n - 1] as (typeof items)[number];
        return { type: 'CHECK', questionId: question.id, itemId: item.id, checked: !item.checkedBy };
      }),
    );
  }
  const tokens = tokenize(line);
  const vocab = vocabulary(locale, question, items, 'itemSynonyms');
  // "alles außer 5", "everything except the logo".
  const exceptAt = tokens.findIndex((t) => wordSet('words.except').has(t.word));
  if (exceptAt > 0 && isAll(tokens.slice(0, exceptAt), locale)) {
    const rest = tokens.slice(exceptAt + 1);
    const restLine = line.normalize('NFC').slice(tokens[exceptAt]?.end ?? 0);
    const excluded =
      numberSelection(restLine, numberWords())?.map((n) => items[n - 1]?.id) ?? named(rest, vocab).ids;
    return tick(open.filter((id) => !excluded.includes(id)));
  }
  if (isAll(tokens, locale)) return tick(open);
  const found = named(tokens, vocab);
  if (found.ids.length > 0 && !found.tied) return tick(found.ids.filter((id) => open.includes(id)));
  // "ja" to "Have you checked these settings?": all of them.
  if (yesOrNo(tokens, locale) === true) {
    const yes = wordSetOf(`${locale}\u0000words.yes`);
    const rest = tokens.filter((t) => !yes.has(t.word));
    if (rest.length === 0 || isAll(rest, locale) || hasAny(rest, 'words.allFiller')) return tick(open);
  }
  const foreign =
    isAll(tokens, other(locale)) ||
    named(tokens, vocabulary(other(locale), question, items, 'itemSynonyms')).ids.length > 0;
  return foreign
    ? error('input.otherLanguage')
    : error('input.notUnderstood', { hint: { key: 'input.checklist' } });
}

/** A test result: "bestanden", "hat geklappt", "fehlgeschlagen: IPN kommt nicht an", "didn't work". */
function parseTest(line: string, locale: Locale, question: QuestionView, tokens: Token[]): Parsed | null {
  const vocab: Vocabulary<'passed' | 'failed'>[] = [
    { id: 'passed', phrases: phrasesOf(`${locale}\u0000words.passed`) },
    { id: 'failed', phrases: phrasesOf(`${locale}\u0000words.failed`) },
  ];
  const matches = findMatches(tokens, vocab, wordSet('words.negation'));
  const failed = matches.find((m) => m.id === 'failed' || m.negated);
  if (failed) {
    const text = line.normalize('NFC');
    const end = tokens[failed.end - 1]?.end ?? 0;
    const note = noteAfter(text.slice(end), locale);
    return inputs({
      type: 'RECORD_TEST',
      questionId: question.id,
      status: 'failed',
      ...(note ? { note } : {}),
    });
  }
  if (matches.some((m) => m.id === 'passed'))
    return inputs({ type: 'RECORD_TEST', questionId: question.id, status: 'passed' });
  const answer = yesOrNo(tokens, locale);
  if (answer === null) return null;
  return inputs({ type: 'RECORD_TEST', questionId: question.id, status: answer ? 'passed' : 'failed' });
}

/** The reason after "fehlgeschlagen": without the colon, dash or "weil" that leads into it. */
function noteAfter(rest: string, locale: Locale): string {
  const leads = words(locale, 'words.because');
  let note = rest.replace(/^[\s:,;.\-–—]+/u, '').trim();
  for (const lead of leads) {
    if (note.toLowerCase().startsWith(`${lead} `)) note = note.slice(lead.length).trim();
  }
  return note;
}

function parseAnswer(line: string, locale: Locale, question: QuestionView): Parsed {
  const tokens = tokenize(line);
  const hint = { hint: { key: `input.${question.kind}` } };
  switch (question.kind) {
    case 'single':
    case 'multi':
      return parseChoices(line, locale, question);
    case 'yesno': {
      const answer = yesOrNo(tokens, locale);
      if (answer !== null) return inputs({ type: 'ANSWER', questionId: question.id, value: answer });
      return yesOrNo(tokens, other(locale)) !== null
        ? error('input.otherLanguage')
        : error('input.notUnderstood', hint);
    }
    case 'text':
      return inputs({ type: 'ANSWER', questionId: question.id, value: line.trim() });
    case 'checklist':
      return parseChecklist(line, locale, question);
    case 'testcase':
      return (
        parseTest(line, locale, question, tokens) ??
        (parseTest(line, other(locale), question, tokens)
          ? error('input.otherLanguage')
          : error('input.notUnderstood', hint))
      );
  }
}
