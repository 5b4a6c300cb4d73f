import fc from 'fast-check';
import { amazonPayFlow } from '../../../flows/amazon-pay';
import type { SlackAppDeps } from '../../../src/adapters/slack/create-slack-app';
import type { LambdaHandler } from '../../../src/adapters/slack/lambda';
import { DialogEngine } from '../../../src/core/engine';
import { parseRecord } from '../../../src/core/record';
import { LinkService } from '../../../src/linking/LinkService';
import { listAll } from '../../../src/store/list-all';
import { MemoryStore } from '../../../src/store/MemoryStore';
import type { KeyValueStore, ListedValue } from '../../../src/store/port';
import { apiGatewayEvent } from '../../helpers/slack/api-gateway';
import { interactiveElements } from '../../helpers/slack/blocks';
import { CaptureLogger, type LogLine } from '../../helpers/slack/capture-logger';
import { FakeSlackApi, type RecordedCall } from '../../helpers/slack/fake-slack-api';
import { type ChannelSession, type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import { slackOnLambda } from '../../helpers/slack/lambda-pair';
import {
  anyValue,
  applyMutations,
  formBody,
  hostileString,
  hugeString,
  idLike,
  listPaths,
  type Mutation,
  type Path,
  payloadBody,
  TS_LIKE,
} from '../../helpers/slack/mutate';
import {
  ANNA,
  appHomeOpenedEvent,
  appMentionEvent,
  BEN,
  type CheckboxOption,
  checkboxesAction,
  eventCallback,
  type MessageRef,
  type SlackUser,
  slashCommandFields,
  urlVerificationBody,
  viewSubmissionPayload,
} from '../../helpers/slack/payloads';
import { seedInto } from '../../helpers/slack/seed';
import { nowSeconds, SIGNING_SECRET } from '../../helpers/slack/signing';
import type { DeliveryOptions } from '../../helpers/slack/slack-sender';

/**
 * Property-based fuzzing of the Slack entry points, from real payloads: slash commands (German and English, free-text
 * answers), mentions, App Home opens, clicks on buttons the bot posted, submissions of modals it opened and the URL
 * check, each mutated (fields deleted, set to other types, hostile, huge or prototype-named values, types swapped,
 * ids, timestamps, action ids, modal metadata and state changed), re-signed as Slack signs (or forged, stale, from the
 * future, unsigned, tampered), sometimes redelivered. Whatever comes: never a 5xx, never Bolt's 404 after 3 s, an
 * answer within 3 s, records that read back under Slack-id keys, no live mention in anything posted, no unhandled
 * listener error. Seeded: the same requests every run.
 *
 * Each property run sends a batch of cases at once, then waits for the work after the acks and checks everything
 * above; an unexpected problem stops the property and fast-check shrinks the batch. The defects this fuzzing found
 * (KNOWN, all fixed, each with a regression test at the end) are counted instead if they come back, so one does not
 * hide the others; the tests after each property check the whole run strictly, those included.
 */

/** Fixed; FUZZ_SEED=<n> explores other requests (a failure prints the seed and path to replay it). */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_127);
const ALLOWED_STATUS = new Set([200, 400, 401, 413]);
const CEILING_MS = 3000;
/** HTTP: runs × cases per run (each case one request, or up to four with its redeliveries). */
const HTTP_RUNS = 280;
const HTTP_BATCH = 8;
const LAMBDA_RUNS = 70;
const LAMBDA_BATCH = 4;
/** Put the seeded channels back where they were every few runs, so that real clicks meet current questions again. */
const RESET_EVERY = 4;

const EVIL: SlackUser = { id: 'U0EVIL', username: '<!channel>' };
const EVIL2: SlackUser = { id: 'U0EVIL2', username: '<@U0ANNA> &lt;!here&gt; <!subteam^S123|@team>' };
/** Who clicks and types: people with ordinary names, and people whose names are mentions. */
const USERS: SlackUser[] = [ANNA, BEN, EVIL, EVIL2];
const SLACK_ID = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;
const BAD_SEGMENTS = new Set(['undefined', 'null', 'NaN', '[object Object]']);

// ---------------------------------------------------------------------------------------------------------------
// Real payloads (templates), harvested from a harness driven to real questions

type Encoding = 'form' | 'payload' | 'json';

interface Template {
  name: string;
  encoding: Encoding;
  /**
   * A fresh payload from `user`: new trigger ids, event ids and action timestamps every time, as Slack makes them;
   * `line` is what the user typed (the command's text, the mention's, the modal's input), for templates that take one.
   */
  build: (user: SlackUser, line: string | null) => Record<string, unknown>;
  typed: boolean;
  /** Every path of a sample, and the paths the bot or Bolt reads (mutated more often). */
  paths: Path[];
  hot: Path[];
}

interface Harvest {
  templates: Template[];
  actionIds: string[];
  messageTs: string[];
  metadata: Record<string, unknown>[];
  /** The seeded team records as they stood after harvesting. */
  snapshot: ListedValue[];
}

const CHANNELS = {
  fresh: 'C0FZNEW',
  multi: 'C0FZMULTI',
  single: 'C0FZSINGLE',
  yesno: 'C0FZYESNO',
  oms: 'C0FZOMS',
  key: 'C0FZKEY',
  test: 'C0FZTEST',
  check: 'C0FZCHECK',
  skip: 'C0FZSKIP',
  ipn: 'C0FZIPN',
  done: 'C0FZDONE',
} as const;

const SEEDED: [string, string][] = [
  [CHANNELS.multi, 'placement'],
  [CHANNELS.single, 'processing'],
  [CHANNELS.yesno, 'sandbox_account'],
  [CHANNELS.oms, 'oms'],
  [CHANNELS.key, 'sandbox_key'],
  [CHANNELS.test, 'test_component'],
  [CHANNELS.check, 'seller_central'],
  [CHANNELS.skip, 'welcome_kit'],
  [CHANNELS.ipn, 'production_ipn'],
  [CHANNELS.done, 'done'],
];

const COMMAND_HOT: Path[] = [
  ['text'],
  ['user_name'],
  ['user_id'],
  ['team_id'],
  ['channel_id'],
  ['trigger_id'],
  ['command'],
  ['response_url'],
  ['enterprise_id'],
  ['is_enterprise_install'],
  ['api_app_id'],
];
const ACTION_HOT: Path[] = [
  ['type'],
  ['user'],
  ['user', 'id'],
  ['user', 'username'],
  ['user', 'name'],
  ['user', 'team_id'],
  ['team'],
  ['team', 'id'],
  ['channel'],
  ['channel', 'id'],
  ['container'],
  ['container', 'message_ts'],
  ['container', 'channel_id'],
  ['container', 'is_ephemeral'],
  ['message'],
  ['message', 'ts'],
  ['actions'],
  ['actions', 0],
  ['actions', 0, 'action_id'],
  ['actions', 0, 'action_ts'],
  ['actions', 0, 'value'],
  ['actions', 0, 'block_id'],
  ['actions', 0, 'selected_options'],
  ['actions', 1],
  ['state'],
  ['state', 'values'],
  ['trigger_id'],
  ['response_url'],
  ['enterprise'],
  ['is_enterprise_install'],
];
const VIEW_HOT: Path[] = [
  ['type'],
  ['user'],
  ['user', 'id'],
  ['user', 'name'],
  ['user', 'team_id'],
  ['team'],
  ['view'],
  ['view', 'id'],
  ['view', 'hash'],
  ['view', 'callback_id'],
  ['view', 'private_metadata'],
  ['view', 'private_metadata'],
  ['view', 'state'],
  ['view', 'state', 'values'],
  ['view', 'state', 'values', 'ps:input'],
  ['view', 'state', 'values', 'ps:input', 'value', 'value'],
  ['view', 'state', 'values', 'ps:input', 'value', 'value'],
  ['view', 'app_installed_team_id'],
  ['view', 'team_id'],
  ['trigger_id'],
  ['response_urls'],
  ['enterprise'],
];
const EVENT_HOT: Path[] = [
  ['type'],
  ['team_id'],
  ['event_id'],
  ['event'],
  ['event', 'type'],
  ['event', 'user'],
  ['event', 'channel'],
  ['event', 'text'],
  ['event', 'ts'],
  ['event', 'tab'],
  ['event', 'team'],
  ['event', 'blocks'],
  ['event', 'bot_id'],
  ['event', 'subtype'],
  ['authorizations'],
  ['authorizations', 0],
  ['authorizations', 0, 'team_id'],
  ['authorizations', 0, 'user_id'],
  ['enterprise_id'],
  ['context_team_id'],
  ['event_time'],
];
const URL_HOT: Path[] = [['type'], ['challenge'], ['token']];

function template(
  name: string,
  encoding: Encoding,
  build: (user: SlackUser, line: string) => Record<string, unknown>,
  hot: Path[],
  defaultLine?: string,
): Template {
  const fresh = (user: SlackUser, line: string | null) => clone(build(user, line ?? defaultLine ?? ''));
  const sample = fresh(ANNA, null);
  return { name, encoding, build: fresh, hot, paths: listPaths(sample, 7), typed: defaultLine !== undefined };
}

const clone = <T>(value: T): T => structuredClone(value);

async function harvest(h: SlackHarness): Promise<Harvest> {
  for (const [channel, question] of SEEDED) await seedInto(h.store, channel, question);
  const templates: Template[] = [];
  const actionIds = new Set<string>();
  const messageTs = new Set<string>();
  const metadata: Record<string, unknown>[] = [];

  const clicksOn = (session: ChannelSession, message: MessageRef, label: string) => {
    const frozen = clone(message);
    messageTs.add(frozen.ts);
    for (const { blockId, element } of interactiveElements(frozen.blocks)) {
      const id = element.action_id;
      if (typeof id !== 'string') continue;
      actionIds.add(id);
      if (element.type === 'button') {
        templates.push(
          template(
            `click ${id} (${label})`,
            'payload',
            (u) => session.clickPayload(frozen, id, u),
            ACTION_HOT,
          ),
        );
      } else if (element.type === 'checkboxes' && blockId) {
        const options = (element.options as CheckboxOption[] | undefined) ?? [];
        const questionId = id.split(':')[2] ?? '';
        templates.push(
          template(
            `tick ${id}`,
            'payload',
            (u) => session.clickPayloadRaw(frozen, [checkboxesAction(id, blockId, options.slice(0, 2))], u),
            ACTION_HOT,
          ),
        );
        templates.push(
          template(
            `submit ${id} with two ticked`,
            'payload',
            (u) =>
              session.clickPayload(frozen, `ps:submit:${questionId}`, u, {
                [blockId]: { [id]: { type: 'checkboxes', selected_options: options.slice(0, 2) } },
              }),
            ACTION_HOT,
          ),
        );
      }
    }
  };

  const modal = async (session: ChannelSession, message: MessageRef, actionId: string, value: string) => {
    const mark = h.fake.mark();
    await session.click(message, actionId, ANNA);
    const opened = h.fake.since(mark, 'views.open').at(-1) as RecordedCall;
    if (!opened) throw new Error(`harvest: ${actionId} opened no modal`);
    const view = clone({
      ...(opened.args.view as Record<string, unknown>),
      ...(opened.response.view as object),
    });
    metadata.push(JSON.parse(String(view.private_metadata)) as Record<string, unknown>);
    templates.push(
      template(
        `submit modal of ${actionId}`,
        'payload',
        (user, line) => viewSubmissionPayload({ user, view, value: line }),
        VIEW_HOT,
        value,
      ),
    );
  };

  for (const [channel] of SEEDED) {
    const session = h.channel(channel);
    await session.command('start');
    const question = session.currentQuestion();
    if (question) clicksOn(session, question, channel);
    templates.push(
      template(
        `/paysetup in ${channel}`,
        'form',
        (user, line) => slashCommandFields(line, user, { channel }, h.fake.responseUrl(`cmd-${channel}`)),
        COMMAND_HOT,
        'status',
      ),
      template(
        `mention in ${channel}`,
        'json',
        (user, line) => eventCallback(appMentionEvent(user, channel, line)),
        EVENT_HOT,
        'status',
      ),
    );
  }
  const fresh = CHANNELS.fresh;
  templates.push(
    template(
      '/paysetup in a new channel',
      'form',
      (user, line) => slashCommandFields(line, user, { channel: fresh }, h.fake.responseUrl('cmd-fresh')),
      COMMAND_HOT,
      'start',
    ),
    template('app_home_opened', 'json', (user) => eventCallback(appHomeOpenedEvent(user)), EVENT_HOT),
    template('url_verification', 'json', () => urlVerificationBody('3eZbrw1aBm2rZgRNFdxV2595E9CY'), URL_HOT),
  );

  const at = (channel: string) => {
    const question = h.channel(channel).currentQuestion();
    if (!question) throw new Error(`harvest: no question in ${channel}`);
    return question;
  };
  await modal(h.channel(CHANNELS.oms), at(CHANNELS.oms), 'ps:text:oms', 'JTL-Wawi');
  await modal(
    h.channel(CHANNELS.key),
    at(CHANNELS.key),
    'ps:text:sandbox_key',
    'SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK',
  );
  await modal(h.channel(CHANNELS.test), at(CHANNELS.test), 'ps:failed:test_component', 'Button bleibt grau');
  await modal(h.channel(CHANNELS.test), at(CHANNELS.test), 'ps:skip-reason:test_component', 'Kein Testkonto');
  await modal(
    h.channel(CHANNELS.skip),
    at(CHANNELS.skip),
    'ps:skip-reason:welcome_kit',
    'Kommt nächste Woche',
  );
  await modal(
    h.channel(CHANNELS.ipn),
    at(CHANNELS.ipn),
    'ps:text:production_ipn',
    'https://shop.example/ipn',
  );

  // Private messages with buttons: the restart confirmation, the answer list with its "change" buttons.
  const single = h.channel(CHANNELS.single);
  await single.command('neu starten');
  clicksOn(single, single.lastEphemeral(ANNA), 'restart confirmation');
  const oms = h.channel(CHANNELS.oms);
  await oms.command('antworten');
  clicksOn(oms, oms.lastEphemeral(ANNA), 'answer list');

  await h.idle();
  return {
    templates,
    actionIds: [...actionIds],
    messageTs: [...messageTs],
    metadata,
    snapshot: await listAll(h.store, 'team:'),
  };
}

/** Puts every seeded channel's record back as it was after harvesting. */
async function reset(store: KeyValueStore, snapshot: ListedValue[]): Promise<void> {
  for (const row of snapshot) {
    const current = await store.get(row.key);
    await store.put(row.key, row.value, current?.version ?? null);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cases: a template, a typed line, mutations, the raw body's fate and how it is delivered

type Delivery =
  | { kind: 'signed' }
  | { kind: 'redelivered'; retries: number; first: boolean; together: boolean }
  | { kind: 'forged' }
  | { kind: 'skewed'; seconds: number }
  | { kind: 'tampered' }
  | { kind: 'unsigned' }
  | { kind: 'badHeaders'; signature: string; timestamp: string };

type RawEdit =
  | { kind: 'none' }
  | { kind: 'truncate'; fraction: number }
  | { kind: 'contentType'; value: string }
  | { kind: 'append'; text: string }
  | { kind: 'replace'; text: string }
  | { kind: 'oversize' };

interface Case {
  template: number;
  /** Who acts (an index into USERS). */
  user: number;
  line: string | null;
  mutations: Mutation[];
  raw: RawEdit;
  delivery: Delivery;
}

const REAL_LINES = [
  'start',
  'starten',
  'begin',
  'status',
  'stand',
  'where are we',
  'hilfe',
  'help',
  '?',
  'antworten',
  'answers',
  'ändern',
  'change',
  'zurück',
  'back',
  'weiter',
  'next',
  'überspringen',
  'skip',
  'überspringen Das Welcome-Kit kommt erst nächste Woche',
  'skip no sandbox yet',
  'neu starten',
  'restart',
  'bericht',
  'report',
  'link',
  'verknüpfen',
  'sprache',
  'language en',
  'beenden',
  'ja',
  'yes',
  'nein',
  'no',
  '1',
  '2',
  '1, 2 und 4',
  '1, 2 and 4',
  'alle',
  'JTL-Wawi',
  'SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK',
  'A1B2C3D4E5F6G7',
  '<https://shop.example/ipn|shop.example/ipn>',
  'bestanden',
  'passed',
  'fehlgeschlagen',
  '',
];

const lineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...REAL_LINES) },
  { weight: 3, arbitrary: hostileString },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('überspringen', 'skip', '', 'antworten', 'ändern', 'zurück'), hostileString)
      .map(([command, rest]) => `${command} ${rest}`.trim()),
  },
  { weight: 1, arbitrary: hugeString.map((huge) => huge.build().slice(0, 9000)) },
);

const QUESTION_IDS = [
  ...amazonPayFlow.questions.map((q) => q.id),
  '__proto__',
  'constructor',
  'toString',
  'x',
  'Processing',
];
const VERBS = [
  'choose',
  'multi',
  'submit',
  'yes',
  'no',
  'text',
  'tick',
  'untick',
  'passed',
  'failed',
  'skip',
  'skip-reason',
  'restart-confirm',
  'restart-cancel',
  'change',
  'bogus',
];

const TYPES = [
  'block_actions',
  'view_submission',
  'view_closed',
  'event_callback',
  'url_verification',
  'shortcut',
  'message_action',
  'block_suggestion',
  'interactive_message',
  'dialog_submission',
  'app_rate_limited',
  '__proto__',
  'constructor',
  'toString',
];
const EVENT_TYPES = [
  'app_mention',
  'app_home_opened',
  'message',
  'reaction_added',
  'member_joined_channel',
  'app_uninstalled',
  'tokens_revoked',
  'function_executed',
  '__proto__',
  'constructor',
  'hasOwnProperty',
];

function arbitraries(harvested: Harvest) {
  const { templates } = harvested;
  const actionIdArb = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...harvested.actionIds) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...VERBS),
          fc.constantFrom(...QUESTION_IDS),
          fc.option(
            fc.constantFrom('__proto__', 'constructor', 'cart', 'capture_at_order', 'bank_account', '1'),
            {
              nil: null,
            },
          ),
        )
        .map(([verb, q, arg]) => (arg ? `ps:${verb}:${q}:${arg}` : `ps:${verb}:${q}`)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('ps:', 'ps::', 'ps:choose', 'ps:choose:', 'x', `ps:${'a'.repeat(260)}`),
    },
    { weight: 1, arbitrary: hostileString },
  );
  const tsArb = fc.oneof(fc.constantFrom(...harvested.messageTs), fc.constantFrom(...TS_LIKE));
  const metadataArb: fc.Arbitrary<string> = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('null', '', 'garbage', '{', '[]', '{}', '"x"', '0', 'true') },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    {
      weight: 5,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...harvested.metadata),
          fc.constantFrom('kind', 'team', 'channel', 'questionId', 'messageTs', '__proto__', 'extra'),
          fc.oneof(
            anyValue,
            fc.constantFrom(
              'answer',
              'failed',
              'skip',
              'other',
              'slack:T1:C0OTHER',
              'slack:T1:C0FZOMS:X',
              'slack:T1',
              'team:slack:T1:C0FZOMS',
              'C0FZKEY',
              'sandbox_key',
              'oms',
              'decline_experience',
            ),
          ),
        )
        .map(([base, field, value]) => {
          const copy: Record<string, unknown> = clone(base);
          Object.defineProperty(copy, field, { value, enumerable: true, writable: true, configurable: true });
          return JSON.stringify(copy);
        }),
    },
    { weight: 1, arbitrary: hostileString },
  );
  const stateArb: fc.Arbitrary<unknown> = fc.oneof(
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        null,
        {},
        [],
        'values',
        { values: null },
        { values: {} },
        { values: [] },
        { values: { 'ps:input': null } },
        { values: { 'ps:input': { value: null } } },
        { values: { 'ps:input': { value: { type: 'plain_text_input', value: null } } } },
        { values: { 'ps:input': { value: { type: 'plain_text_input' } } } },
      ),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom('ps:input', '__proto__', 'constructor', 'other'),
          fc.constantFrom('value', '__proto__', 'toString'),
          fc.oneof(anyValue, hostileString, hugeString),
        )
        .map(([block, action, value]) => {
          const element = { type: 'plain_text_input', value };
          const inner = {};
          Object.defineProperty(inner, action, { value: element, enumerable: true });
          const values = {};
          Object.defineProperty(values, block, { value: inner, enumerable: true });
          return { values };
        }),
    },
  );

  /** What to set at a path: values that fit what Slack puts there, or do not at all. */
  const valueFor = (path: Path): fc.Arbitrary<unknown> => {
    const key = String(path.at(-1));
    const specific: fc.Arbitrary<unknown>[] = [];
    if (key === 'type' && path.length === 1) specific.push(fc.constantFrom(...TYPES));
    if (key === 'type' && path[0] === 'event') specific.push(fc.constantFrom(...EVENT_TYPES));
    if (key === 'action_id') specific.push(actionIdArb);
    if (key === 'private_metadata') specific.push(metadataArb);
    if (key === 'state' && path[0] === 'view') specific.push(stateArb);
    if (/ts$/.test(key)) specific.push(tsArb);
    if (/(^|_)id$|^team$|^user$|^channel$/.test(key) && key !== 'action_id') specific.push(idLike);
    if (/text|value|name|challenge|callback_id|hash/.test(key)) specific.push(hostileString, hugeString);
    if (key === 'actions' || key === 'authorizations' || key === 'response_urls')
      specific.push(
        fc.constantFrom([], [null], [{}], 'x', {}),
        fc.array(fc.record({ action_id: actionIdArb, action_ts: tsArb }), { maxLength: 30 }),
      );
    return specific.length > 0
      ? fc.oneof({ weight: 3, arbitrary: fc.oneof(...specific) }, { weight: 1, arbitrary: anyValue })
      : anyValue;
  };

  const mutationFor = (t: Template): fc.Arbitrary<Mutation> => {
    const path = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...t.hot) },
      { weight: 1, arbitrary: fc.constantFrom(...t.paths) },
    );
    return fc.oneof(
      { weight: 2, arbitrary: path.map((p): Mutation => ({ op: 'delete', path: p })) },
      {
        weight: 6,
        arbitrary: path.chain((p) => valueFor(p).map((value): Mutation => ({ op: 'set', path: p, value }))),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom<Path>([], ['user'], ['view'], ['event'], ['actions', 0], ['team']),
            fc.constantFrom('__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty', 'x-extra'),
            anyValue,
          )
          .map(([p, key, value]): Mutation => ({ op: 'add', path: p, key, value })),
      },
    );
  };

  const rawArb: fc.Arbitrary<RawEdit> = fc.oneof(
    { weight: 88, arbitrary: fc.constant<RawEdit>({ kind: 'none' }) },
    {
      weight: 3,
      arbitrary: fc
        .double({ min: 0, max: 1, noNaN: true })
        .map((f): RawEdit => ({ kind: 'truncate', fraction: f })),
    },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(
          'text/plain',
          'application/json',
          'application/x-www-form-urlencoded',
          'application/x-www-form-urlencoded; charset=utf-8',
          'APPLICATION/JSON; charset=UTF-8',
          'multipart/form-data; boundary=x',
          '',
        )
        .map((value): RawEdit => ({ kind: 'contentType', value })),
    },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(
          '&payload=%7B%7D',
          '&payload=null',
          '&command=%2Fpaysetup',
          '&ssl_check=1',
          '&text=again',
          '&__proto__=x',
          '&constructor[prototype][x]=1',
          '\u0000',
          ' ',
          '}',
          ',"type":"block_actions"}',
        )
        .map((text): RawEdit => ({ kind: 'append', text })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '',
          'null',
          '[]',
          '{}',
          '"x"',
          'payload=',
          'payload=%7B',
          'payload=null',
          'payload=%5B%5D',
          'ssl_check=1&token=x',
          '{"type":"event_callback"}',
          '{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":null}',
          '{"type":"url_verification"}',
          '\u00ff\u00fe',
        )
        .map((text): RawEdit => ({ kind: 'replace', text })),
    },
    { weight: 1, arbitrary: fc.constant<RawEdit>({ kind: 'oversize' }) },
  );

  const deliveryArb: fc.Arbitrary<Delivery> = fc.oneof(
    { weight: 70, arbitrary: fc.constant<Delivery>({ kind: 'signed' }) },
    {
      weight: 12,
      arbitrary: fc
        .record({ retries: fc.integer({ min: 1, max: 3 }), first: fc.boolean(), together: fc.boolean() })
        .map((r): Delivery => ({ kind: 'redelivered', ...r })),
    },
    { weight: 3, arbitrary: fc.constant<Delivery>({ kind: 'forged' }) },
    {
      weight: 4,
      arbitrary: fc
        .oneof(fc.integer({ min: -100_000, max: -301 }), fc.integer({ min: 301, max: 100_000 }))
        .map((seconds): Delivery => ({ kind: 'skewed', seconds })),
    },
    { weight: 3, arbitrary: fc.constant<Delivery>({ kind: 'tampered' }) },
    { weight: 2, arbitrary: fc.constant<Delivery>({ kind: 'unsigned' }) },
    {
      weight: 2,
      arbitrary: fc
        .record({
          signature: fc.constantFrom(
            '',
            'v0=',
            'v0=zz',
            `v1=${'a'.repeat(64)}`,
            `v0=${'A'.repeat(64)}`,
            'x'.repeat(500),
          ),
          timestamp: fc.constantFrom('', 'abc', '-1', '1e9', `${nowSeconds()}.5`, ' 1700000000', '0x10'),
        })
        .map((r): Delivery => ({ kind: 'badHeaders', ...r })),
    },
  );

  const caseArb: fc.Arbitrary<Case> = fc.integer({ min: 0, max: templates.length - 1 }).chain((index) => {
    const t = templates[index] as Template;
    return fc.record({
      template: fc.constant(index),
      user: fc.integer({ min: 0, max: USERS.length - 1 }),
      line: t.typed ? fc.option(lineArb, { nil: null, freq: 4 }) : fc.constant(null),
      mutations: fc.oneof(
        { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
        { weight: 4, arbitrary: fc.array(mutationFor(t), { minLength: 1, maxLength: 4 }) },
      ),
      raw: rawArb,
      delivery: deliveryArb,
    });
  });
  return { caseArb };
}

// ---------------------------------------------------------------------------------------------------------------
// Sending a case, over HTTP or to the Lambda handler

interface Sent {
  label: string;
  status: number;
  ms: number;
  body: string;
  request: Request;
}

/** How one request reaches the app: signed (maybe otherwise), or with exactly these signature headers (or none). */
interface Request {
  raw: string;
  contentType: string;
  options: DeliveryOptions;
  headers?: Record<string, string>;
}

type Transport = (request: Request) => Promise<{ status: number; body: string }>;

function encode(c: Case, templates: Template[]): { raw: string; contentType: string; name: string } {
  const t = templates[c.template] as Template;
  const body = t.build(USERS[c.user] ?? ANNA, c.line);
  applyMutations(body, c.mutations);
  let raw =
    t.encoding === 'form'
      ? formBody(body)
      : t.encoding === 'payload'
        ? payloadBody(body)
        : JSON.stringify(body);
  let contentType = t.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  const edit = c.raw;
  if (edit.kind === 'truncate') raw = raw.slice(0, Math.floor(raw.length * edit.fraction));
  else if (edit.kind === 'contentType') contentType = edit.value;
  else if (edit.kind === 'append') raw += edit.text;
  else if (edit.kind === 'replace') raw = edit.text;
  // JSON allows trailing whitespace, a form an extra field: a body that is fine but for its size.
  else if (edit.kind === 'oversize')
    raw += t.encoding === 'json' ? ' '.repeat(1_100_000) : `&x=${'a'.repeat(1_100_000)}`;
  return { raw, contentType, name: t.name };
}

async function timed(label: string, transport: Transport, request: Request): Promise<Sent> {
  const started = performance.now();
  try {
    const { status, body } = await transport(request);
    return { label, status, ms: performance.now() - started, body, request };
  } catch (error) {
    // No answer at all: the HTTP connection failed, or the Lambda handler threw (API Gateway answers 502).
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      label,
      status: -1,
      ms: performance.now() - started,
      body: `no response, threw ${reason}`,
      request,
    };
  }
}

async function sendCase(c: Case, templates: Template[], transport: Transport): Promise<Sent[]> {
  const { raw, contentType, name } = encode(c, templates);
  const label = `${name} [${c.mutations.map((m) => `${m.op} ${m.path.join('.')}${m.op === 'add' ? `+${m.key}` : ''}`).join(', ')}] ${c.raw.kind} ${c.delivery.kind}`;
  const plain: Request = { raw, contentType, options: {} };
  const d = c.delivery;
  switch (d.kind) {
    case 'signed':
      return [await timed(label, transport, plain)];
    case 'forged':
      return [
        await timed(label, transport, { ...plain, options: { secret: 'f0rged-f0rged-f0rged-f0rged-0000' } }),
      ];
    case 'skewed':
      return [await timed(label, transport, { ...plain, options: { timestamp: nowSeconds() + d.seconds } })];
    case 'tampered':
      return [
        await timed(label, transport, {
          ...plain,
          options: {
            tamper: (body) =>
              body.length > 0 ? `${body.slice(0, -1)}${body.endsWith('0') ? '1' : '0'}` : '0',
          },
        }),
      ];
    case 'unsigned':
      return [await timed(label, transport, { ...plain, headers: {} })];
    case 'badHeaders':
      return [
        await timed(label, transport, {
          ...plain,
          headers: { 'X-Slack-Signature': d.signature, 'X-Slack-Request-Timestamp': d.timestamp },
        }),
      ];
    case 'redelivered': {
      const retry = (n: number): Request => ({
        ...plain,
        options: { retryNum: n, retryReason: n === 3 ? 'http_error' : 'http_timeout' },
      });
      const retries = Array.from({ length: d.retries }, (_, i) => retry(i + 1));
      const all = d.first ? [plain, ...retries] : retries;
      if (d.together) return Promise.all(all.map((r, i) => timed(`${label} #${i}`, transport, r)));
      const sent: Sent[] = [];
      for (const [i, r] of all.entries()) sent.push(await timed(`${label} #${i}`, transport, r));
      return sent;
    }
  }
}

function httpTransport(h: SlackHarness): Transport {
  return async ({ raw, contentType, options, headers }) => {
    if (!headers) {
      const response = await h.sender.send(raw, contentType, options);
      return { status: response.status, body: response.text };
    }
    const response = await fetch(h.sender.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': contentType, ...headers },
      body: raw,
    });
    return { status: response.status, body: await response.text() };
  };
}

function lambdaTransport(handler: LambdaHandler): Transport {
  return async ({ raw, contentType, options, headers }) => {
    const event = apiGatewayEvent(raw, 'application/json', {
      ...(options.secret !== undefined ? { secret: options.secret } : {}),
      ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    });
    const h = event.headers as Record<string, string>;
    h['Content-Type'] = contentType;
    if (headers) {
      delete h['X-Slack-Signature'];
      delete h['X-Slack-Request-Timestamp'];
      Object.assign(h, headers);
    }
    if (options.retryNum !== undefined) {
      h['X-Slack-Retry-Num'] = String(options.retryNum);
      h['X-Slack-Retry-Reason'] = options.retryReason ?? 'http_timeout';
    }
    if (options.tamper) event.body = Buffer.from(options.tamper(raw), 'utf8').toString('base64');
    event.multiValueHeaders = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, [v]]));
    const response = await handler(event, {});
    return { status: response.statusCode, body: response.body ?? '' };
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What must hold

/** `<!…>`, `<@…>`, `<#…>` anywhere, except the bot's own channel links `<#C123>`. */
function liveMentions(value: string): string[] {
  const found: string[] = [];
  for (const match of value.matchAll(/<[!@#]/g)) {
    const rest = value.slice(match.index);
    if (/^<#C[A-Z0-9]+>/.test(rest)) continue;
    found.push(rest.slice(0, 40));
  }
  return found;
}

function mrkdwnTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const each of value) mrkdwnTexts(each, out);
  else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (object.type === 'mrkdwn' && typeof object.text === 'string') out.push(object.text);
    for (const each of Object.values(object)) mrkdwnTexts(each, out);
  }
  return out;
}

const POSTING = new Set([
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
  'views.open',
  'views.publish',
]);

function mentionProblems(calls: RecordedCall[]): string[] {
  const problems: string[] = [];
  for (const call of calls) {
    if (!POSTING.has(call.method)) continue;
    const texts = [
      ...(typeof call.args.text === 'string' ? [call.args.text] : []),
      ...mrkdwnTexts(call.args.blocks),
      ...mrkdwnTexts(call.args.view),
    ];
    for (const text of texts)
      for (const live of liveMentions(text))
        problems.push(`live mention in ${call.method} #${call.seq}: ${JSON.stringify(live)}`);
  }
  return problems;
}

const BAD_LOG = /unhandled listener error|failed unexpectedly|unhandled error occurred|not acknowledged/;

function logProblems(lines: LogLine[]): string[] {
  return lines.filter((line) => BAD_LOG.test(line.text)).map((line) => `log: ${line.text.slice(0, 600)}`);
}

const TEAM_KEY = /^team:slack:([^:]+):([^:]+)$/;

/** Records that do not read back or sit under a bad key; every key with a segment made of `undefined` and the like. */
async function storeProblems(store: KeyValueStore, seen?: Map<string, number>): Promise<string[]> {
  const problems: string[] = [];
  const rows = await listAll(store, '');
  for (const row of rows) {
    if (seen && seen.get(row.key) === row.version) continue;
    seen?.set(row.key, row.version);
    const segments = row.key.split(':');
    if (segments.some((s) => BAD_SEGMENTS.has(s) || s.includes('[object')))
      problems.push(`bad key segment: ${JSON.stringify(row.key)}`);
    if (!row.key.startsWith('team:')) continue;
    const match = TEAM_KEY.exec(row.key);
    if (!match || !SLACK_ID.test(match[1] ?? '') || !SLACK_ID.test(match[2] ?? ''))
      problems.push(`team key not team:slack:<TEAMID>:<CHANNELID>: ${JSON.stringify(row.key)}`);
    const parsed = parseRecord(row.value);
    if (parsed.kind !== 'ok') problems.push(`record ${row.key} does not read back: ${parsed.problem}`);
    else if (`team:${parsed.record.team}` !== row.key)
      problems.push(`record ${row.key} names another team: ${parsed.record.team}`);
  }
  return problems;
}

function prototypeProblems(): string[] {
  const polluted = Object.getOwnPropertyNames(Object.prototype).filter((k) => !PROTOTYPE_KEYS.has(k));
  return polluted.length > 0 ? [`Object.prototype polluted: ${polluted.join(', ')}`] : [];
}
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A violation, with the request it came from when it can be told (a status, a time); log lines and records cannot. */
interface Problem {
  text: string;
  request?: Request;
}

const unattributed = (texts: string[]): Problem[] => texts.map((text) => ({ text }));

function sentProblems(sent: Sent[]): Problem[] {
  return sent.flatMap((s) => [
    ...(ALLOWED_STATUS.has(s.status)
      ? []
      : [{ text: `status ${s.status} for ${s.label}: ${s.body.slice(0, 200)}`, request: s.request }]),
    ...(s.ms < CEILING_MS
      ? []
      : [{ text: `answered after ${Math.round(s.ms)} ms: ${s.label}`, request: s.request }]),
  ]);
}

/** Prints problems once each, with how often they came. */
function printGrouped(title: string, problems: string[]): void {
  if (problems.length === 0) return;
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p, (counts.get(p) ?? 0) + 1);
  console.error(`${title}:\n${[...counts].map(([p, n]) => `${n} × ${p}`).join('\n')}`);
}

interface Tally {
  requests: number;
  statuses: Map<number, number>;
  maxMs: number;
  seconds: number;
}

const newTally = (): Tally => ({ requests: 0, statuses: new Map(), maxMs: 0, seconds: 0 });

const summary = (name: string, t: Tally) =>
  `${name}: ${t.requests} requests in ${t.seconds.toFixed(1)} s, statuses ${JSON.stringify(
    Object.fromEntries([...t.statuses].sort(([a], [b]) => a - b)),
  )}, slowest ${Math.round(t.maxMs)} ms`;

/**
 * Defects the fuzzing found, each pinned by a failing regression test below with its minimal payload. A problem that
 * matches one is counted here (and reported by its own failing test) instead of stopping the run, so the run goes on
 * to look for others; any other problem fails the property at once, shrunk by fast-check.
 */
interface KnownDefect {
  name: string;
  /** The requests that trigger it. */
  request: (request: Request) => boolean;
  /** What it looks like: a status, a log line. */
  problem: RegExp;
  hits: string[];
  /** Whether a request sent so far triggers it. */
  triggered: boolean;
}

/**
 * A problem is a known defect's when it looks like it and its request triggers it; a problem of no one request (a log
 * line, a stored key) when a request of this run triggered that defect before (Bolt logs a missed ack 3 s later).
 */
function knownDefectOf(problem: Problem): KnownDefect | undefined {
  return KNOWN.find(
    (k) => k.problem.test(problem.text) && (problem.request ? k.request(problem.request) : k.triggered),
  );
}

/** The media type as the edge reads it (`APPLICATION/JSON; charset=UTF-8` is `application/json`). */
const mediaTypeOf = (request: Request) => request.contentType.split(';')[0]?.trim().toLowerCase() ?? '';

/** The fields of a form body (a slash command), or null. */
function formOf(request: Request): URLSearchParams | null {
  return mediaTypeOf(request) === 'application/x-www-form-urlencoded'
    ? new URLSearchParams(request.raw)
    : null;
}

/** The JSON a request carries (an Events API body or an interactive payload), or null. */
function bodyOf(request: Request): Record<string, unknown> | null {
  if (mediaTypeOf(request) !== 'application/json') return payloadOf(request);
  try {
    const parsed: unknown = JSON.parse(request.raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The interactive payload of a request, or null. */
function payloadOf(request: Request): Record<string, unknown> | null {
  const payload = formOf(request)?.get('payload');
  if (!payload) return null;
  try {
    const parsed: unknown = JSON.parse(payload);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const KNOWN: KnownDefect[] = [
  {
    name: 'an event of a type Bolt handles itself (function_executed) ends in a 500',
    request: (r) => bodyOf(r) !== null && r.raw.includes('"type":"function_executed"'),
    problem: /^status 500 |An unhandled error occurred while Bolt processed an event|not acknowledged within/,
    hits: [],
    triggered: false,
  },
  {
    name: 'a click on the restart confirmation without response_url throws in the listener',
    request: (r) => {
      const payload = payloadOf(r);
      const actions = payload?.actions;
      const first = Array.isArray(actions) ? (actions[0] as { action_id?: unknown } | undefined) : undefined;
      return (
        typeof first?.action_id === 'string' &&
        first.action_id.startsWith('ps:restart-') &&
        !payload?.response_url
      );
    },
    problem: /respond is not a function/,
    hits: [],
    triggered: false,
  },
  {
    name: 'a slash command without a text field throws in the listener',
    request: (r) => {
      const form = formOf(r);
      return form?.has('command') === true && !form.has('text') && !form.has('payload');
    },
    problem: /Cannot read properties of undefined \(reading 'trim'\)/,
    hits: [],
    triggered: false,
  },
  {
    name: 'the Lambda handler throws on a form body whose content type has parameters',
    request: (r) => formOf(r) !== null && r.contentType !== 'application/x-www-form-urlencoded',
    problem: /no response, threw SyntaxError/,
    hits: [],
    triggered: false,
  },
  {
    name: 'a payload with response_urls null or [null] ends in a 500',
    request: (r) => {
      const body = bodyOf(r);
      const urls = body?.response_urls;
      return (
        body !== null &&
        !body.response_url &&
        (urls === null || (Array.isArray(urls) && urls.length > 0 && urls[0] === null))
      );
    },
    problem: /^status 500 |An unhandled error occurred while Bolt processed an event|not acknowledged within/,
    hits: [],
    triggered: false,
  },
  {
    name: 'a modal submission without view.hash is recorded under a key with "undefined"',
    request: (r) => {
      const payload = payloadOf(r);
      const view = payload?.view as Record<string, unknown> | undefined;
      return (
        payload?.type === 'view_submission' && typeof view === 'object' && view !== null && !('hash' in view)
      );
    },
    problem: /^bad key segment: "applied:[^"]*:view:[^:"]*:undefined:/,
    hits: [],
    triggered: false,
  },
];

interface Target {
  store: KeyValueStore;
  fake: FakeSlackApi;
  logger: CaptureLogger;
  transport: Transport;
  /** Waits until the work after the acks is done (the Lambda handler returns after it). */
  idle: () => Promise<void>;
  snapshot: ListedValue[];
}

/** The property: a batch of cases sent at once; every answer allowed and in time, nothing broken behind them. */
async function fuzz(
  target: Target,
  templates: Template[],
  caseArb: fc.Arbitrary<Case>,
  options: { seed: number; runs: number; batch: number; tally: Tally },
): Promise<void> {
  const seen = new Map<string, number>();
  const { tally } = options;
  const started = performance.now();
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArb, { minLength: 1, maxLength: options.batch * 2 - 1, size: 'max' }),
        async (cases) => {
          run += 1;
          if (run % RESET_EVERY === 0) await reset(target.store, target.snapshot);
          const mark = target.fake.mark();
          const logMark = target.logger.lines.length;
          const sent = (await Promise.all(cases.map((c) => sendCase(c, templates, target.transport)))).flat();
          for (const s of sent) {
            tally.requests += 1;
            tally.statuses.set(s.status, (tally.statuses.get(s.status) ?? 0) + 1);
            tally.maxMs = Math.max(tally.maxMs, s.ms);
          }
          await target.idle();
          const problems = [
            ...sentProblems(sent),
            ...unattributed([
              ...mentionProblems(target.fake.since(mark)),
              ...logProblems(target.logger.lines.slice(logMark)),
              ...(await storeProblems(target.store, seen)),
              ...prototypeProblems(),
            ]),
          ];
          for (const k of KNOWN) if (!k.triggered) k.triggered = sent.some((each) => k.request(each.request));
          const unknown = problems.filter((problem) => {
            const defect = knownDefectOf(problem);
            defect?.hits.push(problem.text);
            return !defect;
          });
          if (unknown.length > 0) throw new Error(unknown.map((p) => p.text).join('\n'));
        },
      ),
      { seed: options.seed, numRuns: options.runs },
    );
  } finally {
    tally.seconds = (performance.now() - started) / 1000;
  }
}

// ---------------------------------------------------------------------------------------------------------------

let h: SlackHarness;
let harvested: Harvest;

beforeAll(async () => {
  h = await startSlackHarness({
    // The App Home lists these channels (ids as Slack writes them), with whatever the fuzzing recorded in them.
    prepare: (fake) => {
      fake.memberships.set(ANNA.id, [...Object.values(CHANNELS), 'C0OTHER', 'C0FZNEW2']);
      for (const user of [EVIL, EVIL2])
        fake.users.set(user.id, { id: user.id, name: user.username, locale: 'en-US' });
    },
  });
  harvested = await harvest(h);
});

afterAll(async () => {
  await h?.close();
});

describe('fuzzing POST /slack/events with mutated real payloads', () => {
  const tally = newTally();

  afterAll(() => {
    if (tally.requests > 0) console.info(summary('HTTP fuzzing', tally));
  });

  // The property stops (and shrinks) at any problem except a known defect come back, which it counts and goes on; the
  // tests after it check the whole run strictly, known defects included.
  it('keeps its contract over ~2,500 mutated, re-signed, forged and redelivered requests', async () => {
    await fuzz(
      {
        store: h.store,
        fake: h.fake,
        logger: h.logger,
        transport: httpTransport(h),
        idle: () => h.idle(),
        snapshot: harvested.snapshot,
      },
      harvested.templates,
      arbitraries(harvested).caseArb,
      { seed: SEED, runs: HTTP_RUNS, batch: HTTP_BATCH, tally },
    );
    expect(tally.requests).toBeGreaterThan(2000);
  });

  it('answered every request with 200, 400, 401 or 413: no 5xx, no 404 after Bolt gave up', () => {
    expect(tally.requests).toBeGreaterThan(2000);
    expect([...tally.statuses.keys()].filter((status) => !ALLOWED_STATUS.has(status))).toEqual([]);
  });

  it('answered every request within 3 s', () => {
    expect(tally.requests).toBeGreaterThan(2000);
    expect(tally.maxMs).toBeLessThan(CEILING_MS);
  });

  it('left only records that read back, under team:slack:<TEAMID>:<CHANNELID>', async () => {
    expect((await listAll(h.store, 'team:')).length).toBeGreaterThan(SEEDED.length);
    expect(await storeProblems(h.store)).toEqual([]);
  });

  it('posted no live mention anywhere (text, mrkdwn blocks, modals, App Home), though it echoed hostile text', () => {
    const posted = h.fake.calls.filter((c) => POSTING.has(c.method));
    expect(posted.length).toBeGreaterThan(500);
    // The hostile names and lines did come back (escaped): the check below saw them.
    expect(posted.filter((c) => JSON.stringify(c.args).includes('&lt;!channel&gt;')).length).toBeGreaterThan(
      10,
    );
    expect(mentionProblems(h.fake.calls)).toEqual([]);
  });

  it('logged no unhandled listener error and no turn that failed unexpectedly', () => {
    const problems = logProblems(h.logger.lines);
    printGrouped('logged while fuzzing POST /slack/events', problems);
    expect(problems).toEqual([]);
  });
});

describe('fuzzing the Lambda entry (the HTTP function, then the worker) with the same cases', () => {
  let fake: FakeSlackApi;
  let store: MemoryStore;
  let logger: CaptureLogger;
  let handler: LambdaHandler;
  const tally = newTally();

  beforeAll(async () => {
    // The same real payloads; the Lambda has its own store, seeded with the same records, and its own fake Slack.
    fake = await new FakeSlackApi().start();
    for (const user of [EVIL, EVIL2]) fake.users.set(user.id, { id: user.id, name: user.username });
    store = new MemoryStore();
    for (const row of harvested.snapshot) await store.put(row.key, row.value, null);
    logger = new CaptureLogger();
    handler = slackOnLambda(lambdaDeps(store, fake, logger)).invoke;
  });

  afterAll(async () => {
    if (tally.requests > 0) console.info(summary('Lambda fuzzing', tally));
    await fake?.stop();
  });

  it('keeps its contract over a few hundred invocations', async () => {
    await fuzz(
      {
        store,
        fake,
        logger,
        transport: lambdaTransport(handler),
        idle: async () => {},
        snapshot: harvested.snapshot,
      },
      harvested.templates,
      arbitraries(harvested).caseArb,
      { seed: SEED + 1, runs: LAMBDA_RUNS, batch: LAMBDA_BATCH, tally },
    );
    expect(tally.requests).toBeGreaterThan(250);
  });

  it('resolved every invocation within 3 s, with a status below 500 (and none threw)', () => {
    expect(tally.requests).toBeGreaterThan(250);
    expect(tally.maxMs).toBeLessThan(CEILING_MS);
    expect([...tally.statuses.keys()].filter((status) => !ALLOWED_STATUS.has(status))).toEqual([]);
  });

  it('left only records that read back under Slack-id keys, posted no live mention, logged no unhandled error', async () => {
    expect(await storeProblems(store)).toEqual([]);
    expect(mentionProblems(fake.calls)).toEqual([]);
    const problems = logProblems(logger.lines);
    printGrouped('logged while fuzzing the Lambda entry', problems);
    expect(problems).toEqual([]);
  });
});

function lambdaDeps(store: MemoryStore, fake: FakeSlackApi, logger: CaptureLogger): SlackAppDeps {
  return {
    engine: new DialogEngine({ store, defaultLocale: 'de' }),
    links: new LinkService({ store }),
    store,
    config: { signingSecret: SIGNING_SECRET, botToken: 'xoxb-test', apiUrl: fake.url },
    logger,
    defaultLocale: 'de',
    sleep: async () => {},
  };
}

/** One invocation of a fresh Lambda handler (its own store and fake Slack). */
async function lambdaOnce(event: ReturnType<typeof apiGatewayEvent>) {
  const fake = await new FakeSlackApi().start();
  try {
    return await slackOnLambda(lambdaDeps(new MemoryStore(), fake, new CaptureLogger())).invoke(event);
  } finally {
    await fake.stop();
  }
}

describe('the checks themselves', () => {
  const call = (method: string, args: Record<string, unknown>): RecordedCall => ({
    seq: 1,
    method,
    args,
    token: null,
    status: 200,
    response: {},
  });
  const mrkdwn = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

  it('see a live mention in text, mrkdwn blocks and views, and let escaped text and <#C…> pass', () => {
    expect(mentionProblems([call('chat.postMessage', { text: 'hi <!here>' })])).toHaveLength(1);
    expect(
      mentionProblems([call('chat.update', { text: 'x', blocks: [mrkdwn('by <@U0EVIL>')] })]),
    ).toHaveLength(1);
    expect(
      mentionProblems([
        call('views.publish', {
          view: {
            blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: '<#C0AB> <!subteam^S1>' }] }],
          },
        }),
      ]),
    ).toHaveLength(1);
    expect(
      mentionProblems([
        call('chat.postEphemeral', {
          text: '<#C0AB> &lt;!channel&gt; &lt;@U1&gt;',
          blocks: [mrkdwn('<#C0FZOMS>'), { type: 'header', text: { type: 'plain_text', text: '<!here>' } }],
        }),
      ]),
    ).toEqual([]);
  });

  it('see a record that does not read back, a team key that is not Slack ids, a key built from undefined', async () => {
    const store = new MemoryStore();
    const valid = harvested.snapshot.find((row) => row.key === `team:slack:T1:${CHANNELS.oms}`);
    if (!valid) throw new Error('expected the seeded record');
    await store.put(valid.key, valid.value, null);
    expect(await storeProblems(store)).toEqual([]);
    await store.put('team:slack:T1:C0BROKEN', '{"schema":3}', null);
    await store.put(
      'team:slack:T1:C 1',
      valid.value.replace(`slack:T1:${CHANNELS.oms}`, 'slack:T1:C 1'),
      null,
    );
    await store.put('applied:slack:T1:C1:view:V1:undefined:0f', '{}', null);
    const problems = await storeProblems(store);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/C0BROKEN does not read back/);
    expect(problems.join('\n')).toMatch(/team key not team:slack:<TEAMID>:<CHANNELID>: "team:slack:T1:C 1"/);
    expect(problems.join('\n')).toMatch(/bad key segment: "applied:slack:T1:C1:view:V1:undefined:0f"/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The defects the fuzzing found (all fixed), each with its minimal payload (shrunk by fast-check, then by hand), and
// the fuzzing's count of requests that hit one again, which must stay zero.

describe('defects found by the fuzzing', () => {
  it.each(KNOWN)('was hit by no fuzzed request: $name', ({ hits }) => {
    expect({ hits: hits.length, examples: hits.slice(0, 3) }).toEqual({ hits: 0, examples: [] });
  });

  /** Errors logged since `mark` (not Bolt's missed-ack line, which a fuzzed 500 may leave 3 s later). */
  const problemsSince = (mark: number) =>
    logProblems(h.logger.lines.slice(mark)).filter((line) => !/not acknowledged within/.test(line));

  it('a signed event_callback whose event is {"type":"function_executed"} is not answered with a 500', async () => {
    const mark = h.logger.lines.length;
    const envelope = eventCallback({ type: 'function_executed' });

    const response = await h.sender.event(envelope);
    await h.idle();

    // Observed: 500 ("No function_execution_id found" inside Bolt); the bot does not subscribe to this event.
    expect(response.status).toBeLessThan(500);
    expect(problemsSince(mark)).toEqual([]);
    // The Lambda entry alike (observed: statusCode 500).
    const lambda = await lambdaOnce(apiGatewayEvent(JSON.stringify(envelope), 'application/json'));
    expect(lambda.statusCode).toBeLessThan(500);
  });

  it.each([
    [
      'a mention',
      () => ({ ...eventCallback(appMentionEvent(ANNA, 'C0REGURLS', 'status')), response_urls: null }),
    ],
    [
      'a modal submission',
      () => ({
        ...viewSubmissionPayload({
          user: ANNA,
          view: { id: 'V0REG', hash: '1.hash', callback_id: 'ps:modal', private_metadata: '' },
          value: 'x',
        }),
        response_urls: [null],
      }),
    ],
  ])('%s with response_urls null or [null] (signed) is not answered with a 500', async (_name, build) => {
    const mark = h.logger.lines.length;
    const body = build();

    const response = 'event' in body ? await h.sender.event(body) : await h.sender.interact(body);
    await h.idle();

    // Observed: 500 (Bolt reads response_urls.length / response_urls[0].response_url before any listener runs).
    expect(response.status).toBeLessThan(500);
    expect(problemsSince(mark)).toEqual([]);
  });

  it.each([
    { actionId: 'ps:restart-confirm:-', channel: 'C0REGRESTART1', restarted: true },
    { actionId: 'ps:restart-cancel:-', channel: 'C0REGRESTART2', restarted: false },
  ])(
    'a click on $actionId of the restart confirmation without response_url does not throw in the listener',
    async ({ actionId, channel, restarted }) => {
      await seedInto(h.store, channel, 'processing');
      const session = h.channel(channel);
      await session.command('neu starten');
      const click = session.clickPayload(session.lastEphemeral(ANNA), actionId, ANNA);
      delete click.response_url;
      const mark = h.logger.lines.length;

      const response = await h.sender.interact(click);
      await h.idle();

      // Observed: 200, then "unhandled listener error: respond is not a function"; a confirmed restart is not done.
      expect(response.status).toBe(200);
      const answers = Object.keys((await h.record(channel))?.context.answers ?? {});
      expect({ restarted: answers.length === 0 }).toEqual({ restarted });
      expect(problemsSince(mark)).toEqual([]);
    },
  );

  it('a slash command without the text field is taken as an empty one (/paysetup), not a crash', async () => {
    const fields: Record<string, string | undefined> = slashCommandFields(
      '',
      ANNA,
      { channel: 'C0REGNOTEXT' },
      h.fake.responseUrl('cmd-regnotext'),
    );
    delete fields.text;
    const mark = h.logger.lines.length;
    const before = h.fake.mark();

    const response = await h.sender.command(fields as Record<string, string>);
    await h.idle();

    // Observed: 200, then "unhandled listener error: Cannot read properties of undefined (reading 'trim')", nothing
    // posted (the edge's schema defaults text to '', but Bolt hands the listener the body without it).
    expect(response.status).toBe(200);
    expect(problemsSince(mark)).toEqual([]);
    expect(h.fake.since(before).filter((c) => c.method.startsWith('chat.')).length).toBeGreaterThan(0);
  });

  it('a modal submission without view.hash stores no key with an "undefined" segment', async () => {
    await seedInto(h.store, 'C0REGHASH', 'oms');
    const session = h.channel('C0REGHASH');
    await session.command('start');
    const message = session.currentQuestion();
    if (!message) throw new Error('expected the oms question');
    const mark = h.fake.mark();
    await session.click(message, 'ps:text:oms', ANNA);
    const opened = h.fake.since(mark, 'views.open')[0] as RecordedCall;
    const view = { ...(opened.args.view as Record<string, unknown>), ...(opened.response.view as object) };
    const payload = viewSubmissionPayload({ user: ANNA, view, value: 'JTL-Wawi' });
    delete (payload.view as Record<string, unknown>).hash;

    const response = await h.sender.interact(payload);
    await h.idle();

    expect(response.status).toBe(200);
    expect((await h.record('C0REGHASH'))?.context.answers.oms?.value).toBe('JTL-Wawi');
    // Observed: applied:slack:T1:C0REGHASH:view:V…:undefined:<hash of the value> (the idempotency key of the modal).
    const keys = (await listAll(h.store, ''))
      .map((row) => row.key)
      .filter((key) => key.includes('C0REGHASH'));
    expect(keys.filter((key) => key.split(':').includes('undefined'))).toEqual([]);
  });

  it('the Lambda handler takes a form body whose Content-Type carries a charset, as the HTTP server does', async () => {
    const raw = new URLSearchParams(
      slashCommandFields('status', ANNA, { channel: 'C0REGCHARSET' }, h.fake.responseUrl('cmd-regcharset')),
    ).toString();
    const contentType = 'application/x-www-form-urlencoded; charset=utf-8';
    expect((await h.sender.send(raw, contentType)).status).toBe(200);
    await h.idle();

    const event = apiGatewayEvent(raw, 'application/x-www-form-urlencoded');
    (event.headers as Record<string, string>)['Content-Type'] = contentType;

    // Observed: the handler rejects with SyntaxError (Bolt's AwsLambdaReceiver JSON-parses any body whose content
    // type is not exactly application/x-www-form-urlencoded); API Gateway answers that with a 502.
    await expect(lambdaOnce(event)).resolves.toMatchObject({ statusCode: 200 });
  });
});
