import { LINKS, REGIONS, type RegionId } from './resources';
import type { AnswerLookup, Flow, Gap, ProfileField, Question, Tip } from './types';

/**
 * The five steps of an Amazon Pay integration, after the integration experts' "Fünf Schritte"
 * (docs/amazon-pay-five-steps.de.txt) and the verified facts (docs/amazon-pay-facts.md). Texts:
 * locales/<lang>/flow.json under the same ids.
 */

/** Whether the answer to `id` is `choice` or, for a multiple choice, includes it. */
export const answered = (answer: AnswerLookup, id: string, choice: string): boolean => {
  const value = answer(id);
  return value === choice || (Array.isArray(value) && value.includes(choice));
};

export const capturesLater = (a: AnswerLookup) => answered(a, 'processing', 'capture_at_shipment');
export const isRecurring = (a: AnswerLookup) =>
  answered(a, 'payments', 'recurring') || answered(a, 'payments', 'both');
/** Sandbox simulations 0701 and 4354 need canHandlePendingAuthorization=true (facts: sandbox simulations). */
export const handlesPending = (a: AnswerLookup) => answered(a, 'pending_authorization', 'yes');

/** Shop platforms with an Amazon Pay plugin seen in public repositories (facts file), and where it was seen. */
export const PLATFORM_PLUGINS: Readonly<Record<string, string>> = {
  magento2: `Magento 2 (${LINKS.pluginMagento2})`,
  woocommerce: 'WooCommerce (woocommerce-gateway-amazon-pay)',
  oxid: 'OXID eShop',
  jtl: 'JTL-Shop (Solution360)',
  spryker: 'Spryker',
  prestashop: 'PrestaShop',
  plentymarkets: 'plentymarkets',
  sfcc: 'Salesforce Commerce Cloud',
};

/**
 * Official Amazon Pay API v2 SDKs by back-end language (facts file), with where to get them and, where the facts name
 * it, the setting that selects the sandbox. Python has none; Ruby's sandbox setting is not in the facts.
 */
export const SDKS: Readonly<Record<string, { name: string; where: string; sandboxSetting?: string }>> = {
  php: { name: 'amazon-pay-api-sdk-php', where: LINKS.sdkPhp, sandboxSetting: "'sandbox' => true" },
  java: {
    name: 'amazon-pay-sdk-v2-java',
    where: 'software.amazon.pay:amazon-pay-sdk-v2-java',
    sandboxSetting: 'Environment.SANDBOX',
  },
  dotnet: { name: 'Amazon.Pay.API.SDK', where: LINKS.sdkDotnet, sandboxSetting: 'Environment.Sandbox' },
  ruby: { name: 'amazon-pay-api-sdk-ruby', where: 'amazon-pay-api-sdk-ruby' },
  nodejs: {
    name: '@amazonpay/amazon-pay-api-sdk-nodejs',
    where: LINKS.sdkNodejs,
    sandboxSetting: 'sandbox: true',
  },
};

/** Whether the team's platform is one with an Amazon Pay plugin seen in public sources. */
export const hasPlugin = (a: AnswerLookup): boolean => {
  const platform = a('platform');
  return typeof platform === 'string' && platform in PLATFORM_PLUGINS;
};

/** The region's hosts, once the team has named its region. */
function regionOf(a: AnswerLookup): (typeof REGIONS)[RegionId] | null {
  const region = a('region');
  return typeof region === 'string' && region in REGIONS ? REGIONS[region as RegionId] : null;
}

/** A public key id without its SANDBOX-/LIVE- prefix: the environment then comes from the path (facts file). */
const unprefixed = (a: AnswerLookup, id: string, prefix: string): boolean => {
  const value = a(id);
  return typeof value === 'string' && !value.startsWith(prefix);
};

const questions: Question[] = [
  // Step 1: review your setup: the seed's five questions (the second and third asked in parts), and the region.
  {
    id: 'placement',
    step: 'setup',
    kind: 'multi',
    skip: 'never',
    choices: ['cart', 'checkout', 'product_page', 'other'],
  },
  {
    id: 'processing',
    step: 'setup',
    kind: 'single',
    skip: 'never',
    choices: ['capture_at_order', 'capture_at_shipment', 'other'],
  },
  {
    id: 'pending_authorization',
    step: 'setup',
    kind: 'single',
    skip: 'never',
    choices: ['yes', 'no', 'unsure'],
  },
  {
    id: 'platform',
    step: 'setup',
    kind: 'single',
    skip: 'never',
    choices: [...Object.keys(PLATFORM_PLUGINS), 'shopware', 'custom', 'other'],
  },
  {
    id: 'backend',
    step: 'setup',
    kind: 'single',
    skip: 'never',
    choices: ['php', 'java', 'dotnet', 'ruby', 'nodejs', 'python', 'other'],
    // Asked only where no plugin does the work: a custom shop, or a platform without a known plugin.
    when: (a) => !hasPlugin(a),
    dependsOn: ['platform'],
  },
  { id: 'oms', step: 'setup', kind: 'text', format: 'free', minWords: 1, skip: 'free' },
  {
    id: 'payments',
    step: 'setup',
    kind: 'single',
    skip: 'never',
    choices: ['one_time', 'recurring', 'both'],
    combines: { both: ['one_time', 'recurring'] },
  },
  {
    id: 'channels',
    step: 'setup',
    kind: 'multi',
    skip: 'never',
    choices: ['web', 'app', 'voice', 'other'],
  },
  { id: 'region', step: 'setup', kind: 'single', skip: 'never', choices: ['eu', 'na', 'jp'] },

  // Step 2: register a sandbox account.
  { id: 'sandbox_account', step: 'register', kind: 'yesno', mustBeYes: true, skip: 'never' },
  { id: 'sandbox_key', step: 'register', kind: 'text', format: 'sandboxPublicKeyId', skip: 'free' },
  { id: 'merchant_id', step: 'register', kind: 'text', format: 'merchantId', skip: 'free' },

  // Step 3: help us help you: the welcome kit and the customer's view of a declined payment.
  { id: 'welcome_kit', step: 'customer', kind: 'yesno', mustBeYes: true, skip: 'reason' },
  {
    id: 'decline_handling',
    step: 'customer',
    kind: 'multi',
    skip: 'never',
    choices: ['soft_retry', 'hard_update', 'other_method', 'none'],
    exclusive: 'none',
  },
  { id: 'decline_experience', step: 'customer', kind: 'text', format: 'free', minWords: 4, skip: 'never' },

  // Step 4: test, test, test: a plan drawn from the answers of step 1.
  { id: 'test_component', step: 'test', kind: 'testcase', skip: 'reason', params: { card: '1111' } },
  { id: 'test_system', step: 'test', kind: 'testcase', skip: 'reason' },
  { id: 'test_notifications', step: 'test', kind: 'testcase', skip: 'reason' },
  { id: 'test_refund', step: 'test', kind: 'testcase', skip: 'reason' },
  {
    id: 'test_buyer_canceled',
    step: 'test',
    kind: 'testcase',
    skip: 'reason',
    params: { card: '3064', code: 'BuyerCanceled' },
  },
  { id: 'test_declined', step: 'test', kind: 'testcase', skip: 'reason', params: { card: '3434' } },
  {
    id: 'test_async_authorization',
    step: 'test',
    kind: 'testcase',
    skip: 'reason',
    params: { card: '0701' },
    when: handlesPending,
    dependsOn: ['pending_authorization'],
  },
  {
    id: 'test_hard_declined',
    step: 'test',
    kind: 'testcase',
    skip: 'reason',
    params: { card: '4354', code: 'HardDeclined' },
    when: handlesPending,
    dependsOn: ['pending_authorization'],
  },
  {
    id: 'test_late_capture',
    step: 'test',
    kind: 'testcase',
    skip: 'reason',
    when: capturesLater,
    dependsOn: ['processing'],
  },
  {
    id: 'test_recurring',
    step: 'test',
    kind: 'testcase',
    skip: 'reason',
    when: isRecurring,
    dependsOn: ['payments'],
  },

  // Step 5: prepare the launch. Whatever is skipped here stays an open item before launch.
  {
    id: 'seller_central',
    step: 'launch',
    kind: 'checklist',
    skip: 'reason',
    items: ['bank_account', 'credit_card', 'tax_status', 'staff_access', 'logo', 'customer_service'],
  },
  { id: 'live_key', step: 'launch', kind: 'text', format: 'livePublicKeyId', skip: 'reason' },
  {
    id: 'production_endpoints',
    step: 'launch',
    kind: 'checklist',
    skip: 'reason',
    items: ['live_endpoints', 'button_sandbox_flag', 'javascript_origins'],
  },
  { id: 'production_ipn', step: 'launch', kind: 'text', format: 'httpsUrl', skip: 'reason' },
  { id: 'production_validated', step: 'launch', kind: 'yesno', mustBeYes: true, skip: 'reason' },
];

/** Developer tips from the answers of step 1, in the order a developer needs them. */
function setupTips(a: AnswerLookup): Tip[] {
  const result: Tip[] = [{ id: 'involve_developers' }];
  const platform = a('platform');
  const backend = a('backend');
  if (typeof platform === 'string' && hasPlugin(a)) {
    result.push({ id: 'plugin', params: { plugin: PLATFORM_PLUGINS[platform] ?? platform } });
  } else if (platform === 'shopware' || platform === 'other') {
    result.push({ id: 'plugin_unknown' });
  }
  const sdk = typeof backend === 'string' ? SDKS[backend] : undefined;
  if (sdk?.sandboxSetting) {
    result.push({ id: 'sdk', params: { sdk: sdk.name, where: sdk.where, setting: sdk.sandboxSetting } });
  } else if (sdk) {
    result.push({ id: 'sdk_without_setting', params: { sdk: sdk.name, where: sdk.where } });
  } else if (backend === 'python') {
    result.push({ id: 'sdk_python' });
  } else if (backend === 'other') {
    result.push({ id: 'sdk_other' });
  }
  const region = regionOf(a);
  if (region) result.push({ id: 'region', params: { apiHost: region.apiHost, script: region.buttonScript } });
  if (answered(a, 'processing', 'capture_at_order')) result.push({ id: 'capture_at_order' });
  if (capturesLater(a)) result.push({ id: 'capture_at_shipment' });
  if (handlesPending(a))
    result.push({ id: 'pending_authorization', params: { link: LINKS.asyncProcessing } });
  if (answered(a, 'pending_authorization', 'unsure')) result.push({ id: 'pending_authorization_unsure' });
  if (isRecurring(a)) result.push({ id: 'recurring', params: { link: LINKS.recurringPayments } });
  if (answered(a, 'placement', 'product_page')) result.push({ id: 'express_button' });
  if (answered(a, 'channels', 'voice')) result.push({ id: 'voice', params: { link: LINKS.voice } });
  result.push({ id: 'button_signature' });
  result.push({ id: 'resources', params: { ipn: LINKS.ipn, async: LINKS.asyncProcessing } });
  return result;
}

/** After step 2: where the sandbox environment comes from when the key id carries no prefix. */
function registerTips(a: AnswerLookup): Tip[] {
  const result: Tip[] = [{ id: 'sandbox_accounts', params: { link: LINKS.sandboxAccounts } }];
  if (unprefixed(a, 'sandbox_key', 'SANDBOX-')) result.push({ id: 'sandbox_key_unprefixed' });
  return result;
}

/** For each decline case the team's system does not handle yet, what to build (facts: handling a failed Create Charge). */
function declineTips(a: AnswerLookup): Tip[] {
  return declineGaps(a).map((gap) => ({ id: gap.id }));
}

const DECLINE_CASES = ['soft_retry', 'hard_update', 'other_method'] as const;

function declineGaps(a: AnswerLookup): Gap[] {
  const handled = a('decline_handling');
  if (!Array.isArray(handled)) return [];
  return DECLINE_CASES.filter((c) => !handled.includes(c)).map((c) => ({
    id: `decline_${c}`,
    questionId: 'decline_handling',
  }));
}

/** Step 4: where the simulations are documented. */
function testTips(): Tip[] {
  return [{ id: 'sandbox_simulations', params: { link: LINKS.sandboxSimulations } }];
}

/** Step 5: the production key without prefix, and where Seller Central's help for the region is. */
function launchTips(a: AnswerLookup): Tip[] {
  const result: Tip[] = [];
  if (unprefixed(a, 'live_key', 'LIVE-')) result.push({ id: 'live_key_unprefixed' });
  const region = a('region');
  if (region === 'eu') result.push({ id: 'seller_central_help', params: { link: LINKS.sellerCentralEu } });
  else if (region === 'na')
    result.push({ id: 'seller_central_help', params: { link: LINKS.sellerCentralUs } });
  result.push({ id: 'faq_unverified' });
  return result;
}

/** Open items the answers reveal: decline cases not handled yet, and not knowing how authorizations are handled. */
function gaps(a: AnswerLookup): Gap[] {
  const result: Gap[] = [];
  if (answered(a, 'pending_authorization', 'unsure')) {
    result.push({ id: 'pending_authorization_unknown', questionId: 'pending_authorization' });
  }
  result.push(...declineGaps(a));
  return result;
}

/** What the report's summary shows: the setup at a glance, with the SDK or plugin the answers point to. */
function profile(a: AnswerLookup): ProfileField[] {
  const platform = a('platform');
  const backend = a('backend');
  const sdk = typeof backend === 'string' ? SDKS[backend] : undefined;
  const integration =
    typeof platform === 'string' && hasPlugin(a)
      ? PLATFORM_PLUGINS[platform]
      : sdk
        ? `${sdk.name} (${sdk.where})`
        : undefined;
  const region = regionOf(a);
  return [
    { id: 'platform', questionId: 'platform' },
    { id: 'backend', questionId: 'backend' },
    { id: 'integration', ...(integration ? { detail: integration } : {}) },
    { id: 'region', questionId: 'region', ...(region ? { detail: region.apiHost } : {}) },
    { id: 'capture', questionId: 'processing' },
    { id: 'pending', questionId: 'pending_authorization' },
    { id: 'payments', questionId: 'payments' },
    { id: 'channels', questionId: 'channels' },
  ];
}

export const amazonPayFlow: Flow = {
  id: 'amazon-pay-five-steps',
  // 2: the region and pending-authorization questions, checklists and launch questions skippable with a reason.
  version: 2,
  steps: ['setup', 'register', 'customer', 'test', 'launch'],
  questions,
  advice: {
    setup: setupTips,
    register: registerTips,
    customer: declineTips,
    test: testTips,
    launch: launchTips,
  },
  gaps,
  profile,
};
