import type { Intent, Slot } from 'ask-sdk-model';
import type { Flow, Question } from '../../../flows/types';
import { emptyContext, type Locale, type Message } from '../../core/context';
import type { DialogInput } from '../../core/events';
import { wordList } from '../../core/i18n';
import { MAX_SNOOZE_DAYS } from '../../core/machine';
import { choiceSaidWhole, normalize, parseLine } from '../../core/parse-input';
import { findQuestion } from '../../core/progress';
import { type QuestionView, questionView } from '../../core/reply';
import { ASK_CARRIERS, INTENT, INTENT_SPECS, isAskIntent, SLOT } from './intents';
import { carrierWords } from './interaction-model';
import type { VoiceMode } from './render-voice';

/**
 * Turns an Alexa intent into what the dialog understands: dialog events, or what only the adapter handles (linking,
 * ending the session, a restart kept). Answers are read against the question the user was asked; choice slots are
 * taken by their entity resolution id (`<question>.<choice>`), and anything else goes through the same parser as
 * typed input, so "Web und App" means the same on Alexa, in Slack and in the terminal.
 */
export type VoiceTurn =
  | { kind: 'dialog'; inputs: DialogInput[]; mode: VoiceMode }
  /** Nothing to send: say `message` (or, if null, why no answer fits right now) and ask the question again. */
  | { kind: 'reject'; message: Message | null }
  | { kind: 'link'; code: string | null }
  /** "erinnere uns morgen": snooze the team and set the user's own Alexa reminder; `days` null: not said when. */
  | { kind: 'remind'; days: number | null }
  /** The team's own question for the assistant, as said; the onboarding stays where it is. */
  | { kind: 'ask'; question: string }
  | { kind: 'end' }
  | { kind: 'restartKept' };

export interface InterpretContext {
  locale: Locale;
  flow: Flow;
  /** The question the user is answering: the one asked last in this session, else the team's current one. */
  questionId: string | null;
  /** The last turn asked to confirm a restart. */
  confirmRestart: boolean;
}

/** Intents whose meaning depends on the question being asked. */
const ANSWERS = new Set<string>([
  INTENT.answer,
  INTENT.text,
  INTENT.passed,
  INTENT.failed,
  INTENT.checkAll,
  INTENT.checkItem,
  INTENT.yes,
  INTENT.no,
  INTENT.fallback,
  // A choice said like a question ("kann ich nicht sagen") is an answer where the question offers it.
  INTENT.ask,
  ...ASK_CARRIERS,
]);

export function needsQuestion(intentName: string): boolean {
  return ANSWERS.has(intentName);
}

const dialog = (mode: VoiceMode, ...inputs: DialogInput[]): VoiceTurn => ({ kind: 'dialog', inputs, mode });
const reject = (message: Message | null): VoiceTurn => ({ kind: 'reject', message });
const notUnderstood = (kind: Question['kind']): Message => ({
  key: 'input.notUnderstood',
  params: { hint: { key: `input.${kind}` } },
});
const doesNotFit = (kind: Question['kind']): Message => ({
  key: 'notice.answer.invalid',
  params: { hint: { key: `input.${kind}` } },
});
const missing = (kind: Question['kind']): Message => ({
  key: 'voice:input.missing',
  params: { hint: { key: `input.${kind}` } },
});

/** A slot's spoken value, trimmed; null when Alexa filled nothing. */
export function slotValue(intent: Intent, name: string): string | null {
  const raw: unknown = intent.slots?.[name]?.value;
  const value = typeof raw === 'string' ? raw.trim() : '';
  return value ? value : null;
}

/** A number slot's value: digits as Alexa sends them, or a number word of the language ("zwei"); null otherwise. */
function slotNumber(intent: Intent, name: string, locale: Locale): number | null {
  const value = slotValue(intent, name)?.toLowerCase();
  if (!value) return null;
  if (/^\d{1,4}$/.test(value)) return Number(value);
  const index = wordList(locale, 'words.numbers').indexOf(value);
  return index >= 0 ? index : null;
}

/**
 * When "erinnere uns …" asks for, in days: the resolved id of `when` ("morgen" is 1), or "in {days} Tagen", "in
 * {weeks} Wochen". Counts the machine refuses (0, more than 60 days) stay events, so that the refusal is said in the
 * dialog's words; null when the user said no time Alexa could resolve.
 */
function remindDays(intent: Intent, locale: Locale): number | null {
  const when = resolvedIds(intent.slots?.[SLOT.when])[0];
  if (when && /^\d+$/.test(when)) return Number(when);
  const days = slotNumber(intent, SLOT.days, locale);
  const weeks = slotNumber(intent, SLOT.weeks, locale);
  const total = days ?? (weeks === null ? null : weeks * 7);
  return total === null ? null : Math.min(total, MAX_SNOOZE_DAYS + 1);
}

/** The ids entity resolution matched for a slot (several when a word names choices of different questions). */
function resolvedIds(slot: Slot | undefined): string[] {
  return (
    (slot?.resolutions?.resolutionsPerAuthority ?? [])
      .filter((authority) => authority.status?.code === 'ER_SUCCESS_MATCH')
      // Alexa sends no values with a status other than a match.
      .flatMap((authority) => (authority.values ?? []).map((value) => value.value.id))
  );
}

/** The question as asked, without any team's answers: enough to read an answer against it. */
function staticView(flow: Flow, questionId: string, locale: Locale): QuestionView | null {
  return questionView(flow, questionId, emptyContext(locale));
}

/** What the typed-input parser makes of the words, for the question being asked. */
function fromWords(words: string, ctx: InterpretContext, view: QuestionView | null): VoiceTurn {
  const parsed = parseLine(words, ctx.locale, view);
  if (parsed.kind === 'inputs') return dialog('turn', ...parsed.inputs);
  if (parsed.kind === 'error') return reject(parsed.message);
  if (parsed.kind === 'ask') return { kind: 'ask', question: parsed.question };
  if (parsed.command === 'quit') return { kind: 'end' };
  if (parsed.command === 'restart') return dialog('turn', { type: 'RESTART', confirmed: false });
  return reject(view ? notUnderstood(view.kind) : null);
}

/**
 * What a team asked with an ask intent: `question` as said, for the assistant; `line` as it would be typed, for the
 * parser ("ask the developers"). A carrier intent's first words are put back before what Alexa heard after them ("wie
 * lange" + "eine autorisierung gilt"); AskIntent's slot holds the whole question ("frage {query}"), and its line
 * begins with the typed dialog's word for asking. Null for any other intent.
 */
export function askedQuestion(intent: Intent, locale: Locale): { question: string; line: string } | null {
  if (!isAskIntent(intent.name)) return null;
  const heard = slotValue(intent, SLOT.query) ?? '';
  const spec = INTENT_SPECS.find((each) => each.name === intent.name);
  if (spec?.carrier) {
    const question = `${carrierWords(locale, spec)} ${heard}`.trim();
    return { question, line: question };
  }
  const command = wordList(locale, 'commands.ask')[0] ?? 'ask';
  return { question: heard, line: `${command} ${heard}`.trim() };
}

/** The choices named in the choice slots, by their resolution ids for `question`; null if one names none of them. */
function namedChoices(intent: Intent, question: Question): string[] | null {
  const chosen: string[] = [];
  for (const name of SLOT.choices) {
    const slot = intent.slots?.[name];
    if (!slot?.value?.trim()) continue;
    const id = resolvedIds(slot)
      .map((resolved) => resolved.split('.'))
      .find(([questionId]) => questionId === question.id)?.[1];
    if (!id) return null;
    chosen.push(id);
  }
  return chosen;
}

/** The words the choice slots heard, joined as the language joins a list ("web und app"). */
function heardWords(intent: Intent, locale: Locale): string {
  const words = SLOT.choices.map((name) => slotValue(intent, name)).filter((w): w is string => w !== null);
  const and = wordList(locale, 'words.and')[0] ?? 'and';
  return words.join(` ${and} `);
}

/**
 * A choice of `question` that one of the locale's yes/no words names ("noch nichts" is both "no" and a choice):
 * Alexa sends the built-in Yes/No intent for those, and the user meant the choice.
 */
function choiceNamedBy(question: Question, locale: Locale, wordsKey: string): string | null {
  if (question.kind !== 'single' && question.kind !== 'multi') return null;
  const words = wordList(locale, wordsKey).map(normalize);
  const matches = question.choices.filter((choice) =>
    wordList(locale, `flow:questions.${question.id}.synonyms.${choice}`)
      .map(normalize)
      .some((synonym) => words.includes(synonym)),
  );
  return matches.length === 1 ? (matches[0] as string) : null;
}

/** Spoken ids and addresses as typed: "live minus a b c" → "live-abc", "h t t p s doppelpunkt …" → "https:…". */
export function spokenToTyped(spoken: string, locale: Locale): string {
  const symbols: [string, string][] = [
    ['dash', '-'],
    ['dot', '.'],
    ['colon', ':'],
    ['slash', '/'],
  ];
  const words = symbols
    .flatMap(([name, symbol]) =>
      wordList(locale, `voice:spoken.${name}`).map((word) => ({ word: word.toLowerCase(), symbol })),
    )
    .filter(({ word }) => word !== '')
    .sort((a, b) => b.word.length - a.word.length);
  let typed = ` ${spoken.toLowerCase()} `;
  for (const { word, symbol } of words) {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    typed = typed.replace(new RegExp(`(?<=\\s)${escaped}(?=\\s)`, 'gu'), symbol);
  }
  return typed.replace(/\s+/g, '');
}

function answer(question: Question, value: string | string[] | boolean): DialogInput {
  return { type: 'ANSWER', questionId: question.id, value };
}

function checkAll(question: Question): DialogInput[] {
  if (question.kind !== 'checklist') return [];
  return question.items.map((itemId) => ({ type: 'CHECK', questionId: question.id, itemId, checked: true }));
}

/** Reads one intent against the question being asked. */
export function interpretIntent(intent: Intent, ctx: InterpretContext): VoiceTurn {
  const question = ctx.questionId ? findQuestion(ctx.flow, ctx.questionId) : undefined;
  const view = question ? staticView(ctx.flow, question.id, ctx.locale) : null;

  switch (intent.name) {
    case INTENT.stop:
    case INTENT.cancel:
    case INTENT.home:
      return { kind: 'end' };
    case INTENT.help:
      return dialog('help', { type: 'HELP' });
    case INTENT.status:
      return dialog('status', { type: 'STATUS' });
    case INTENT.repeat:
      return dialog('repeat', { type: 'STATUS' });
    case INTENT.start:
      return dialog('launch', { type: 'START' });
    case INTENT.back:
      return dialog('turn', { type: 'BACK' });
    case INTENT.next:
      return dialog('turn', { type: 'NEXT' });
    case INTENT.restart:
      return dialog('turn', { type: 'RESTART', confirmed: false });
    case INTENT.answers:
      return dialog('turn', { type: 'ANSWERS' });
    case INTENT.change: {
      // "Antwort ändern" without a number: the list first, so the user hears the numbers.
      const number = Number.parseInt(slotValue(intent, SLOT.number) ?? '', 10);
      return Number.isInteger(number) && number > 0
        ? dialog('turn', { type: 'REVISIT', number })
        : dialog('turn', { type: 'ANSWERS' });
    }
    case INTENT.skip: {
      const reason = slotValue(intent, SLOT.reason);
      return dialog('turn', {
        type: 'SKIP',
        ...(ctx.questionId ? { questionId: ctx.questionId } : {}),
        ...(reason ? { reason } : {}),
      });
    }
    case INTENT.remind:
      return { kind: 'remind', days: remindDays(intent, ctx.locale) };
    case INTENT.stopReminders:
      return dialog('turn', { type: 'REMINDERS', on: false });
    case INTENT.resumeReminders:
      return dialog('turn', { type: 'REMINDERS', on: true });
    case INTENT.link: {
      // Alexa sends "?" for a number it could not hear: that is no code, and must not count as a wrong guess.
      const code = slotValue(intent, SLOT.code);
      return { kind: 'link', code: code && /\d/.test(code) ? code : null };
    }
  }

  const asked = askedQuestion(intent, ctx.locale);
  if (asked) {
    // "kann ich nicht sagen", "when we ship", "ask the developers" are choices: said whole to a question that offers
    // them, they are its answer. Only whole: "gibt es ein SDK für Python" asks, though "Python" is a choice.
    const choice = view ? choiceSaidWhole(view, ctx.locale, asked.line) : null;
    if (question && choice)
      return dialog('turn', answer(question, question.kind === 'multi' ? [choice] : choice));
    return { kind: 'ask', question: asked.question };
  }

  if (ctx.confirmRestart && intent.name === INTENT.yes)
    return dialog('turn', { type: 'RESTART', confirmed: true });
  if (ctx.confirmRestart && intent.name === INTENT.no) return { kind: 'restartKept' };
  if (!question || !view) return reject(null);

  switch (intent.name) {
    case INTENT.answer: {
      const chosen = namedChoices(intent, question);
      if (chosen?.length === 0) return reject(missing(question.kind));
      if (!chosen || (question.kind !== 'single' && question.kind !== 'multi')) {
        return fromWords(heardWords(intent, ctx.locale), ctx, view);
      }
      if (question.kind === 'single' && new Set(chosen).size > 1) {
        return reject({ key: 'input.notUnderstood', params: { hint: { key: 'input.single' } } });
      }
      return dialog('turn', answer(question, question.kind === 'single' ? (chosen[0] as string) : chosen));
    }
    case INTENT.text: {
      const said = slotValue(intent, SLOT.text);
      if (!said) return reject(missing(question.kind));
      if (question.kind === 'text') {
        return dialog(
          'turn',
          answer(question, question.format === 'free' ? said : spokenToTyped(said, ctx.locale)),
        );
      }
      return fromWords(said, ctx, view);
    }
    case INTENT.passed:
      return question.kind === 'testcase'
        ? dialog('turn', { type: 'RECORD_TEST', questionId: question.id, status: 'passed' })
        : reject(doesNotFit(question.kind));
    case INTENT.failed: {
      if (question.kind !== 'testcase') return reject(doesNotFit(question.kind));
      const note = slotValue(intent, SLOT.note);
      return dialog('turn', {
        type: 'RECORD_TEST',
        questionId: question.id,
        status: 'failed',
        ...(note ? { note } : {}),
      });
    }
    case INTENT.checkAll:
      return question.kind === 'checklist'
        ? dialog('turn', ...checkAll(question))
        : reject(doesNotFit(question.kind));
    case INTENT.checkItem: {
      if (question.kind !== 'checklist') return reject(doesNotFit(question.kind));
      const numbers = SLOT.items
        .map((name) => slotValue(intent, name))
        .filter((value): value is string => value !== null)
        .map((value) => Number.parseInt(value, 10));
      if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n)))
        return reject(missing(question.kind));
      const items = numbers.map((n) => question.items[n - 1]);
      if (items.some((item) => item === undefined)) {
        return reject({ key: 'voice:input.outOfRange', params: { max: question.items.length } });
      }
      return dialog(
        'turn',
        ...[...new Set(items as string[])].map(
          (itemId): DialogInput => ({ type: 'CHECK', questionId: question.id, itemId, checked: true }),
        ),
      );
    }
    case INTENT.yes:
    case INTENT.no: {
      const yes = intent.name === INTENT.yes;
      if (question.kind === 'yesno') return dialog('turn', answer(question, yes));
      // A test's prompt is a yes/no question ("Does a test order reach your system?").
      if (question.kind === 'testcase') {
        return dialog('turn', {
          type: 'RECORD_TEST',
          questionId: question.id,
          status: yes ? 'passed' : 'failed',
        });
      }
      // "Have you checked these settings?" "Yes": all of them.
      if (question.kind === 'checklist' && yes) return dialog('turn', ...checkAll(question));
      const choice = choiceNamedBy(question, ctx.locale, yes ? 'words.yes' : 'words.no');
      if (choice) return dialog('turn', answer(question, question.kind === 'multi' ? [choice] : choice));
      return reject(notUnderstood(question.kind));
    }
    case INTENT.fallback:
      return reject(notUnderstood(question.kind));
    default:
      return reject(notUnderstood(question.kind));
  }
}
