/**
 * The intents of the skill and where their sample utterances come from. The interaction models are generated from
 * this catalogue (scripts/generate-interaction-models.ts) and the skill dispatches on the same names, so the two
 * cannot drift apart.
 */

/** The custom slot type holding every choice of every choice question (ids `<question>.<choice>`). */
export const CHOICE_SLOT_TYPE = 'CHOICE';

/**
 * The custom slot type of "when" in "erinnere uns morgen": its values are the typed dialog's words
 * (`common:words.remind.<id>`), its ids the day counts they mean. A custom type resolves to its ids reliably
 * (AMAZON.DATE would need the device's "today", AMAZON.DURATION does not know "morgen").
 */
export const REMIND_SLOT_TYPE = 'REMIND_WHEN';
/** How many days each `words.remind.*` word list means (the same counts as `paysetup erinnern …`, parse-settings.ts). */
export const REMIND_DAYS = { tomorrow: 1, dayAfterTomorrow: 2, nextWeek: 7 } as const;

/**
 * The permission reminders need: the manifest declares it (Alexa offers it to the user only then), and the skill
 * asks for it when the user wants a reminder and has not granted it (reminders.ts).
 */
export const REMINDERS_PERMISSION = 'alexa::alerts:reminders:skill:readwrite';

export const INTENT = {
  stop: 'AMAZON.StopIntent',
  cancel: 'AMAZON.CancelIntent',
  help: 'AMAZON.HelpIntent',
  repeat: 'AMAZON.RepeatIntent',
  yes: 'AMAZON.YesIntent',
  no: 'AMAZON.NoIntent',
  restart: 'AMAZON.StartOverIntent',
  home: 'AMAZON.NavigateHomeIntent',
  fallback: 'AMAZON.FallbackIntent',
  start: 'StartIntent',
  status: 'StatusIntent',
  back: 'BackIntent',
  next: 'NextIntent',
  skip: 'SkipIntent',
  link: 'LinkIntent',
  passed: 'TestPassedIntent',
  failed: 'TestFailedIntent',
  checkAll: 'CheckAllIntent',
  checkItem: 'CheckItemIntent',
  text: 'TextAnswerIntent',
  answer: 'AnswerIntent',
  answers: 'AnswersIntent',
  change: 'ChangeAnswerIntent',
  remind: 'RemindIntent',
  stopReminders: 'StopRemindersIntent',
  resumeReminders: 'ResumeRemindersIntent',
  ask: 'AskIntent',
  askHow: 'AskHowIntent',
  askHowLong: 'AskHowLongIntent',
  askWhat: 'AskWhatIntent',
  askWhatIs: 'AskWhatIsIntent',
  askWhich: 'AskWhichIntent',
  askWhere: 'AskWhereIntent',
  askWhen: 'AskWhenIntent',
  askCan: 'AskCanIntent',
  askMust: 'AskMustIntent',
  askIsThere: 'AskIsThereIntent',
} as const;

export type IntentName = (typeof INTENT)[keyof typeof INTENT];

/** Slot names, as the samples in `locales/<lang>/voice.json` write them (`{{first}}`). */
export const SLOT = {
  choices: ['first', 'second', 'third', 'fourth'],
  text: 'text',
  note: 'note',
  reason: 'reason',
  code: 'code',
  number: 'number',
  items: ['item', 'secondItem'],
  /** "morgen", "nächste Woche" (REMIND_WHEN); "in {days} Tagen", "in {weeks} Wochen" (numbers). */
  when: 'when',
  days: 'days',
  weeks: 'weeks',
  /** A team's own question ("frage {query}"), or what follows its first words ("wie lange {query}"). */
  query: 'query',
} as const;

export interface IntentSpec {
  name: IntentName;
  /** Key of an `a|b|c` sample list in the voice namespace (`{{slot}}` marks a slot). */
  voice?: string;
  /** Keys of word lists in the common namespace that the typed dialog understands too (`commands.*`, `words.*`). */
  shared?: string[];
  /** For shared words that may be followed by a free text: the slot that takes it (`fehlgeschlagen {note}`). */
  sharedTail?: string;
  slots?: Record<string, string>;
  /**
   * The words before the slot begin the question ("wie lange" in "wie lange {query}"): Alexa sends only what follows
   * them, so the skill puts them back. Such an intent has exactly one sample per language (the model generator checks
   * it), for the request names the intent, not the sample it matched.
   */
  carrier?: true;
}

/**
 * The intents a team's own question comes as when it begins with a question word ("wie lange …", "what is …",
 * "gibt es …"), one per beginning: Alexa allows one AMAZON.SearchQuery slot per intent and does not say which sample
 * matched, so only the intent tells which words began the question. Their samples are `voice:model.<intent>`
 * ("askHowLong" for AskHowLongIntent); a question that begins otherwise comes as "frage …" / "ask …" (AskIntent).
 */
export const ASK_CARRIERS = [
  INTENT.askHow,
  INTENT.askHowLong,
  INTENT.askWhat,
  INTENT.askWhatIs,
  INTENT.askWhich,
  INTENT.askWhere,
  INTENT.askWhen,
  INTENT.askCan,
  INTENT.askMust,
  INTENT.askIsThere,
] as const;

/** "askHowLong" for AskHowLongIntent: where its sample is in `voice:model`. */
function carrierKey(name: (typeof ASK_CARRIERS)[number]): string {
  const bare = name.replace(/Intent$/, '');
  return `${bare.charAt(0).toLowerCase()}${bare.slice(1)}`;
}

const ASKING = new Set<string>([INTENT.ask, ...ASK_CARRIERS]);

/** The intent is a team's own question for the assistant (AskIntent or one that begins with a question word). */
export function isAskIntent(name: string): boolean {
  return ASKING.has(name);
}

const QUERY_SLOT = { [SLOT.query]: 'AMAZON.SearchQuery' };

const CHOICE_SLOTS = Object.fromEntries(SLOT.choices.map((name) => [name, CHOICE_SLOT_TYPE]));

/**
 * In priority order: when two intents would share a sample (Alexa refuses that), the earlier keeps it.
 * Built-in intents get German samples too, so that they resolve offline (virtual-alexa knows English ones only).
 */
export const INTENT_SPECS: readonly IntentSpec[] = [
  { name: INTENT.stop, voice: 'model.stop', shared: ['commands.quit'] },
  { name: INTENT.cancel, voice: 'model.cancel' },
  { name: INTENT.help, voice: 'model.help', shared: ['commands.help'] },
  { name: INTENT.repeat, voice: 'model.repeat' },
  { name: INTENT.yes, voice: 'model.yes', shared: ['words.yes'] },
  { name: INTENT.no, voice: 'model.no', shared: ['words.no'] },
  { name: INTENT.restart, voice: 'model.restart', shared: ['commands.restart'] },
  { name: INTENT.start, voice: 'model.start', shared: ['commands.start'] },
  { name: INTENT.status, voice: 'model.status', shared: ['commands.status'] },
  { name: INTENT.back, voice: 'model.back', shared: ['commands.back'] },
  { name: INTENT.next, voice: 'model.next', shared: ['commands.next'] },
  {
    name: INTENT.skip,
    voice: 'model.skip',
    shared: ['commands.skip'],
    sharedTail: SLOT.reason,
    slots: { [SLOT.reason]: 'AMAZON.SearchQuery' },
  },
  { name: INTENT.link, voice: 'model.link', slots: { [SLOT.code]: 'AMAZON.NUMBER' } },
  { name: INTENT.answers, voice: 'model.answers', shared: ['commands.answers'] },
  { name: INTENT.change, voice: 'model.change', slots: { [SLOT.number]: 'AMAZON.NUMBER' } },
  { name: INTENT.stopReminders, voice: 'model.stopReminders' },
  { name: INTENT.resumeReminders, voice: 'model.resumeReminders' },
  {
    name: INTENT.remind,
    voice: 'model.remind',
    slots: { [SLOT.when]: REMIND_SLOT_TYPE, [SLOT.days]: 'AMAZON.NUMBER', [SLOT.weeks]: 'AMAZON.NUMBER' },
  },
  { name: INTENT.passed, voice: 'model.passed', shared: ['words.passed'] },
  {
    name: INTENT.failed,
    voice: 'model.failed',
    shared: ['words.failed'],
    sharedTail: SLOT.note,
    slots: { [SLOT.note]: 'AMAZON.SearchQuery' },
  },
  { name: INTENT.checkAll, voice: 'model.checkAll' },
  {
    name: INTENT.checkItem,
    voice: 'model.checkItem',
    slots: Object.fromEntries(SLOT.items.map((name) => [name, 'AMAZON.NUMBER'])),
  },
  { name: INTENT.text, voice: 'model.text', slots: { [SLOT.text]: 'AMAZON.SearchQuery' } },
  // A team's own questions. A choice said like one ("kann ich nicht sagen", "ask the developers") still answers the
  // question that offers it (interpret.ts).
  {
    name: INTENT.ask,
    voice: 'model.ask',
    shared: ['commands.ask'],
    sharedTail: SLOT.query,
    slots: QUERY_SLOT,
  },
  ...ASK_CARRIERS.map(
    (name): IntentSpec => ({ name, voice: `model.${carrierKey(name)}`, slots: QUERY_SLOT, carrier: true }),
  ),
  { name: INTENT.answer, voice: 'model.answer', slots: CHOICE_SLOTS },
  { name: INTENT.home },
  { name: INTENT.fallback },
];
