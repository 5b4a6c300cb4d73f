import type { Locale, Message, Param } from '../../core/context';
import { displayLabel, formatDate, hasText, keyFor, render, renderParam, text } from '../../core/i18n';
import { openItemMessage } from '../../core/open-items';
import { outcomeMessage } from '../../core/outcome-message';
import type { Progress, QuestionView, Reply } from '../../core/reply';
import { briefLabel, fitCard, fitSpeech, type SpeechBlock, shorten, toSsml } from './speech';

/**
 * A dialog reply as Alexa says it: what happened, what the step change brings, and the question with its choices,
 * read briefly. Texts come from the locale files; where speech needs other words than a screen, the `voice`
 * namespace overrides the common key of the same name (`voice:notice.answer.recorded` for `notice.answer.recorded`).
 * Long texts are cut to their first sentences for the ear and go to the card in full.
 */

export interface VoiceOutput {
  /** SSML, `<speak>…</speak>`. */
  speech: string;
  /** SSML asked again when the user says nothing: the question. Null when the session ends. */
  reprompt: string | null;
  card: { title: string; content: string } | null;
  endSession: boolean;
}

/**
 * - `turn`: the answer to an event;
 * - `launch`: the session opens (resume with where the team stands);
 * - `status`: "where are we";
 * - `help`: what can be said now;
 * - `repeat`: the question again.
 */
export type VoiceMode = 'turn' | 'launch' | 'status' | 'help' | 'repeat';

export interface VoiceRenderOptions {
  mode: VoiceMode;
  /** What the adapter says first (a rejected answer, a link result, several ticks in one). */
  lead?: Message[];
  /** Leave out the reply's own notice (when `lead` already says it). */
  skipNotice?: boolean;
  /** Tell a fresh Alexa user how to continue a Slack channel's progress. */
  linkHint?: boolean;
  /** Sentences said first, in a block of their own, before `lead` (the answer to a team's own question). */
  before?: string[];
  /** The card to show instead of the reply's (the answer to a team's own question, with its source). */
  card?: { title: string; content: string };
}

/** Speech budgets, in characters, for texts that are read shortened. */
const BUDGET = { tip: 180, intro: 200, help: 280, instructions: 200, guidance: 260 } as const;
/** Tips beyond these many are only on the card: a step's summary should not become a lecture. */
const MAX_SPOKEN_TIPS = 4;

/**
 * The voice override of a common key, if there is one. A text with plural forms exists only as `_one`, `_other`
 * (`voice:notice.check.several_other`): i18next does not know its bare key, so the forms are looked for too.
 */
function voiceKey(locale: Locale, key: string): string {
  const own = keyFor(locale, key, 'voice');
  if (own !== key || key.includes(':')) return own;
  return hasText(locale, `voice:${key}_other`) ? `voice:${key}` : key;
}

const LABEL = /\.(choices|items)\./;

/** A parameter for the ear: labels of choices and items brief, several joined as the language joins them. */
function voiceParam(locale: Locale, param: Param): string {
  if (typeof param === 'string' || typeof param === 'number') return String(param);
  if ('date' in param) return formatDate(locale, param.date, param.timeZone);
  if ('key' in param) {
    return LABEL.test(param.key)
      ? briefLabel(renderParam(locale, { key: param.key }, 'voice'))
      : say(locale, { key: param.key, ...(param.params ? { params: param.params } : {}) });
  }
  return new Intl.ListFormat(locale, {
    style: 'long',
    type: param.or ? 'disjunction' : 'conjunction',
  }).format(param.keys.map((key) => briefLabel(renderParam(locale, { key }, 'voice'))));
}

/** A message as spoken, with `extra` parameters the voice wording may use (progress, invocation name). */
export function say(locale: Locale, message: Message, extra: Record<string, string | number> = {}): string {
  const params: Record<string, string | number> = { ...extra };
  for (const [name, param] of Object.entries(message.params ?? {})) {
    // Numbers stay numbers: i18next picks plural forms by them ("1 Punkt", "2 Punkte").
    params[name] = typeof param === 'number' ? param : voiceParam(locale, param);
  }
  return text(locale, voiceKey(locale, message.key), params);
}

/** A message as the card shows it: the full wording, not the spoken one. */
const written = (locale: Locale, message: Message) => render(locale, message);

export function progressParams(locale: Locale, progress: Progress): Record<string, string | number> {
  return progress.stepId && progress.step
    ? {
        number: progress.step,
        total: progress.totalSteps,
        step: text(locale, `flow:steps.${progress.stepId}.title`),
      }
    : {};
}

const list = (locale: Locale, items: string[], type: 'conjunction' | 'disjunction') =>
  new Intl.ListFormat(locale, { style: 'long', type }).format(items);

/** Collects what is said and what goes to the card in full. */
class Script {
  readonly blocks: { text: SpeechBlock; optional?: boolean }[] = [];
  readonly card: string[] = [];
  /** The block holding the last text that was cut: it ends with "the full version is in the Alexa app". */
  private moreBlock: SpeechBlock | null = null;

  get shortened(): boolean {
    return this.moreBlock !== null;
  }

  /** Puts `full` on the card only, and says that the card has more. */
  cardOnly(block: SpeechBlock, full: string): void {
    this.moreBlock = block;
    this.card.push(full);
  }

  /** Says `full`, cut to `budget` if given; the card always gets the whole text. */
  add(block: SpeechBlock, full: string, budget?: number): void {
    const spoken = budget ? shorten(full, budget) : { text: full, shortened: false };
    if (spoken.shortened) this.moreBlock = block;
    block.push(spoken.text);
    this.card.push(full);
  }

  /** Tells once, after the last shortened text, that the card has the rest. */
  pointToCard(locale: Locale): void {
    this.moreBlock?.push(text(locale, 'voice:question.more'));
  }
}

/** The question as spoken (prompt, choices or open items, guidance), its reprompt, and its full text for the card. */
function speakQuestion(
  locale: Locale,
  question: QuestionView,
  script: Script,
): { block: SpeechBlock; reprompt: SpeechBlock } {
  const block: SpeechBlock = [];
  const prompt = say(locale, question.prompt);
  script.add(block, prompt);
  const reprompt: SpeechBlock = [prompt];
  const labels = question.choices.map((choice) => text(locale, choice.label.key));
  if (question.kind === 'single' || question.kind === 'multi') {
    const brief = labels.map(briefLabel);
    const choose =
      question.kind === 'multi' && brief.length > 1
        ? text(locale, 'voice:question.chooseSeveral', {
            choices: list(locale, brief, 'disjunction'),
            example: list(locale, brief.slice(0, 2), 'conjunction'),
          })
        : text(locale, 'voice:question.choose', { choices: list(locale, brief, 'disjunction') });
    block.push(choose);
    reprompt.push(choose);
    script.card.push(
      question.choices.map((choice) => `• ${displayLabel(locale, choice.label.key)}`).join('\n'),
    );
  }
  if (question.kind === 'checklist') {
    const open = question.items
      .map((item, index) => ({ item, number: index + 1 }))
      .filter(({ item }) => !item.checkedBy);
    block.push(text(locale, 'voice:question.open'));
    for (const { item, number } of open) {
      block.push(text(locale, 'voice:question.item', { number, label: briefLabel(say(locale, item.label)) }));
    }
    script.card.push(
      question.items
        .map(
          (item, index) =>
            `${item.checkedBy ? '☑' : '☐'} ${index + 1}. ${displayLabel(locale, item.label.key)}`,
        )
        .join('\n'),
    );
  }
  if (question.instructions) script.add(block, say(locale, question.instructions), BUDGET.instructions);
  if (question.guidance) script.add(block, say(locale, question.guidance), BUDGET.guidance);
  else if (question.answered) {
    block.push(
      text(locale, 'voice:question.answered', {
        answer: voiceParam(locale, question.answered.answer),
        by: question.answered.by,
      }),
    );
  }
  const hint = hintFor(locale, question);
  if (hint && question.kind !== 'yesno') block.push(hint);
  if (hint) reprompt.push(hint);
  if (question.skip === 'free') {
    const optional = text(locale, voiceKey(locale, 'input.optional'));
    block.push(optional);
  }
  return { block, reprompt };
}

/** What can be said to answer a question of this kind (choices are offered by the question itself). */
export function hintFor(locale: Locale, question: QuestionView): string | null {
  if (question.kind === 'single' || question.kind === 'multi') return null;
  if (question.kind === 'text' && question.format) {
    if (question.format === 'httpsUrl') return text(locale, 'voice:question.textUrl');
    if (question.format !== 'free') return text(locale, 'voice:question.textId');
  }
  return text(locale, voiceKey(locale, `input.${question.kind}`));
}

/** Open items said aloud before "the rest is in the Alexa app". */
const MAX_SPOKEN_ITEMS = 3;

/**
 * Where the team stands: step and question, how many items are open (the first ones said, all on the card). Said in
 * `block`; after the last step, what the team can do now follows in a block of its own (after "the rest is in the
 * Alexa app", which goes with the items).
 */
function speakStatus(locale: Locale, reply: Reply, script: Script, block: SpeechBlock): SpeechBlock[] {
  const progress = progressParams(locale, reply.progress);
  const question = reply.question;
  if (reply.state === 'welcome') {
    script.add(block, text(locale, 'voice:status.notStarted'));
    return [];
  }
  if (reply.done) script.add(block, text(locale, 'voice:status.done'));
  else if (question && reply.progress.step) {
    script.add(
      block,
      question.count === null
        ? text(locale, 'voice:status.stepOpen', { ...progress, position: question.position })
        : text(locale, 'voice:status.step', {
            ...progress,
            position: question.position,
            count: question.count,
          }),
    );
  }
  speakOpenItems(locale, reply, script, block);
  if (!reply.done) return [];
  const actions: SpeechBlock = [];
  script.add(actions, text(locale, 'voice:status.doneActions'));
  return [actions];
}

function speakOpenItems(locale: Locale, reply: Reply, script: Script, block: SpeechBlock): void {
  const items = reply.openItems;
  if (items.length === 0) {
    script.add(block, text(locale, 'voice:status.noOpen'));
    return;
  }
  script.add(block, text(locale, 'voice:status.open', { count: items.length }));
  items.forEach((item, index) => {
    const message = openItemMessage(item);
    if (index < MAX_SPOKEN_ITEMS) {
      block.push(`${say(locale, message)}.`);
      script.card.push(written(locale, message));
    } else script.cardOnly(block, written(locale, message));
  });
}

/** The answers: how many, the first ones said, all of them with their numbers on the card. */
function speakAnswers(locale: Locale, reply: Reply, script: Script, block: SpeechBlock): void {
  const answers = reply.answers ?? [];
  if (answers.length === 0) {
    script.add(block, text(locale, 'cli.answersEmpty'));
    return;
  }
  script.add(block, text(locale, 'voice:answers.count', { count: answers.length }));
  answers.forEach((entry, index) => {
    if (index < MAX_SPOKEN_ITEMS) {
      block.push(
        text(locale, 'voice:answers.item', {
          number: entry.number,
          answer: voiceParam(locale, entry.answer),
        }),
      );
    }
    script.card.push(
      `${entry.number}. ${written(locale, entry.prompt)} – ${renderParam(locale, entry.answer)}`,
    );
  });
  // The hint says that every answer is in the Alexa app: no second "the full version is in the app".
  script.add(block, text(locale, 'voice:answers.hint'));
}

/** Renders a reply for Alexa. `locale` is the device's language (see create-skill.ts). */
export function renderVoice(locale: Locale, reply: Reply, options: VoiceRenderOptions): VoiceOutput {
  const script = new Script();
  const progress = progressParams(locale, reply.progress);
  const lead: SpeechBlock = [];
  for (const message of options.lead ?? []) script.add(lead, say(locale, message, progress));

  const { outcome } = reply;
  const notice = outcomeMessage(outcome);
  // Where the team stands is told on "where are we", and after the last step on whatever is no answer to a question
  // (an answer-like word, "weiter", a repeat): a finished team hears its status, its open items and what it can do.
  const telling =
    options.mode === 'status' || outcome.kind === 'done' || (reply.done && options.mode === 'repeat');
  // A finished team that opens the skill again hears where it stands, not the celebration.
  const resumedDone = outcome.kind === 'resumed' && reply.done;
  const status: SpeechBlock[] = [];
  if (options.mode === 'help') {
    const question = reply.question;
    if (question) {
      script.add(lead, say(locale, question.help), BUDGET.help);
      const hint = hintFor(locale, question);
      if (hint) script.add(lead, hint);
      script.add(lead, text(locale, 'voice:help.general'));
    } else if (reply.done) {
      // "Start" would mean nothing to a finished team: what it can do now (the reprompt's words follow).
      script.add(lead, text(locale, 'voice:status.doneActions'));
    } else script.add(lead, text(locale, 'voice:help.noQuestion'));
    if (options.linkHint) script.add(lead, text(locale, 'voice:help.link'));
  } else if (telling) {
    // The status itself says that all steps are worked through: the `done` outcome's notice would say it twice.
    status.push(...speakStatus(locale, reply, script, lead));
  } else if (outcome.kind === 'answers') {
    speakAnswers(locale, reply, script, lead);
  } else if (!options.skipNotice && options.mode !== 'repeat') {
    script.add(lead, say(locale, notice, progress));
    if (outcome.kind === 'started' && options.linkHint)
      script.add(lead, text(locale, 'voice:launch.linkHint'));
    if (resumedDone) status.push(...speakStatus(locale, reply, script, lead));
  }
  const toldStatus = telling || resumedDone;

  const blocks: { text: SpeechBlock; optional?: boolean }[] = [
    ...(options.before ? [{ text: [...options.before] }] : []),
    { text: lead },
    ...status.map((block) => ({ text: block })),
  ];
  let ready = false;
  let tips = 0;
  let items = 0;
  for (const message of reply.messages) {
    const block: SpeechBlock = [];
    const full = say(locale, message, progress);
    if (message.key.startsWith('flow:tips.')) {
      tips += 1;
      if (tips > MAX_SPOKEN_TIPS) script.cardOnly(blocks.at(-1)?.text ?? lead, full);
      else {
        script.add(block, full, BUDGET.tip);
        blocks.push({ text: block, optional: true });
      }
    } else if (message.key.startsWith('open.')) {
      // An open item is a task, not a sentence: spoken with a full stop, on the card as written.
      items += 1;
      if (items > MAX_SPOKEN_ITEMS) script.cardOnly(blocks.at(-1)?.text ?? lead, written(locale, message));
      else {
        block.push(`${full}.`);
        script.card.push(written(locale, message));
        blocks.push({ text: block });
      }
    } else if (/^flow:steps\.[^.]+\.intro$/.test(message.key)) {
      script.add(block, full, BUDGET.intro);
      blocks.push({ text: block, optional: true });
    } else {
      // Only "ready to launch" ends the session; with open items the team may want to hear them or change an answer.
      if (message.key === 'done.ready') ready = true;
      script.add(block, full);
      blocks.push({ text: block });
    }
  }

  let reprompt: SpeechBlock | null = null;
  if (reply.question && !ready) {
    const asked = speakQuestion(locale, reply.question, script);
    blocks.push({ text: asked.block });
    reprompt = asked.reprompt;
  } else if (!ready) {
    reprompt = [text(locale, reply.done ? 'voice:done.reprompt' : 'voice:reprompt.noQuestion')];
    // The status of a finished team already ends with what can be said now.
    if (!toldStatus && (options.mode === 'launch' || reply.done)) blocks.push({ text: [...reprompt] });
  }
  script.pointToCard(locale);

  const fitted = fitSpeech(blocks);
  // The card holds what speech leaves out: the rest of a text, every open item, every answer with its number.
  const listsOpenItems = reply.messages.some((message) => message.key.startsWith('open.'));
  const withCard =
    script.shortened ||
    fitted.dropped ||
    options.mode === 'help' ||
    ready ||
    toldStatus ||
    listsOpenItems ||
    outcome.kind === 'answers';
  const title =
    options.mode === 'help'
      ? text(locale, 'voice:card.help')
      : reply.done
        ? text(locale, 'voice:card.done')
        : reply.progress.step
          ? text(locale, 'voice:card.step', progress)
          : text(locale, 'voice:card.start');
  return {
    speech: fitted.ssml,
    reprompt: reprompt ? fitSpeech([{ text: reprompt }]).ssml : null,
    card: options.card
      ? // The question's full text goes below when speech said it shortened ("the full version is in the app").
        fitCard(
          options.card.title,
          [options.card.content, ...(script.shortened || fitted.dropped ? script.card : [])].join('\n\n'),
        )
      : withCard
        ? fitCard(title, script.card.join('\n\n'))
        : null,
    endSession: ready,
  };
}

/** Speech that is not a dialog reply (goodbye, errors): one or more messages, with an optional reprompt. */
export function renderPlain(
  locale: Locale,
  messages: Message[],
  options: { reprompt?: Message; endSession?: boolean; extra?: Record<string, string | number> } = {},
): VoiceOutput {
  const spoken = messages.map((message) => say(locale, message, options.extra));
  return {
    speech: fitSpeech([{ text: spoken }]).ssml,
    reprompt: options.reprompt && !options.endSession ? toSsml([[say(locale, options.reprompt)]]) : null,
    card: null,
    endSession: options.endSession ?? false,
  };
}
