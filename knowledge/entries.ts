import { answered, capturesLater, handlesPending, hasPlugin, isRecurring } from '../flows/amazon-pay';
import type { LinkId } from '../flows/resources';
import type { AnswerLookup } from '../flows/types';
import type { KnowledgeEntry } from './types';

/**
 * What a team can ask the assistant, each entry resting only on the verified facts (docs/amazon-pay-facts.md). Texts:
 * `locales/<lang>/knowledge.json` under `entries.<id>`. The order is the steps' order; it means nothing else.
 */

const capturesAtOrder = (a: AnswerLookup) => answered(a, 'processing', 'capture_at_order');
const pendingUnsure = (a: AnswerLookup) => answered(a, 'pending_authorization', 'unsure');
const noPending = (a: AnswerLookup) => answered(a, 'pending_authorization', 'no');
const inRegion = (region: string) => (a: AnswerLookup) => answered(a, 'region', region);
const usesPython = (a: AnswerLookup) => answered(a, 'backend', 'python');
const plansVoice = (a: AnswerLookup) => answered(a, 'channels', 'voice');
/** The team has said in step 3 how it handles declines, and this case is not among them. */
const declineUnhandled = (choice: string) => (a: AnswerLookup) =>
  Array.isArray(a('decline_handling')) && !answered(a, 'decline_handling', choice);

const REGION_CONTEXT = [
  { id: 'region_eu', when: inRegion('eu') },
  { id: 'region_na', when: inRegion('na') },
  { id: 'region_jp', when: inRegion('jp') },
] as const;

export const ENTRIES = [
  // Step 1: the setup. Objects, states and timing, regions, SDKs and plugins, voice.
  {
    id: 'authorization_expiry',
    step: 'setup',
    source: 'asyncProcessing',
    context: [
      { id: 'capture_at_shipment', when: capturesLater },
      { id: 'capture_at_order', when: capturesAtOrder },
    ],
  },
  {
    id: 'capture_timing',
    step: 'setup',
    source: 'asyncProcessing',
    context: [
      { id: 'capture_at_shipment', when: capturesLater },
      { id: 'capture_at_order', when: capturesAtOrder },
    ],
  },
  {
    id: 'late_capture',
    step: 'setup',
    source: 'asyncProcessing',
    context: [{ id: 'capture_at_shipment', when: capturesLater }],
  },
  {
    id: 'pending_authorization',
    step: 'setup',
    source: 'asyncProcessing',
    context: [
      { id: 'handles_pending', when: handlesPending },
      { id: 'pending_unsure', when: pendingUnsure },
    ],
  },
  { id: 'async_operations', step: 'setup', source: 'asyncProcessing' },
  { id: 'charge_states', step: 'setup', source: 'asyncProcessing' },
  { id: 'checkout_session_expiry', step: 'setup', source: 'sdkNodejs' },
  { id: 'payment_intent', step: 'setup', source: 'sdkNodejs' },
  {
    id: 'charge_permission',
    step: 'setup',
    source: 'chargePermission',
    context: [{ id: 'recurring', when: isRecurring }],
  },
  {
    id: 'charge_permission_expiry',
    step: 'setup',
    source: 'chargePermission',
    context: [{ id: 'recurring', when: isRecurring }],
  },
  {
    id: 'recurring_payments',
    step: 'setup',
    source: 'recurringPayments',
    context: [{ id: 'recurring', when: isRecurring }],
  },
  { id: 'api_hosts', step: 'setup', source: 'sdkPhp', context: REGION_CONTEXT },
  { id: 'button_script', step: 'setup', source: 'sdkPhp', context: REGION_CONTEXT },
  { id: 'button_signature', step: 'setup', source: 'sdkPhp' },
  { id: 'sdk_sandbox_setting', step: 'setup', source: 'sdkPhp' },
  {
    id: 'official_sdks',
    step: 'setup',
    source: 'sdkPhp',
    context: [
      { id: 'uses_plugin', when: hasPlugin },
      { id: 'python', when: usesPython },
    ],
  },
  { id: 'python_sdk', step: 'setup', source: 'sdkPhp', context: [{ id: 'python', when: usesPython }] },
  {
    id: 'plugins',
    step: 'setup',
    source: 'pluginMagento2',
    context: [{ id: 'uses_plugin', when: hasPlugin }],
  },
  // Nothing about Shopware is verified; the page given is the SDK the answer points a PHP shop to.
  { id: 'shopware_plugin', step: 'setup', source: 'sdkPhp' },
  { id: 'code_generator', step: 'setup', source: 'sdkPhp' },
  { id: 'voice_payments', step: 'setup', source: 'voice', context: [{ id: 'voice', when: plansVoice }] },
  { id: 'delivery_notifications', step: 'setup', source: 'voice' },

  // Step 2: register.
  { id: 'sandbox_only_account', step: 'register', source: 'sandboxAccounts' },
  { id: 'test_accounts', step: 'register', source: 'sandboxAccounts' },

  // Step 3: the customer's view of a decline.
  {
    id: 'decline_soft',
    step: 'customer',
    source: 'recurringPayments',
    context: [{ id: 'unhandled', when: declineUnhandled('soft_retry') }],
  },
  {
    id: 'decline_hard',
    step: 'customer',
    source: 'recurringPayments',
    context: [{ id: 'unhandled', when: declineUnhandled('hard_update') }],
  },
  {
    id: 'decline_other',
    step: 'customer',
    source: 'recurringPayments',
    context: [{ id: 'unhandled', when: declineUnhandled('other_method') }],
  },
  { id: 'reason_codes', step: 'customer', source: 'sdkDotnet' },

  // Step 4: test. Sandbox cards and simulations, refunds, notifications.
  { id: 'card_success', step: 'test', source: 'sandboxSimulations' },
  { id: 'card_buyer_canceled', step: 'test', source: 'sandboxSimulations' },
  { id: 'card_declined', step: 'test', source: 'sandboxSimulations' },
  {
    id: 'card_pending_authorized',
    step: 'test',
    source: 'sandboxSimulations',
    context: [{ id: 'no_pending', when: noPending }],
  },
  {
    id: 'card_pending_declined',
    step: 'test',
    source: 'sandboxSimulations',
    context: [{ id: 'no_pending', when: noPending }],
  },
  { id: 'simulation_header', step: 'test', source: 'sandboxSimulations' },
  { id: 'simulation_codes', step: 'test', source: 'sandboxSimulations' },
  { id: 'refund_simulation', step: 'test', source: 'sandboxSimulations' },
  { id: 'legacy_simulations', step: 'test', source: 'legacySimulations' },
  { id: 'refund_states', step: 'test', source: 'refunds' },
  { id: 'refund_time_limit', step: 'test', source: 'refunds' },
  { id: 'refund_over_amount', step: 'test', source: 'refunds' },
  { id: 'refund_declined', step: 'test', source: 'refunds' },
  { id: 'ipn_format', step: 'test', source: 'ipn' },
  { id: 'ipn_types', step: 'test', source: 'ipn' },
  { id: 'ipn_setup', step: 'test', source: 'ipn' },

  // Step 5: prepare the launch. Keys and production, Seller Central.
  { id: 'live_key', step: 'launch', source: 'sdkPhp' },
  { id: 'key_prefixes', step: 'launch', source: 'sdkPhp' },
  { id: 'go_live_checklist', step: 'launch', source: 'sdkPhp' },
  { id: 'javascript_origins', step: 'launch', source: 'sdkPhp' },
  { id: 'production_ipn', step: 'launch', source: 'ipn' },
  { id: 'deposit_charge_method', step: 'launch', source: 'sellerCentralEu' },
  { id: 'account_verification', step: 'launch', source: 'sellerCentralEu' },
  { id: 'us_requirements', step: 'launch', source: 'sellerCentralUs' },
  { id: 'customer_service_contact', step: 'launch', source: 'buyerCommunication' },
  { id: 'store_name_logo', step: 'launch', source: 'buyerCommunication' },
  { id: 'stakeholders', step: 'launch', source: 'sellerCentralEu' },
] as const satisfies readonly KnowledgeEntry[];

type Entry = (typeof ENTRIES)[number];

export type EntryId = Entry['id'];

/** The id of a context variant of any entry (`capture_at_shipment`, `region_eu`, …). */
export type ContextId = Extract<Entry, { context: unknown }>['context'][number]['id'];

/**
 * Where a team that gets no answer can read on: the asynchronous-processing page, which the flow's tips also give as
 * the documentation to read (`flow:tips.resources`). Used only when no entry comes close.
 */
export const DOCS_LINK: LinkId = 'asyncProcessing';
