import { createHash } from 'node:crypto';
import { transition } from 'xstate';
import { amazonPayFlow } from '../../flows/amazon-pay';
import type { Flow, StepId } from '../../flows/types';
import type { KeyValueStore, ListOptions } from '../store/port';
import { cutAt, withoutControls } from './clean-text';
import {
  type Actor,
  type DialogContext,
  type DialogState,
  emptyContext,
  type Locale,
  type Stamp,
} from './context';
import { DialogError } from './errors';
import { type DialogEvent, type DialogInput, READ_ONLY_INPUTS } from './events';
import { DEFAULT_LOCALE } from './i18n';
import { createDialogMachine, type DialogMachine } from './machine';
import { type OpenItem, openItems } from './open-items';
import { isRecording, type Outcome } from './outcome';
import {
  findQuestion,
  firstOpen,
  isComplete,
  isStepComplete,
  normalizeAnswer,
  questionsOf,
} from './progress';
import { parseRecord, RECORD_SCHEMA_VERSION, type TeamRecord, TeamRecordSchema } from './record';
import {
  calendarDaysBetween,
  calendarOf,
  DEFAULT_POLICY,
  dueAtOf,
  type NoNudge,
  type NudgePolicy,
  planNudge,
} from './reminders/policy';
import { isValidTimeZone, localDate } from './reminders/working-time';
import { buildReply, progressOf, type Reply, type StoredReply } from './reply';

/** Who is acting, through which channel, and the delivery's id when the channel retries deliveries. */
export interface TurnMeta {
  actor: Actor;
  channel: string;
  /** Same key, same delivery: applied once, answered the same every time. */
  idempotencyKey?: string;
  /** The language for a team seen for the first time (the adapter's best guess). */
  locale?: Locale;
  /** The time zone for a team seen for the first time (Slack: the profile of the person who starts). */
  timeZone?: string;
}

export interface EngineOptions {
  store: KeyValueStore;
  /** @default the Amazon Pay five-step flow */
  flow?: Flow;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default 'de' */
  defaultLocale?: Locale;
  /**
   * How often a save that lost a race is reloaded and applied again, each time after a short random pause that grows
   * (so that many writers of one team spread out instead of colliding again in step). @default 10
   */
  maxAttempts?: number;
  /** How many recent delivery ids a team's record keeps (the crash window; see `handle`). @default 20 */
  idempotencyWindow?: number;
  /**
   * How long a delivery's mark (its id and the reply it got) is kept, so that a retry is answered the same and
   * applied once: Slack retries for about 5 minutes, so hours are ample. @default 6 hours
   */
  deliveryTtlMs?: number;
  /** When stalled teams are nudged: every save writes the team's next due time with it. @default DEFAULT_POLICY */
  reminders?: NudgePolicy;
}

/** The due times engine saves write are rounded down to this (see `handle`). */
const DUE_GRAIN_MS = 3600_000;

/** The longest name of a person kept with an answer; longer ones are cut (the rest says nothing a teammate needs). */
export const MAX_NAME = 80;
/** The longest note of a failed test or reason of a skip kept; longer ones are cut and the team is told. */
export const MAX_NOTE = 500;
/** The longest team key accepted (Alexa's user ids are the longest, about 250 characters). */
export const MAX_TEAM_KEY = 512;
/** A delivery id longer than this is stored by its hash (it is in the record and in a key of its own). */
const MAX_DELIVERY_ID = 200;

/** Full jitter: a random pause of up to 5 ms × 2^attempt, at most 250 ms, before trying a lost save again. */
function backOff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(250, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A delivery id as stored: itself when short, else its SHA-256 (a made-up 100 KB request id cannot bloat a record). */
function boundedKey(key: string): string {
  return key.length <= MAX_DELIVERY_ID ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
/** How many replaced answers a record keeps: the latest ones, so that a record stays small however often it changes. */
export const MAX_REVISIONS = 40;

/** Where one team stands: what `paysetup status` and the operator view show. */
export interface TeamStatus {
  team: string;
  state: DialogState;
  /** 1–5, or "done"; null before the start. */
  step: number | 'done' | null;
  stepId: StepId | null;
  completedSteps: number;
  totalSteps: number;
  done: boolean;
  /** Questions of the current step that are still open. */
  openQuestions: number;
  /** How many open items stand before launch: skipped questions, failed or skipped tests, unticked items, gaps. */
  openItems: number;
  /** Those open items, in flow order (open-items.ts). */
  items: OpenItem[];
  /** The stored record could not be read; it will be kept aside at the team's next turn. */
  unreadable?: boolean;
  locale: Locale;
  startedAt: string | null;
  lastActivityAt: string | null;
  doneAt: string | null;
  snoozedUntil: string | null;
  reminders: ReminderStatus;
}

/** What the reminders will do for a team, and what it chose. */
export interface ReminderStatus {
  /** When the next nudge is due (ISO), null when none is planned. */
  nextNudgeAt: string | null;
  /** Why none is planned; `exhausted`: every nudge went out and nothing moved (stalled, for the experts). */
  none: NoNudge | null;
  sent: number;
  /** Who carries the step the team stands at. */
  owner: { step: number; name: string; id: string } | null;
  /** Every step's owner, by step number. */
  owners: { step: number; name: string; id: string }[];
  target: string | null;
  /** Calendar days to the target date in the team's time zone (negative once it passed). */
  daysToTarget: number | null;
  off: 'asked' | 'channelGone' | null;
  timeZone: string;
  holidays: string;
}

/** A team's progress as read back from the store. */
export interface LoadedTeam {
  record: TeamRecord;
  version: number | null;
  /** Set when the stored record had to be migrated or re-entered: why. */
  recovered?: 'migrated' | 'unknown-state';
  /** The stored value, when it could not be read: `handle` keeps it aside before it writes a fresh record. */
  unreadable?: string;
}

const TEAM_PREFIX = 'team:';
const ASIDE_PREFIX = 'aside:';
const DELIVERY_PREFIX = 'applied:';

export const teamRecordKey = (team: string): string => `${TEAM_PREFIX}${team}`;
/** The team a record key belongs to; null for keys that are no team record (the due index holds only those). */
export const teamOfRecordKey = (key: string): string | null =>
  key.startsWith(TEAM_PREFIX) ? key.slice(TEAM_PREFIX.length) : null;
/** Where one delivery's mark lives: the reply it got, until it expires. */
export const deliveryKey = (team: string, key: string): string => `${DELIVERY_PREFIX}${team}:${key}`;

/**
 * The one entry every channel calls: load a team's record, restore the machine, apply the event, save with a version
 * check, answer with a channel-neutral reply. Stateless between calls, so any number of processes can share a store.
 */
export class DialogEngine {
  readonly flow: Flow;
  private readonly machine: DialogMachine;
  private readonly store: KeyValueStore;
  private readonly now: () => Date;
  private readonly defaultLocale: Locale;
  private readonly maxAttempts: number;
  private readonly idempotencyWindow: number;
  private readonly deliveryTtlMs: number;
  readonly reminders: NudgePolicy;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.flow = options.flow ?? amazonPayFlow;
    this.reminders = options.reminders ?? DEFAULT_POLICY;
    this.machine = createDialogMachine(this.flow, this.reminders);
    this.now = options.now ?? (() => new Date());
    this.defaultLocale = options.defaultLocale ?? DEFAULT_LOCALE;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.idempotencyWindow = options.idempotencyWindow ?? 20;
    this.deliveryTtlMs = options.deliveryTtlMs ?? 6 * 3600_000;
  }

  /**
   * Applies one event for a team, or the events of one utterance ("1, 2 und 4" ticks three items) with one load and
   * one save, and returns what to tell the team. The events are applied in order until one is refused; what was
   * recorded before it stays recorded, and consecutive ticks are reported as one.
   */
  async handle(team: string, input: DialogInput | readonly DialogInput[], meta: TurnMeta): Promise<Reply> {
    const { inputs, cut } = this.admit(Array.isArray(input) ? input : [input as DialogInput]);
    const first = inputs[0];
    if (!first)
      throw new DialogError('MACHINE_ERROR', `No event to apply for ${team}.`, 'Send at least one event.');
    const actor = this.person(meta.actor);
    this.checkTeam(team);
    const key = meta.idempotencyKey ? boundedKey(meta.idempotencyKey) : undefined;
    const mark = key ? await this.store.get(deliveryKey(team, key)) : null;
    let keptRaw: string | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const loaded = await this.load(team, meta.locale);
      if (loaded.version === null && meta.timeZone && isValidTimeZone(meta.timeZone))
        loaded.record.context = { ...loaded.record.context, reminders: { timeZone: meta.timeZone } };
      const { record } = loaded;
      if (key && (mark || record.deliveries.includes(key))) {
        // A delivery seen before: the same answer, nothing applied again. The mark keeps the reply it got (without
        // what the record yields again); right after a crash between the two writes only the record knows the id.
        // A mark written since this call began (by the delivery that won the race) is read now.
        const found = mark ?? (await this.store.get(deliveryKey(team, key)));
        const earlier = found ? (JSON.parse(found.value) as StoredReply) : null;
        const current = this.replyOf(record, earlier?.outcome ?? { kind: 'status' });
        return { ...current, ...(earlier ?? {}), replayed: true };
      }
      const at = this.now().toISOString();
      const before = this.restore(record);
      let after = before;
      let outcome: Outcome | null = null;
      for (const each of inputs) {
        const event = { ...each, by: actor, at, channel: meta.channel } as DialogEvent;
        const [next, actions] = transition(this.machine, after, event);
        if (next.status === 'error') {
          throw new DialogError(
            'MACHINE_ERROR',
            `The dialog failed on ${each.type} for ${team}.`,
            'See the cause.',
            {
              cause: next.error,
            },
          );
        }
        const reported = actions.find((action) => action.type === 'report')?.params as Outcome | undefined;
        if (!reported) {
          throw new DialogError(
            'MACHINE_ERROR',
            `The dialog reported nothing for ${each.type}.`,
            'Every transition reports.',
          );
        }
        if (outcome && isRecording(outcome) && !isRecording(reported)) break; // keep what was recorded; stop here
        after = next;
        const previous = outcome as Outcome | null;
        outcome =
          previous?.kind === 'checked' &&
          reported.kind === 'checked' &&
          previous.questionId === reported.questionId
            ? { ...reported, items: [...previous.items, ...reported.items] }
            : reported;
        if (!isRecording(reported)) break;
      }
      const state = stateName(after.value);
      // The question the event was about: named by it, or (a skip) the one being asked.
      const subjectId =
        'questionId' in first && first.questionId
          ? first.questionId
          : first.type === 'SKIP'
            ? record.context.cursor
            : null;
      const reply = buildReply(
        this.flow,
        team,
        { state: record.state as DialogState, context: record.context },
        { state, context: after.context },
        outcome as Outcome,
        subjectId,
        new Date(at),
        this.reminders,
      );
      if (loaded.unreadable !== undefined) reply.messages.unshift({ key: 'record.keptAside' });
      else if (loaded.recovered) reply.messages.unshift({ key: 'record.recovered' });
      // Looking changes nothing worth a write (a team seen for the first time is not created by a look either), and
      // neither does a refused answer or a stale button: what the team recorded is exactly as it was.
      const readOnly = inputs.every((each) => READ_ONLY_INPUTS.has(each.type));
      // XState hands back the very context object when no action assigned to it: nothing was recorded.
      const unchanged = state === record.state && after.context === before.context;
      if (
        (readOnly || (unchanged && loaded.version !== null)) &&
        !loaded.recovered &&
        loaded.unreadable === undefined
      )
        return cut ? withCut(reply, cut) : reply;
      // Never overwrite what could not be read: copy it aside first, unchanged (once per call, however often it retries).
      if (loaded.unreadable !== undefined && loaded.unreadable !== keptRaw) {
        await this.keepAside(team, loaded.unreadable, at);
        keptRaw = loaded.unreadable;
      }

      const revisions = after.context.revisions;
      const next: TeamRecord = {
        ...record,
        schema: Math.max(record.schema, RECORD_SCHEMA_VERSION),
        flow: { id: this.flow.id, version: this.flow.version },
        state,
        context:
          revisions.length > MAX_REVISIONS
            ? { ...after.context, revisions: revisions.slice(-MAX_REVISIONS) }
            : after.context,
        updatedAt: at,
        deliveries: key ? [...record.deliveries, key].slice(-this.idempotencyWindow) : record.deliveries,
      };
      // Never write what could not be read back: a record that fails its own schema would be set aside next time.
      const checked = TeamRecordSchema.safeParse(next);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new DialogError(
          'INVALID_RECORD',
          `Refused to save ${team}: the record would not read back (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}).`,
          'An adapter passed a malformed event or actor; validate requests at the edge. Nothing was written.',
        );
      }
      // The next nudge's time is written with the record, so the sweep finds the teams due without reading the rest.
      // Rounded down to the hour: a team at work saves many times an hour, and an unchanged due time costs the
      // index nothing (DynamoDB writes the index again only when it changes). The sweep checks the exact time when
      // the team comes up, and writes that back if it is later.
      const exactDue = dueAtOf(
        { team, state, context: next.context },
        new Date(at),
        this.reminders,
        this.flow.steps,
      );
      const dueAt = exactDue === undefined ? undefined : Math.floor(exactDue / DUE_GRAIN_MS) * DUE_GRAIN_MS;
      const saved = await this.store.put(
        teamRecordKey(team),
        JSON.stringify(next),
        loaded.version,
        dueAt === undefined ? {} : { dueAt },
      );
      if (!saved.ok) {
        // Someone else saved first: load their version and apply the events on top of it, after a random pause.
        await backOff(attempt);
        continue;
      }
      // The record (holding the delivery id) is saved before the mark, so a crash in between neither applies the
      // event twice (a retry finds the id in the record) nor loses it (it was saved before anything said so). The
      // other order would, after such a crash, mark as done an event that was never saved.
      if (key) {
        await this.store
          .put(deliveryKey(team, key), JSON.stringify(storedReply(reply)), null, {
            ttlMs: this.deliveryTtlMs,
          })
          .catch(() => undefined); // the record already knows the id; a lost mark only shortens the replay window
      }
      return cut ? withCut(reply, cut) : reply;
    }
    throw new DialogError(
      'CONFLICT',
      `Could not save ${team} after ${this.maxAttempts} attempts: other writes kept winning.`,
      'Retry the request; if it persists, look for a process writing the same team in a loop.',
    );
  }

  /**
   * The events as they may be recorded: a note or reason longer than MAX_NOTE is cut (and the reply says so); an event
   * that is no event the dialog knows is refused before anything is loaded.
   */
  private admit(inputs: readonly DialogInput[]): { inputs: DialogInput[]; cut: number | null } {
    let cut: number | null = null;
    const limit = (text: string): string => {
      const clean = withoutControls(text);
      if (clean.length <= MAX_NOTE) return clean;
      cut = MAX_NOTE;
      return cutAt(clean, MAX_NOTE);
    };
    const admitted = inputs.map((each): DialogInput => {
      if (each.type === 'RECORD_TEST' && typeof each.note === 'string')
        return { ...each, note: limit(each.note) };
      if (each.type === 'SKIP' && typeof each.reason === 'string')
        return { ...each, reason: limit(each.reason) };
      // A free-text answer keeps its length (the flow refuses one that is too long, and says so), not its controls.
      if (each.type === 'ANSWER' && typeof each.value === 'string')
        return { ...each, value: withoutControls(each.value) };
      return each;
    });
    return { inputs: admitted, cut };
  }

  /** A team key is the adapters' (`slack:T…:C…`, `alexa:<user id>`): a short string, or the event is refused. */
  private checkTeam(team: string): void {
    if (typeof team !== 'string' || team === '' || team.length > MAX_TEAM_KEY)
      throw new DialogError(
        'INVALID_INPUT',
        'Refused an event for a team key that is empty or too long.',
        `The adapter must pass a team key of 1 to ${MAX_TEAM_KEY} characters.`,
      );
  }

  /** The actor as recorded: an id that is a short string, and a name of at most MAX_NAME characters. */
  private person(actor: Actor): Actor {
    if (typeof actor?.id !== 'string' || actor.id.trim() === '' || actor.id.length > 200) {
      throw new DialogError(
        'INVALID_INPUT',
        'Refused an event without a usable actor id.',
        'The adapter must pass the acting user as a non-empty string id of at most 200 characters.',
      );
    }
    const name =
      typeof actor.name === 'string' ? cutAt(withoutControls(actor.name).trim(), MAX_NAME) : undefined;
    return { id: actor.id, ...(name ? { name } : {}) };
  }

  /** Where a team stands as a reply, without an event (a replayed delivery whose first reply is not kept). */
  private replyOf(record: TeamRecord, outcome: Outcome): Reply {
    const state = record.state as DialogState;
    return buildReply(
      this.flow,
      record.team,
      { state, context: record.context },
      { state, context: record.context },
      outcome,
      null,
      this.now(),
      this.reminders,
    );
  }

  /**
   * Reads a team's record, writing nothing. A missing team gets a fresh record, and so does an unreadable one (its
   * stored value is handed back so that `handle` can keep it aside before writing); one from an older flow or with an
   * unknown state is re-entered at its first open question with every answer kept.
   */
  async load(team: string, locale?: Locale): Promise<LoadedTeam> {
    const stored = await this.store.get(teamRecordKey(team));
    const at = this.now().toISOString();
    if (!stored) return { record: this.freshRecord(team, locale ?? this.defaultLocale, at), version: null };
    const parsed = parseRecord(stored.value);
    if (parsed.kind === 'corrupt') {
      return {
        record: this.freshRecord(team, locale ?? this.defaultLocale, at),
        version: stored.version,
        unreadable: stored.value,
      };
    }
    const { record } = parsed;
    if (record.flow.id !== this.flow.id || record.flow.version !== this.flow.version) {
      return {
        record: this.reenter(this.migrate(record, at)),
        version: stored.version,
        recovered: 'migrated',
      };
    }
    try {
      const snapshot = this.machine.resolveState({ value: record.state, context: record.context });
      if (snapshot.status === 'error') throw snapshot.error;
      return { record, version: stored.version };
    } catch {
      // XState cannot restore a state this machine does not have; re-enter at the first open question instead.
      return { record: this.reenter(record), version: stored.version, recovered: 'unknown-state' };
    }
  }

  /** Where a team stands, without changing anything; null for a team never seen. */
  async status(team: string): Promise<TeamStatus | null> {
    const loaded = await this.load(team);
    if (loaded.version === null) return null;
    const status = this.statusOf(loaded.record);
    return loaded.unreadable === undefined ? status : { ...status, unreadable: true };
  }

  /**
   * The teams whose key starts with `teamPrefix` (all when empty), one page at a time, for the operator view and
   * Slack's App Home; `next` continues where the page ended. Unreadable records are listed by their `aside` keys.
   */
  async teams(
    teamPrefix = '',
    page: ListOptions = {},
  ): Promise<{ teams: TeamStatus[]; unreadable: string[]; keptAside: string[]; next?: string }> {
    const listed = await this.store.list(`${TEAM_PREFIX}${teamPrefix}`, page);
    const teams: TeamStatus[] = [];
    const unreadable: string[] = [];
    for (const row of listed.items) {
      const parsed = parseRecord(row.value);
      if (parsed.kind === 'ok') {
        const record =
          parsed.record.flow.version === this.flow.version ? parsed.record : this.reenter(parsed.record);
        teams.push(this.statusOf(record));
      } else unreadable.push(row.key.slice(TEAM_PREFIX.length));
    }
    // The records kept aside are few (one per recovery); the first page of them is what an operator needs to see.
    const aside = page.after ? { items: [] } : await this.store.list(`${ASIDE_PREFIX}${teamPrefix}`);
    return {
      teams,
      unreadable,
      keptAside: aside.items.map((row) => row.key),
      ...(listed.next ? { next: listed.next } : {}),
    };
  }

  statusOf(record: TeamRecord): TeamStatus {
    const items = openItems(this.flow, record.context);
    const state = record.state as DialogState;
    const progress = progressOf(this.flow, state, record.context);
    const open = progress.stepId
      ? questionsOf(this.flow, progress.stepId, record.context).filter((q) => !isComplete(q, record.context))
          .length
      : 0;
    return {
      team: record.team,
      state,
      step: progress.done ? 'done' : progress.step,
      stepId: progress.stepId,
      completedSteps: progress.completedSteps,
      totalSteps: progress.totalSteps,
      done: progress.done,
      openQuestions: open,
      openItems: items.length,
      items,
      locale: record.context.locale,
      startedAt: record.context.startedAt,
      lastActivityAt: record.context.lastActivityAt,
      doneAt: record.context.doneAt,
      snoozedUntil: record.context.snoozedUntil,
      reminders: this.reminderStatus(record),
    };
  }

  /** What the reminders plan for a team, as of now. */
  reminderStatus(record: TeamRecord, now: Date = this.now()): ReminderStatus {
    const { context } = record;
    const reminders = context.reminders ?? {};
    const plan = planNudge(
      { team: record.team, state: record.state as DialogState, context },
      now,
      this.reminders,
      this.flow.steps,
    );
    const calendar = calendarOf(context, this.reminders);
    const owners = this.flow.steps.flatMap((step, index) => {
      const owner = reminders.owners?.[step]?.owner;
      return owner ? [{ step: index + 1, name: owner.name ?? owner.id, id: owner.id }] : [];
    });
    const stepNumber = this.flow.steps.indexOf(record.state as StepId) + 1;
    const target = reminders.target?.date ?? null;
    return {
      nextNudgeAt: plan.kind === 'none' ? null : plan.at.toISOString(),
      none: plan.kind === 'none' ? plan.why : null,
      sent: reminders.sent ?? 0,
      owner: owners.find((entry) => entry.step === stepNumber) ?? null,
      owners,
      target,
      daysToTarget: target ? calendarDaysBetween(localDate(now, calendar.timeZone), target) : null,
      off: reminders.off?.reason ?? null,
      timeZone: calendar.timeZone,
      holidays: calendar.region ? `${calendar.country}-${calendar.region}` : calendar.country,
    };
  }

  /**
   * For the sweep: writes a team's record back unchanged with the due time planned at `now`, when the due index is
   * behind (the plan moved on, e.g. past working hours). `clear`: with no due time at all (a team no sender reaches);
   * a record that cannot be read loses its due time too (its team's next turn keeps it aside). False when someone
   * wrote the team meanwhile (that write carried its own due time) or it is gone.
   */
  async refreshDue(
    team: string,
    now: Date = this.now(),
    options: { clear?: boolean } = {},
  ): Promise<boolean> {
    const stored = await this.store.get(teamRecordKey(team));
    if (!stored) return false;
    const parsed = parseRecord(stored.value);
    const dueAt =
      options.clear || parsed.kind !== 'ok'
        ? undefined
        : dueAtOf(
            {
              team: parsed.record.team,
              state: parsed.record.state as DialogState,
              context: parsed.record.context,
            },
            now,
            this.reminders,
            this.flow.steps,
          );
    const saved = await this.store.put(
      teamRecordKey(team),
      stored.value,
      stored.version,
      dueAt === undefined ? {} : { dueAt },
    );
    return saved.ok;
  }

  private restore(record: TeamRecord) {
    return this.machine.resolveState({ value: record.state, context: record.context });
  }

  private freshRecord(team: string, locale: Locale, at: string): TeamRecord {
    return {
      schema: RECORD_SCHEMA_VERSION,
      flow: { id: this.flow.id, version: this.flow.version },
      team,
      state: 'welcome',
      context: emptyContext(locale),
      createdAt: at,
      updatedAt: at,
      deliveries: [],
    };
  }

  private async keepAside(team: string, raw: string, at: string): Promise<string> {
    for (let n = 0; ; n += 1) {
      const key = `${ASIDE_PREFIX}${team}:${at}${n ? `:${n}` : ''}`;
      const put = await this.store.put(key, raw, null);
      if (put.ok) return key;
    }
  }

  /**
   * Brings a record from another flow version onto this flow: answers that still fit a question are kept, the rest
   * move to the revisions (kept, not dropped), stamped as replaced by the migration.
   */
  private migrate(record: TeamRecord, at: string): TeamRecord {
    const by: Stamp = { by: { id: 'paysetup', name: 'migration' }, at, channel: 'migration' };
    const context: DialogContext = { ...record.context, revisions: [...record.context.revisions] };
    const answers: DialogContext['answers'] = {};
    for (const [questionId, answer] of Object.entries(record.context.answers)) {
      const question = findQuestion(this.flow, questionId);
      if (question && normalizeAnswer(question, answer.value) !== null) answers[questionId] = answer;
      else context.revisions.push({ questionId, previous: { answer }, replacedBy: by });
    }
    const skips: DialogContext['skips'] = {};
    for (const [questionId, skip] of Object.entries(record.context.skips)) {
      if (findQuestion(this.flow, questionId)) skips[questionId] = skip;
      else context.revisions.push({ questionId, previous: { skip }, replacedBy: by });
    }
    const checks: DialogContext['checks'] = {};
    for (const [questionId, ticks] of Object.entries(record.context.checks)) {
      const question = findQuestion(this.flow, questionId);
      for (const [itemId, tick] of Object.entries(ticks)) {
        if (question?.kind === 'checklist' && question.items.includes(itemId)) {
          checks[questionId] = { ...(checks[questionId] ?? {}), [itemId]: tick };
        } else context.revisions.push({ questionId, itemId, previous: { check: tick }, replacedBy: by });
      }
    }
    return {
      ...record,
      flow: { id: this.flow.id, version: this.flow.version },
      context: { ...context, answers, skips, checks },
    };
  }

  /** Puts a team at the first open question of the first unfinished step (or welcome / done). */
  private reenter(record: TeamRecord): TeamRecord {
    const { context } = record;
    const started = context.startedAt !== null || Object.keys(context.answers).length > 0;
    const step = this.flow.steps.find((s) => !isStepComplete(this.flow, s, context));
    const state: DialogState = !started ? 'welcome' : (step ?? 'done');
    const cursor = step && started ? firstOpen(this.flow, step, context) : null;
    return { ...record, state, context: { ...context, cursor } };
  }
}

/** A reply as kept for replay: without the parts the record yields again (open items, overview, answer list). */
function storedReply(reply: Reply): StoredReply {
  const { openItems: _items, overview: _overview, answers: _answers, ...kept } = reply;
  return kept;
}

/** The reply to a turn whose note or reason was cut to `max` characters: the outcome says so. */
function withCut(reply: Reply, max: number): Reply {
  const { outcome } = reply;
  return outcome.kind === 'recorded' || outcome.kind === 'skipped'
    ? { ...reply, outcome: { ...outcome, cut: max } }
    : reply;
}

function stateName(value: unknown): DialogState {
  return (typeof value === 'string' ? value : Object.keys(value as object)[0]) as DialogState;
}
