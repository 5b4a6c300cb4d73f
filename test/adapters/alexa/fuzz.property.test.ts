import fc from 'fast-check';
import { amazonPayFlow } from '../../../flows/amazon-pay';
import { CHOICE_SLOT_TYPE, INTENT_SPECS } from '../../../src/adapters/alexa/intents';
import { buildInteractionModel } from '../../../src/adapters/alexa/interaction-model';
import { MAX_RESPONSE_BYTES, MAX_SPEECH_CHARS } from '../../../src/adapters/alexa/speech';
import type { Locale } from '../../../src/core/context';
import { DialogEngine, teamRecordKey } from '../../../src/core/engine';
import { parseRecord } from '../../../src/core/record';
import { listAll } from '../../../src/store/list-all';
import { MemoryStore } from '../../../src/store/MemoryStore';
import type {
  DueKey,
  KeyValueStore,
  ListedValue,
  ListOptions,
  ListPage,
  PutOptions,
  PutResult,
  StoredValue,
  StoreHealth,
} from '../../../src/store/port';
import { advanceTo, type CapturedLog, SKILL_ID, serveSkillOverHttp } from './harness';
import { ssmlProblems } from './ssml';

/**
 * Property-based fuzzing of POST /alexa through the real HTTP handler (signature check off, timestamps fresh unless
 * a mutation targets them). Real envelopes (launch, every intent of the skill with its slots, session end) in de-DE
 * and en-US, for teams standing at different questions, are mutated: hostile and huge strings, random locales, user
 * ids, request types and session attributes (well-typed envelopes, which must be answered), and deleted fields,
 * nulls, numbers, arrays and wrong slot types (ill-typed ones, which may be refused but never fail the server).
 *
 * For every request: never a 5xx; a 4xx or a 200 with a valid response envelope whose SSML is well-formed; answered
 * in under 3 s; no "unexpected" error logged. After every run: each team record reads back and stays small.
 *
 * Seeded and bounded: each run sends a batch of envelopes against a fresh copy of the same store, so that a failing
 * run replays alike (fast-check prints seed and path) and shrinks to a minimal envelope.
 */

const SEED = 20_260_611;
const BODY_LIMIT_BYTES = 256 * 1024;
/** The ceiling for one request's round trip (Alexa waits 8 s; this leaves room). */
const ACK_CEILING_MS = 3000;
/** Records made here: notes are cut at 500 characters and names at 80, so even a full record stays far below. */
const MAX_RECORD_BYTES = 64 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// The store: every run starts from the same teams (a fresh copy), so runs are independent and replay exactly.

/** Delegates to `current`, which each run replaces with a fresh copy of the seeded teams. */
class SwappableStore implements KeyValueStore {
  readonly description = 'fuzz: a fresh memory store per run';
  current = new MemoryStore();
  get(key: string): Promise<StoredValue | null> {
    return this.current.get(key);
  }
  put(key: string, value: string, expected: number | null, options?: PutOptions): Promise<PutResult> {
    return this.current.put(key, value, expected, options);
  }
  delete(key: string): Promise<void> {
    return this.current.delete(key);
  }
  list(prefix: string, options?: ListOptions): Promise<ListPage> {
    return this.current.list(prefix, options);
  }
  due(before: number, limit: number): Promise<DueKey[]> {
    return this.current.due(before, limit);
  }
  health(): Promise<StoreHealth> {
    return this.current.health();
  }
  close(): Promise<void> {
    return this.current.close();
  }
}

/** Teams by where they stand, so that answers meet every kind of question (free text, ids, tests, checklists). */
const STANDING = [
  null, // never started
  'placement',
  'oms',
  'payments',
  'sandbox_key',
  'merchant_id',
  'welcome_kit',
  'decline_experience',
  'test_component',
  'seller_central',
  'production_endpoints',
  'production_ipn',
] as const;
const POOL = STANDING.flatMap((at, i) =>
  (['de', 'en'] as const).map((locale) => ({
    userId: `amzn1.ask.account.FUZZ${locale.toUpperCase()}${i}`,
    at,
    locale,
  })),
);
const QUESTION_IDS = amazonPayFlow.questions.map((q) => q.id);

// ---------------------------------------------------------------------------------------------------------------
// Values: hostile, huge, realistic.

const HOSTILE_UNITS = [
  '<speak>',
  '</speak>',
  ']]>',
  '<![CDATA[x',
  '&',
  '&amp;',
  '&#38;',
  '&lt;',
  '<',
  '>',
  '"',
  "'",
  '<break time="10s"/>',
  '<audio src="https://evil.example/a.mp3"/>',
  '<!-- x -->',
  '😀',
  '👩‍👩‍👧‍👦',
  '🇩🇪',
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b[31m',
  '\u2028',
  '\u200b',
  '\ufeff',
  '\ud83d',
  'ä',
  'ß',
  'Ü',
  '{{answer}}',
  '$t(voice:goodbye)',
  '%s',
  '\\',
  '\n',
  '\t',
  ' ',
  '. ',
  'Punkt 1',
  'mein Code ist 123456',
  'ja',
  'nein',
  'stopp',
  'überspringen',
  'https://shop.example.com/ipn',
  'SANDBOX-AHEGSJCM3L6KNIPQ',
];

const hostileString = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_UNITS), fc.string({ maxLength: 6, unit: 'binary' })), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

/** 1 KB to 100 KB of a hostile unit, repeated (cut anywhere, so a surrogate pair may be split at the end). */
const hugeString = fc
  .record({ unit: hostileString, length: fc.integer({ min: 1000, max: 100_000 }) })
  .map(({ unit, length }) => {
    const part = unit || '&';
    return part.repeat(Math.ceil(length / part.length)).slice(0, length);
  });

const anyString = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

const randomLocale = fc.oneof(
  fc.constantFrom('de-DE', 'en-US', 'en-GB', 'de-AT', 'de-CH', 'en-IN', 'fr-FR', 'ja-JP', 'DE-de', 'en', ''),
  anyString,
);

const randomUserId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => `amzn1.ask.account.${s}`),
  fc.string({ minLength: 150, maxLength: 400 }).map((s) => `amzn1.ask.account.${s}`),
  anyString,
);

/** Session attributes are a map (Alexa sends back what the skill set); its keys and values may be anything. */
const sessionAttributes = fc.oneof(
  fc.constant({}),
  fc.record(
    {
      question: fc.oneof(fc.constantFrom(...QUESTION_IDS), fc.constant(null), anyString, fc.jsonValue()),
      confirmRestart: fc.oneof(fc.boolean(), fc.jsonValue()),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(
    fc.oneof(fc.constantFrom('question', 'confirmRestart'), fc.string()),
    fc.jsonValue({ maxDepth: 3 }),
  ),
);

const OTHER_REQUEST_TYPES = [
  'LaunchRequest',
  'SessionEndedRequest',
  'System.ExceptionEncountered',
  'CanFulfillIntentRequest',
  'Display.ElementSelected',
  'Alexa.Presentation.APL.UserEvent',
  'Connections.Response',
  'AlexaSkillEvent.SkillEnabled',
  'AudioPlayer.PlaybackStarted',
  'Messaging.MessageReceived',
  'launchrequest',
  '',
];

// ---------------------------------------------------------------------------------------------------------------
// Envelopes as Alexa sends them.

type AlexaLocale = 'de-DE' | 'en-US';
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Slot {
  name: string;
  value?: string;
  resolutionId?: string | null;
}

type RequestSpec =
  | { type: 'LaunchRequest' }
  | { type: 'IntentRequest'; intent: string; slots: Slot[] }
  | { type: 'SessionEndedRequest'; reason: string; error: boolean };

/** One envelope, before mutation: who (an index into POOL), in which language, saying what. */
interface Base {
  user: number;
  locale: AlexaLocale;
  request: RequestSpec;
  sessionNew: boolean;
  attributes: Json;
  person: string | null;
}

const CHOICES = {
  'de-DE': buildInteractionModel('de-DE').interactionModel.languageModel.types.find(
    (t) => t.name === CHOICE_SLOT_TYPE,
  )?.values,
  'en-US': buildInteractionModel('en-US').interactionModel.languageModel.types.find(
    (t) => t.name === CHOICE_SLOT_TYPE,
  )?.values,
};

const TEXT_SAID = [
  'Warenwirtschaft für Möbel',
  'JTL Wawi',
  'our own system',
  'weil wir kein Abo anbieten',
  'because we sell no subscriptions',
  'sandbox minus a h e g s j c m 3 l 6 k n i p q',
  'live minus a h e g s j c m 3 l 6 k n i p q',
  'a 2 e x a m p l e 1 2 3 4',
  'h t t p s doppelpunkt slash slash shop punkt example punkt com',
  'die Kunden sehen eine Fehlermeldung und wählen eine andere Zahlungsart',
  'the buyer sees a message and picks another payment method',
  'Warenkorb',
  'cart and checkout',
  'ja',
  'no',
];
const NUMBERS_SAID = ['1', '2', '3', '4', '5', '0', '-1', '99', '?', '123456', '999999', '1e9', 'NaN'];

function slotArb(locale: AlexaLocale, name: string, type: string): fc.Arbitrary<Slot> {
  const absent = fc.constant<Slot>({ name });
  if (type === CHOICE_SLOT_TYPE) {
    const values = CHOICES[locale] ?? [];
    return fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(...values).map((v) => ({ name, value: v.name.value, resolutionId: v.id })),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...TEXT_SAID).map((value) => ({ name, value, resolutionId: null })),
      },
      { weight: 1, arbitrary: anyString.map((value) => ({ name, value, resolutionId: null })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(anyString, fc.oneof(fc.constantFrom(...values.map((v) => v.id)), anyString))
          .map(([value, resolutionId]) => ({ name, value, resolutionId })),
      },
      { weight: 1, arbitrary: absent },
    );
  }
  if (type === 'AMAZON.NUMBER') {
    return fc.oneof(
      fc.constantFrom(...NUMBERS_SAID).map((value) => ({ name, value })),
      fc.integer().map((n) => ({ name, value: String(n) })),
      anyString.map((value) => ({ name, value })),
      absent,
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...TEXT_SAID).map((value) => ({ name, value })) },
    { weight: 3, arbitrary: anyString.map((value) => ({ name, value })) },
    { weight: 1, arbitrary: absent },
  );
}

function requestArb(locale: AlexaLocale): fc.Arbitrary<RequestSpec> {
  const intents = [
    ...INTENT_SPECS,
    { name: 'AMAZON.PauseIntent' as const },
    { name: 'NoSuchIntent' as const },
  ];
  const intent = fc.constantFrom(...intents).chain((spec) => {
    const slots = Object.entries('slots' in spec && spec.slots ? spec.slots : {});
    return fc
      .tuple(...slots.map(([name, type]) => slotArb(locale, name, type)))
      .map((filled): RequestSpec => ({ type: 'IntentRequest', intent: spec.name, slots: filled }));
  });
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<RequestSpec>({ type: 'LaunchRequest' }) },
    { weight: 7, arbitrary: intent },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant('SessionEndedRequest' as const),
        reason: fc.constantFrom('USER_INITIATED', 'ERROR', 'EXCEEDED_MAX_REPROMPTS'),
        error: fc.boolean(),
      }),
    },
  );
}

const baseArb: fc.Arbitrary<Base> = fc
  .record({ user: fc.nat(POOL.length - 1), locale: fc.constantFrom<AlexaLocale>('de-DE', 'en-US') })
  .chain(({ user, locale }) =>
    fc.record({
      user: fc.constant(user),
      locale: fc.constant(locale),
      request: requestArb(locale),
      sessionNew: fc.boolean(),
      attributes: sessionAttributes as fc.Arbitrary<Json>,
      person: fc.option(
        fc.stringMatching(/^[A-Z0-9]{4,20}$/).map((s) => `amzn1.ask.person.${s}`),
        {
          nil: null,
        },
      ),
    }),
  );

/** Stands for "now" until the envelope is sent, so that a run that replays late still sends fresh timestamps. */
const FRESH = '\u0000fresh-timestamp';
let requestCounter = 0;

function envelopeOf(base: Base): { [key: string]: Json } {
  return structuredClone(buildEnvelope(base));
}

function buildEnvelope(base: Base): { [key: string]: Json } {
  const userId = POOL[base.user]?.userId ?? 'amzn1.ask.account.FUZZ';
  const request = base.request;
  requestCounter += 1;
  const common = {
    requestId: `amzn1.echo-api.request.fuzz-${requestCounter}`,
    timestamp: FRESH,
    locale: base.locale,
  };
  let body: { [key: string]: Json };
  switch (request.type) {
    case 'LaunchRequest':
      body = { type: 'LaunchRequest', ...common, shouldLinkResultBeReturned: false };
      break;
    case 'SessionEndedRequest':
      body = {
        type: 'SessionEndedRequest',
        ...common,
        reason: request.reason,
        ...(request.error ? { error: { type: 'INVALID_RESPONSE', message: 'SSML is invalid' } } : {}),
      };
      break;
    case 'IntentRequest':
      body = {
        type: 'IntentRequest',
        ...common,
        dialogState: 'COMPLETED',
        intent: {
          name: request.intent,
          confirmationStatus: 'NONE',
          slots: Object.fromEntries(
            request.slots.map((slot): [string, Json] => [
              slot.name,
              {
                name: slot.name,
                confirmationStatus: 'NONE',
                ...(slot.value !== undefined ? { value: slot.value, source: 'USER' } : {}),
                ...(slot.resolutionId !== undefined
                  ? {
                      resolutions: {
                        resolutionsPerAuthority: [
                          {
                            authority: `amzn1.er-authority.echo-sdk.${SKILL_ID}.${CHOICE_SLOT_TYPE}`,
                            status: { code: slot.resolutionId ? 'ER_SUCCESS_MATCH' : 'ER_SUCCESS_NO_MATCH' },
                            ...(slot.resolutionId
                              ? { values: [{ value: { name: slot.value ?? '', id: slot.resolutionId } }] }
                              : {}),
                          },
                        ],
                      },
                    }
                  : {}),
              },
            ]),
          ),
        },
      };
      break;
  }
  return {
    version: '1.0',
    session: {
      new: base.sessionNew,
      sessionId: 'amzn1.echo-api.session.fuzz',
      application: { applicationId: SKILL_ID },
      user: { userId },
      attributes: base.attributes,
    },
    context: {
      System: {
        application: { applicationId: SKILL_ID },
        user: { userId },
        device: { deviceId: 'amzn1.ask.device.FUZZ', supportedInterfaces: {} },
        // Where the skill calls the Alexa APIs (the device's time zone, for a reminder): a port on this machine that
        // refuses, so that no run reaches the network.
        apiEndpoint: 'https://127.0.0.1:1',
        apiAccessToken: 'token',
        ...(base.person ? { person: { personId: base.person } } : {}),
      },
      Viewport: { experiences: [{ canRotate: false, canResize: false }], shape: 'RECTANGLE' },
    },
    request: body,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations.

type Path = (string | number)[];

/** Every node below the root, depth first; `leavesOnly` keeps the string leaves. */
function pathsOf(value: Json, leavesOnly: boolean, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') {
    return !leavesOnly || typeof value === 'string' ? [prefix] : [];
  }
  const children = Array.isArray(value)
    ? value.map((child, i) => pathsOf(child, leavesOnly, [...prefix, i]))
    : Object.entries(value).map(([key, child]) => pathsOf(child, leavesOnly, [...prefix, key]));
  return [...(leavesOnly || prefix.length === 0 ? [] : [prefix]), ...children.flat()];
}

/** Sets (or, with `value` undefined, deletes) what `path` names; a path that no longer exists is left alone. */
function setAt(root: Json, path: Path, given: Json | undefined): void {
  // A copy: fast-check hands out the same instance again (fc.constant), and later mutations must not reach into it.
  const value = given === undefined ? undefined : structuredClone(given);
  let parent: Json = root;
  for (const step of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return;
    parent = (parent as Record<string | number, Json>)[step] as Json;
  }
  const last = path[path.length - 1];
  if (parent === null || typeof parent !== 'object' || last === undefined) return;
  if (Array.isArray(parent) && typeof last === 'number') {
    if (value === undefined) parent.splice(last, 1);
    else parent[last] = value;
  } else if (value === undefined) delete (parent as Record<string, Json>)[String(last)];
  else (parent as Record<string, Json>)[String(last)] = value;
}

/** Well-typed: a string leaf (ids of the skill and the timestamp aside) gets another string, and the like. */
type ValueMutation =
  | { kind: 'string'; pick: number; value: string }
  | { kind: 'locale'; value: string }
  | { kind: 'userId'; value: string; where: 'both' | 'context' | 'session' }
  | { kind: 'attributes'; value: Json }
  | { kind: 'requestType'; value: string }
  | { kind: 'requestId'; value: string };

const valueMutation: fc.Arbitrary<ValueMutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('string' as const), pick: fc.nat(), value: anyString }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('locale' as const), value: randomLocale }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('userId' as const),
      value: randomUserId,
      where: fc.constantFrom('both' as const, 'context' as const, 'session' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('attributes' as const),
      value: sessionAttributes as fc.Arbitrary<Json>,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('requestType' as const),
      value: fc.oneof(fc.constantFrom(...OTHER_REQUEST_TYPES), hostileString),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('requestId' as const), value: anyString }) },
);

/** Paths whose strings decide refusal before the skill runs (other skill, stale): not for well-typed mutations. */
const GUARDED =
  /^(?:session\.application\.applicationId|context\.System\.application\.applicationId|request\.timestamp)$/;

function applyValueMutation(envelope: Json, mutation: ValueMutation): void {
  switch (mutation.kind) {
    case 'string': {
      const leaves = pathsOf(envelope, true).filter((p) => !GUARDED.test(p.join('.')));
      const path = leaves[mutation.pick % leaves.length];
      if (path) setAt(envelope, path, mutation.value);
      return;
    }
    case 'locale':
      setAt(envelope, ['request', 'locale'], mutation.value);
      return;
    case 'userId':
      if (mutation.where !== 'session')
        setAt(envelope, ['context', 'System', 'user', 'userId'], mutation.value);
      if (mutation.where !== 'context') setAt(envelope, ['session', 'user', 'userId'], mutation.value);
      return;
    case 'attributes':
      setAt(envelope, ['session', 'attributes'], mutation.value);
      return;
    case 'requestType':
      // OTHER_REQUEST_TYPES has no IntentRequest: one without an intent is ill-typed (the second property's part).
      setAt(envelope, ['request', 'type'], mutation.value);
      return;
    case 'requestId':
      setAt(envelope, ['request', 'requestId'], mutation.value);
      return;
  }
}

/** Ill-typed: any node deleted, or replaced by null, a number, a boolean, an array, an object or a string. */
interface StructuralMutation {
  pick: number;
  value: Json | undefined;
}

const replacement: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -1, 1e308)),
  fc.boolean(),
  fc.array(fc.oneof(fc.integer(), hostileString, fc.constant(null)), { maxLength: 3 }) as fc.Arbitrary<Json>,
  fc.constant({}),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), hostileString)) as fc.Arbitrary<Json>,
  anyString,
);

const structuralMutation: fc.Arbitrary<StructuralMutation> = fc.record({
  pick: fc.nat(),
  value: replacement,
});

function applyStructuralMutation(envelope: Json, mutation: StructuralMutation): void {
  const paths = pathsOf(envelope, false);
  const path = paths[mutation.pick % paths.length];
  if (path) setAt(envelope, path, mutation.value);
}

// ---------------------------------------------------------------------------------------------------------------
// The server, and what every answer must be.

interface Sent {
  status: number;
  ms: number;
  body: string;
  bodyBytes: number;
  errors: string[];
}

interface Running {
  url: string;
  store: SwappableStore;
  seeded: ListedValue[];
  logs: CapturedLog[];
  close(): Promise<void>;
}

let running: Running;
const stats = { envelopes: 0, maxMs: 0 };
const allErrors: string[] = [];

async function freshRun(): Promise<void> {
  const store = new MemoryStore();
  for (const entry of running.seeded) await store.put(entry.key, entry.value, null);
  running.store.current = store;
}

/** Sends one envelope (a fresh timestamp where it asks for one), timing the round trip. */
async function send(envelope: Json): Promise<Sent> {
  const body = JSON.stringify(envelope, (_, value: unknown) =>
    value === FRESH ? new Date().toISOString().replace(/\.\d+Z$/, 'Z') : value,
  );
  const mark = running.logs.length;
  const started = performance.now();
  const response = await fetch(running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  const errors = running.logs
    .slice(mark)
    .filter((l) => l.level === 'error')
    .map((l) => l.text);
  allErrors.push(...errors);
  stats.envelopes += 1;
  stats.maxMs = Math.max(stats.maxMs, ms);
  return { status: response.status, ms, body: text, bodyBytes: Buffer.byteLength(body), errors };
}

/** Characters XML 1.0 does not allow anywhere (C0 controls but tab and newlines, unpaired surrogates, U+FFFE/F). */
function xmlCharProblems(ssml: string): string[] {
  const problems: string[] = [];
  const bad = (code: number) =>
    problems.push(`a character XML does not allow: U+${code.toString(16).padStart(4, '0')}`);
  for (let i = 0; i < ssml.length; i += 1) {
    const code = ssml.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = ssml.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      else bad(code);
    } else if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      (code >= 0xdc00 && code <= 0xdfff) ||
      code === 0xfffe ||
      code === 0xffff
    )
      bad(code);
  }
  return problems;
}

interface ResponseEnvelopeShape {
  version?: unknown;
  sessionAttributes?: unknown;
  response?: {
    outputSpeech?: { type?: unknown; ssml?: unknown };
    reprompt?: { outputSpeech?: { type?: unknown; ssml?: unknown } };
    shouldEndSession?: unknown;
  };
}

/**
 * Whether the envelope names the user, skill, person or request by an id the skill refuses: longer than the 512
 * characters accepted, or (the user, whose id makes the team key) empty.
 */
function hasUnusableId(envelope: Json): boolean {
  const e = envelope as {
    session?: { user?: { userId?: unknown }; application?: { applicationId?: unknown } };
    context?: {
      System?: {
        user?: { userId?: unknown };
        application?: { applicationId?: unknown };
        person?: { personId?: unknown };
      };
    };
    request?: { requestId?: unknown };
  } | null;
  const ids = [
    e?.context?.System?.user?.userId,
    e?.context?.System?.application?.applicationId,
    e?.context?.System?.person?.personId,
    e?.request?.requestId,
  ];
  return (
    ids.some((id) => typeof id === 'string' && id.length > 512) || e?.context?.System?.user?.userId === ''
  );
}

/** What is wrong with one answer, for the request that was sent (empty: nothing). */
function problemsOf(envelope: Json, sent: Sent, expect200: boolean): string[] {
  const problems: string[] = [];
  if (sent.status >= 500) problems.push(`answered ${sent.status}: ${sent.body.slice(0, 200)}`);
  if (sent.ms >= ACK_CEILING_MS) problems.push(`took ${Math.round(sent.ms)} ms`);
  const unexpected = sent.errors.filter((e) => /unexpected/i.test(e));
  if (unexpected.length > 0) problems.push(`logged: ${unexpected.join(' | ').slice(0, 300)}`);
  const tooLarge = sent.bodyBytes > BODY_LIMIT_BYTES;
  // Ids longer than any Alexa sends, or no user id (a team key and a delivery id are made of them), are refused.
  const refusedId = sent.status === 400 && sent.body === 'Not an Alexa request' && hasUnusableId(envelope);
  if (expect200 && !refusedId && sent.status !== (tooLarge ? 413 : 200)) {
    problems.push(
      `a well-typed envelope (${sent.bodyBytes} bytes) answered ${sent.status}: ${sent.body.slice(0, 200)}`,
    );
  }
  if (!tooLarge && sent.status === 413) problems.push(`413 for ${sent.bodyBytes} bytes, under the limit`);
  if (sent.status !== 200) return problems;

  let body: ResponseEnvelopeShape;
  try {
    body = JSON.parse(sent.body) as ResponseEnvelopeShape;
  } catch {
    return [...problems, `200 with a body that is not JSON: ${sent.body.slice(0, 100)}`];
  }
  if (body.version !== '1.0') problems.push(`version ${String(body.version)}`);
  if (typeof body.response !== 'object' || body.response === null) return [...problems, 'no response object'];
  // What the skill says (speech, reprompt, card) within Alexa's 24 KB; session attributes of a request the skill
  // does not answer (session end) are handed back by ask-sdk as they came.
  const said = Buffer.byteLength(JSON.stringify(body.response));
  if (said > MAX_RESPONSE_BYTES) problems.push(`a response of ${said} bytes, over ${MAX_RESPONSE_BYTES}`);
  const type = (envelope as { request?: { type?: unknown } } | null)?.request?.type;
  const speeches = [
    ['outputSpeech', body.response.outputSpeech],
    ['reprompt', body.response.reprompt?.outputSpeech],
  ] as const;
  if ((type === 'LaunchRequest' || type === 'IntentRequest') && body.response.outputSpeech === undefined)
    problems.push(`no outputSpeech for a ${type}`);
  for (const [where, speech] of speeches) {
    if (speech === undefined) continue;
    if (speech.type !== 'SSML' || typeof speech.ssml !== 'string') {
      problems.push(`${where} is not SSML: ${JSON.stringify(speech).slice(0, 100)}`);
      continue;
    }
    const ssml = speech.ssml;
    for (const problem of [...ssmlProblems(ssml), ...xmlCharProblems(ssml)])
      problems.push(`${where}: ${problem} in ${JSON.stringify(ssml.slice(0, 300))}`);
    if (ssml.length > MAX_SPEECH_CHARS) problems.push(`${where}: ${ssml.length} characters`);
  }
  if (body.response.shouldEndSession !== undefined && typeof body.response.shouldEndSession !== 'boolean')
    problems.push('shouldEndSession is not a boolean');
  if (
    expect200 &&
    body.sessionAttributes !== undefined &&
    (typeof body.sessionAttributes !== 'object' || body.sessionAttributes === null)
  )
    problems.push('sessionAttributes is not an object');
  return problems;
}

/** After a run: every team record reads back and stays small. */
async function recordProblems(): Promise<string[]> {
  const problems: string[] = [];
  for (const { key, value } of await listAll(running.store, 'team:')) {
    const parsed = parseRecord(value);
    if (parsed.kind !== 'ok') problems.push(`${key.slice(0, 80)} does not read back: ${parsed.problem}`);
    const bytes = Buffer.byteLength(value);
    if (bytes > MAX_RECORD_BYTES) problems.push(`${key.slice(0, 80)} is ${bytes} bytes`);
  }
  return problems;
}

/** The envelope for a failure message: long strings shortened, so that the report stays readable. */
function preview(envelope: Json): string {
  return JSON.stringify(envelope, (_, value: unknown) =>
    typeof value === 'string' && value.length > 120
      ? `${value.slice(0, 60)}… (${value.length} chars of ${JSON.stringify(value.slice(0, 12))}…)`
      : value,
  );
}

/** Sends each case of a run and fails with every problem found, naming the envelope. */
async function check(cases: { envelope: Json; expect200: boolean }[]): Promise<void> {
  await freshRun();
  const problems: string[] = [];
  for (const { envelope, expect200 } of cases) {
    const sent = await send(envelope);
    for (const problem of problemsOf(envelope, sent, expect200))
      problems.push(`${problem}\n    for ${preview(envelope)}`);
  }
  problems.push(...(await recordProblems()));
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/**
 * Runs a property with the fixed seed and fails with a readable report: the counterexample's long strings shortened
 * (fast-check would print them whole), its seed and path to replay it, and every problem it showed.
 */
async function assertProperty<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<void> {
  const details = await fc.check(property, { seed: SEED, numRuns });
  if (!details.failed) {
    expect(details.numRuns).toBe(numRuns);
    return;
  }
  const cause =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    [
      `Property failed after ${details.numRuns} runs, shrunk ${details.numShrinks} times`,
      `(replay: { seed: ${details.seed}, path: "${details.counterexamplePath}" })`,
      `Counterexample: ${preview(details.counterexample as Json)}`,
      `Problems:\n${cause}`,
    ].join('\n'),
  );
}

/** Shrinking replays whole runs over HTTP: a cap keeps a failing property fast, the first shrinks do the most. */
const MAX_SHRINKS = 300;

beforeAll(async () => {
  const store = new SwappableStore();
  const engine = new DialogEngine({ store });
  for (const { userId, at, locale } of POOL) {
    if (at) await advanceTo({ engine }, `alexa:${userId}`, at, { locale });
  }
  running = { ...(await serveSkillOverHttp(store)), store, seeded: await listAll(store.current, '') };
  expect(running.seeded.filter((e) => e.key.startsWith('team:'))).toHaveLength(POOL.length - 2);
  expect(await store.get(teamRecordKey(`alexa:${POOL[2]?.userId}`))).not.toBeNull();
});

afterAll(() => running?.close());

describe(`POST /alexa, fuzzed (seed ${SEED})`, () => {
  it('answers well-typed envelopes with hostile values (strings, locales, user ids, types, session) with a 200', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.limitShrink(
          fc.array(fc.tuple(baseArb, fc.array(valueMutation, { minLength: 0, maxLength: 3 })), {
            minLength: 1,
            maxLength: 8,
          }),
          MAX_SHRINKS,
        ),
        async (batch) => {
          await check(
            batch.map(([base, mutations]) => {
              const envelope = envelopeOf(base);
              for (const mutation of mutations) applyValueMutation(envelope, mutation);
              return { envelope, expect200: true };
            }),
          );
        },
      ),
      110,
    );
  });

  it('never fails on ill-typed envelopes (fields deleted, null, numbers, arrays, objects, strings)', async () => {
    await assertProperty(
      fc.asyncProperty(
        fc.limitShrink(
          fc.array(
            fc.tuple(
              baseArb,
              fc.array(valueMutation, { maxLength: 1 }),
              fc.array(structuralMutation, { minLength: 1, maxLength: 3 }),
            ),
            { minLength: 1, maxLength: 8 },
          ),
          MAX_SHRINKS,
        ),
        async (batch) => {
          await check(
            batch.map(([base, values, structural]) => {
              const envelope = envelopeOf(base);
              for (const mutation of values) applyValueMutation(envelope, mutation);
              for (const mutation of structural) applyStructuralMutation(envelope, mutation);
              return { envelope, expect200: false };
            }),
          );
        },
      ),
      110,
    );
  });

  it('refuses every timestamp outside 150 seconds (or none, or no date) and accepts those well inside', async () => {
    /** A timestamp `at` seconds from now in one of Alexa's (or ISO's) forms, or a raw value; undefined: none. */
    type Stamp =
      | { at: number; form: 'iso' | 'isoNoMs' | 'offset' | 'utc'; accepted: boolean }
      | { raw: Json | undefined; accepted: false };
    const written = (stamp: Stamp): Json | undefined => {
      if ('raw' in stamp) return stamp.raw;
      const date = new Date(Date.now() + stamp.at * 1000);
      switch (stamp.form) {
        case 'iso':
          return date.toISOString();
        case 'isoNoMs':
          return date.toISOString().replace(/\.\d+Z$/, 'Z');
        case 'offset':
          return new Date(date.getTime() + 3600_000).toISOString().replace('Z', '+01:00');
        case 'utc':
          return date.toUTCString();
      }
    };
    const forms = fc.constantFrom('iso' as const, 'isoNoMs' as const, 'offset' as const, 'utc' as const);
    const stampArb: fc.Arbitrary<Stamp> = fc.oneof(
      // Inside the window, with room for the round trip: accepted.
      fc.record({ at: fc.integer({ min: -120, max: 120 }), form: forms, accepted: fc.constant(true) }),
      // Outside, either way, up to ten years: refused.
      fc.record({
        at: fc.oneof(
          fc.integer({ min: 180, max: 10 * 365 * 86_400 }),
          fc.integer({ min: -10 * 365 * 86_400, max: -180 }),
        ),
        form: forms,
        accepted: fc.constant(false),
      }),
      // No date, another type, or none at all: refused.
      fc.record({
        raw: fc.oneof(
          fc.constantFrom('not a date', '', 'yesterday', 'NaN', '2099-99-99T99:99:99Z'),
          hostileString,
          fc.constantFrom<Json | undefined>(null, Date.now(), [], {}, undefined),
          fc.integer(),
        ),
        accepted: fc.constant(false as const),
      }),
    );

    await assertProperty(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            baseArb.filter((b) => b.request.type !== 'SessionEndedRequest'),
            stampArb,
          ),
          { minLength: 1, maxLength: 6 },
        ),
        async (batch) => {
          await freshRun();
          const problems: string[] = [];
          for (const [base, stamp] of batch) {
            const envelope = envelopeOf(base);
            setAt(envelope, ['request', 'timestamp'], written(stamp));
            const sent = await send(envelope);
            // A body over the limit is refused for its size before anything in it is read.
            const tooLarge = sent.bodyBytes > BODY_LIMIT_BYTES;
            const expected = tooLarge ? 413 : stamp.accepted ? 200 : 400;
            if (sent.status !== expected)
              problems.push(`answered ${sent.status}, not ${expected}, for ${preview(envelope)}`);
            if (!stamp.accepted && !tooLarge && sent.body !== 'Request verification failed')
              problems.push(`refused with ${JSON.stringify(sent.body.slice(0, 80))}`);
            for (const problem of problemsOf(envelope, sent, false))
              problems.push(`${problem} for ${preview(envelope)}`);
          }
          problems.push(...(await recordProblems()));
          if (problems.length > 0) throw new Error(problems.join('\n'));
        },
      ),
      50,
    );
  });

  it('after the runs: answered every request in under 3 s and logged no unexpected error', () => {
    expect(stats.envelopes).toBeGreaterThan(0);
    expect(stats.maxMs).toBeLessThan(ACK_CEILING_MS);
    expect(allErrors.filter((e) => /unexpected/i.test(e))).toEqual([]);
  });
});

/**
 * The smallest envelopes the fuzzer found failing, one per cause, so that each defect is named on its own (the
 * properties above stop at the first failure they meet). Each is a real envelope with one field changed.
 */
describe('minimal cases the fuzzer found (each fails until its defect in src is fixed)', () => {
  const userAt = (at: (typeof STANDING)[number], locale: Locale = 'de'): number =>
    POOL.findIndex((p) => p.at === at && p.locale === locale);
  const base = (user: number, request: RequestSpec): Base => ({
    user,
    locale: POOL[user]?.locale === 'en' ? 'en-US' : 'de-DE',
    request,
    sessionNew: false,
    attributes: {},
    person: null,
  });
  const intent = (name: string, slots: Slot[] = []): RequestSpec => ({
    type: 'IntentRequest',
    intent: name,
    slots,
  });
  const ssmlOf = (sent: Sent): string =>
    (JSON.parse(sent.body) as ResponseEnvelopeShape).response?.outputSpeech?.ssml as string;

  beforeEach(() => freshRun());

  it('a LaunchRequest whose locale is not a string is refused with a 400, not a 500', async () => {
    const envelope = envelopeOf(base(userAt(null), { type: 'LaunchRequest' }));
    setAt(envelope, ['request', 'locale'], 5);
    const sent = await send(envelope);
    // Found: `locale?.toLowerCase()` threw in the launch handler and again in the error boundary: a 500. The skill now
    // checks the envelope's shape before handling it (verify-request.ts), for POST /alexa and Lambda alike.
    expect({ status: sent.status, body: sent.body }).toEqual({ status: 400, body: 'Not an Alexa request' });
    expect(await recordProblems()).toEqual([]);
  });

  it.each<[string, Path, Json | undefined, RequestSpec]>([
    ['an IntentRequest without its intent', ['request', 'intent'], undefined, intent('AMAZON.HelpIntent')],
    [
      'a slot value that is a number',
      ['request', 'intent', 'slots', 'text', 'value'],
      5,
      intent('TextAnswerIntent', [{ name: 'text', value: 'x' }]),
    ],
    [
      'resolution values that are not an array',
      ['request', 'intent', 'slots', 'first', 'resolutions', 'resolutionsPerAuthority', 0, 'values'],
      null,
      intent('AnswerIntent', [{ name: 'first', value: 'Warenkorb', resolutionId: 'placement.cart' }]),
    ],
    [
      'a personId that is a number',
      ['context', 'System', 'person'],
      { personId: 7 },
      { type: 'LaunchRequest' },
    ],
  ])('%s is refused with a 400 and no unexpected error', async (_, path, value, request) => {
    const envelope = envelopeOf(base(userAt('placement'), request));
    setAt(envelope, path, value);
    const sent = await send(envelope);
    // Found: fields read without a type check threw a TypeError ("alexa: unexpected error", generic speech). Such a
    // request is not one Alexa sends: it is refused before any handler runs, with a warning naming the field.
    expect({ status: sent.status, body: sent.body }).toEqual({ status: 400, body: 'Not an Alexa request' });
    expect(sent.errors.filter((e) => /unexpected/.test(e))).toEqual([]);
  });

  it('a 100 KB request id is refused and does not make a record 100 KB', async () => {
    const envelope = envelopeOf(base(userAt(null), { type: 'LaunchRequest' }));
    setAt(envelope, ['request', 'requestId'], `amzn1.echo-api.request.${'x'.repeat(100_000)}`);
    // Found: the id was kept verbatim in the record and in its `applied:` key. Ids are now bounded at the edge (512
    // characters) and the engine stores a long delivery id by its hash.
    expect((await send(envelope)).status).toBe(400);
    expect(await recordProblems()).toEqual([]);
  });

  it('a control character in a spoken answer does not end up in the SSML', async () => {
    const envelope = envelopeOf(
      base(userAt('oms'), intent('TextAnswerIntent', [{ name: 'text', value: 'Möbel\u0001Lager' }])),
    );
    const sent = await send(envelope);
    expect(sent.status).toBe(200);
    // DEFECT (src/adapters/alexa/speech.ts escapeSsml / toSsml): only & < > " ' are escaped; C0 control characters
    // (and unpaired surrogates) from user text pass into the SSML, which is then not well-formed XML (XML 1.0 allows
    // no U+0001 at all, escaped or not). Expected: such characters removed (or replaced) before speech is built.
    expect(xmlCharProblems(ssmlOf(sent))).toEqual([]);
  });

  it('a failed-test note cut at 500 characters is not cut inside an emoji', async () => {
    const note = `${'a'.repeat(499)}😀`;
    const envelope = envelopeOf(
      base(userAt('test_component'), intent('TestFailedIntent', [{ name: 'note', value: note }])),
    );
    const sent = await send(envelope);
    expect(sent.status).toBe(200);
    // DEFECT (src/core/engine.ts admit, `note.slice(0, MAX_NOTE)`; the same for skip reasons): the cut counts UTF-16
    // code units, so it splits the surrogate pair at 499/500 and stores and speaks a lone high surrogate (U+D83D),
    // which is not well-formed XML. Expected: cut at a code point (or grapheme) boundary.
    expect(xmlCharProblems(ssmlOf(sent))).toEqual([]);
  });
});
