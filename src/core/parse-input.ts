import { LOCALES, type Locale, type Message } from './context';
import type { DialogInput } from './events';
import { isLocale, text } from './i18n';
import type { QuestionView } from './reply';

/**
 * Turns a typed line (terminal, a Slack mention) into dialog events. Commands are understood in both languages;
 * answers in the team's language, with a hint when they were given in the other one.
 */

export type Parsed =
  | { kind: 'inputs'; inputs: DialogInput[] }
  | { kind: 'command'; command: 'quit' | 'report' | 'restart' }
  | { kind: 'error'; message: Message };

export const COMMANDS = [
  'start',
  'help',
  'status',
  'back',
  'next',
  'skip',
  'restart',
  'language',
  'report',
  'quit',
] as const;
export type Command = (typeof COMMANDS)[number];

export function normalize(line: string): string {
  return line
    .normalize('NFC')
    .toLowerCase()
    .replace(/[.!]+$/u, '')
    .replace(/(?<=\S)\?+$/u, '') // "wo stehen wir?" is a command; "?" alone asks for help
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The words of a `a|b|c` list in the locale files. */
function words(locale: Locale, key: string): string[] {
  return text(locale, key)
    .split('|')
    .map((word) => normalize(word))
    .filter((word) => word.length > 0);
}

const other = (locale: Locale): Locale => (LOCALES.find((l) => l !== locale) ?? locale) as Locale;

/** A command and its argument, if the line is one (in either language). */
export function matchCommand(line: string): { command: Command; argument: string } | null {
  const normalized = normalize(line);
  const raw = line.normalize('NFC').trim();
  for (const command of COMMANDS) {
    for (const locale of LOCALES) {
      for (const word of words(locale, `commands.${command}`)) {
        if (normalized === word) return { command, argument: '' };
        const takesArgument = command === 'skip' || command === 'language';
        if (takesArgument && normalized.startsWith(`${word} `)) {
          return { command, argument: raw.slice(word.length).trim() };
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

export function parseLine(line: string, locale: Locale, question: QuestionView | null): Parsed {
  if (normalize(line) === '') return error('input.empty');
  const command = matchCommand(line);
  if (command) return parseCommand(command.command, command.argument, question);
  if (!question) return error('notice.notStarted');
  return parseAnswer(line, locale, question);
}

function parseCommand(command: Command, argument: string, question: QuestionView | null): Parsed {
  switch (command) {
    case 'start':
      return inputs({ type: 'START' });
    case 'help':
      return inputs({ type: 'HELP' });
    case 'status':
      return inputs({ type: 'STATUS' });
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
  }
}

/** Which choice a word names in a language: its number, its label, one of its synonyms, or its id. */
function choiceFor(token: string, locale: Locale, question: QuestionView): string | null {
  for (const choice of question.choices) {
    const names = [
      normalize(text(locale, choice.label.key)),
      normalize(choice.id.replace(/_/g, ' ')),
      ...words(locale, `flow:questions.${question.id}.synonyms.${choice.id}`),
    ];
    if (names.includes(token)) return choice.id;
  }
  return null;
}

function parseChoices(line: string, locale: Locale, question: QuestionView): Parsed {
  const and = [...words(locale, 'words.and'), ...words(other(locale), 'words.and')];
  const separator = new RegExp(`\\s*(?:[,;+&/]|\\s(?:${and.join('|')})\\s)\\s*`, 'u');
  let tokens = normalize(line)
    .split(separator)
    .filter((token) => token.length > 0);
  if (tokens.length === 1 && /^\d+(\s+\d+)+$/.test(tokens[0] ?? '')) tokens = (tokens[0] ?? '').split(' ');
  if (question.kind === 'single' && tokens.length > 1)
    return error('input.notUnderstood', { hint: { key: 'input.single' } });
  const chosen: string[] = [];
  for (const token of tokens) {
    if (/^\d+$/.test(token)) {
      const choice = question.choices[Number(token) - 1];
      if (!choice) return error('input.outOfRange', { max: question.choices.length });
      chosen.push(choice.id);
      continue;
    }
    const choice = choiceFor(token, locale, question);
    if (choice) {
      chosen.push(choice);
      continue;
    }
    if (choiceFor(token, other(locale), question)) return error('input.otherLanguage');
    return error('input.notUnderstood', { hint: { key: `input.${question.kind}` } });
  }
  const value = question.kind === 'single' ? (chosen[0] as string) : [...new Set(chosen)];
  return inputs({ type: 'ANSWER', questionId: question.id, value });
}

function parseAnswer(line: string, locale: Locale, question: QuestionView): Parsed {
  const normalized = normalize(line);
  const hint = { hint: { key: `input.${question.kind}` } };
  switch (question.kind) {
    case 'single':
    case 'multi':
      return parseChoices(line, locale, question);
    case 'yesno': {
      if (words(locale, 'words.yes').includes(normalized)) return inputs(answer(question, true));
      if (words(locale, 'words.no').includes(normalized)) return inputs(answer(question, false));
      const foreign = [...words(other(locale), 'words.yes'), ...words(other(locale), 'words.no')];
      return foreign.includes(normalized) ? error('input.otherLanguage') : error('input.notUnderstood', hint);
    }
    case 'text':
      return inputs(answer(question, line.trim()));
    case 'checklist': {
      if (words(locale, 'words.all').includes(normalized)) {
        return inputs(
          ...question.items
            .filter((item) => !item.checkedBy)
            .map((item) => ({
              type: 'CHECK' as const,
              questionId: question.id,
              itemId: item.id,
              checked: true,
            })),
        );
      }
      const tokens = normalized.split(/[\s,;]+/u).filter(Boolean);
      if (tokens.length === 0 || !tokens.every((t) => /^\d+$/.test(t))) {
        return words(other(locale), 'words.all').includes(normalized)
          ? error('input.otherLanguage')
          : error('input.notUnderstood', hint);
      }
      const events: DialogInput[] = [];
      for (const token of new Set(tokens)) {
        const item = question.items[Number(token) - 1];
        if (!item) return error('input.outOfRange', { max: question.items.length });
        events.push({ type: 'CHECK', questionId: question.id, itemId: item.id, checked: !item.checkedBy });
      }
      return inputs(...events);
    }
    case 'testcase': {
      if (words(locale, 'words.passed').includes(normalized)) {
        return inputs({ type: 'RECORD_TEST', questionId: question.id, status: 'passed' });
      }
      for (const word of words(locale, 'words.failed')) {
        if (normalized === word || normalized.startsWith(`${word} `) || normalized.startsWith(`${word}:`)) {
          const note = line
            .normalize('NFC')
            .trim()
            .slice(word.length)
            .replace(/^[\s:,-]+/u, '')
            .trim();
          return inputs({
            type: 'RECORD_TEST',
            questionId: question.id,
            status: 'failed',
            ...(note ? { note } : {}),
          });
        }
      }
      const foreign = [...words(other(locale), 'words.passed'), ...words(other(locale), 'words.failed')];
      return foreign.some(
        (w) => normalized === w || normalized.startsWith(`${w} `) || normalized.startsWith(`${w}:`),
      )
        ? error('input.otherLanguage')
        : error('input.notUnderstood', hint);
    }
  }
}

function answer(question: QuestionView, value: string | boolean): DialogInput {
  return { type: 'ANSWER', questionId: question.id, value };
}
