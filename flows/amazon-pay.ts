import type { AnswerLookup, Flow, Question, Tip } from './types';

/**
 * The five steps of an Amazon Pay integration, after the integration experts' "Fünf Schritte" (shared/seed) and the
 * verified facts in shared/facts/amazon-pay.md. Texts: locales/<lang>/flow.json under the same ids.
 */

const answered = (answer: AnswerLookup, id: string, choice: string): boolean => {
  const value = answer(id);
  return value === choice || (Array.isArray(value) && value.includes(choice));
};

const capturesLater = (a: AnswerLookup) => answered(a, 'processing', 'capture_at_shipment');
const isRecurring = (a: AnswerLookup) =>
  answered(a, 'payments', 'recurring') || answered(a, 'payments', 'both');

/** Shop platforms with an Amazon Pay plugin seen in public repositories (facts file), and where to find it. */
export const PLATFORM_PLUGINS: Readonly<Record<string, string>> = {
  magento2: 'Magento 2 (amzn/amazon-payments-magento-2-plugin)',
  woocommerce: 'WooCommerce (woocommerce-gateway-amazon-pay)',
  oxid: 'OXID eShop',
  jtl: 'JTL-Shop (Solution360)',
  spryker: 'Spryker',
  prestashop: 'PrestaShop',
  plentymarkets: 'plentymarkets',
  sfcc: 'Salesforce Commerce Cloud',
};

/** Official Amazon Pay API v2 SDKs by back-end language (facts file). Python has none. */
export const SDKS: Readonly<Record<string, string>> = {
  php: 'amzn/amazon-pay-api-sdk-php',
  java: 'software.amazon.pay:amazon-pay-sdk-v2-java',
  dotnet: 'Amazon.Pay.API.SDK',
  ruby: 'amazon-pay-api-sdk-ruby',
  nodejs: '@amazonpay/amazon-pay-api-sdk-nodejs',
};

const hasPlugin = (a: AnswerLookup): boolean => {
  const platform = a('platform');
  return typeof platform === 'string' && platform in PLATFORM_PLUGINS;
};

const questions: Question[] = [
  // Step 1: review your setup: the seed's five questions (the third, on systems, asked in three parts).
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
  },
  { id: 'oms', step: 'setup', kind: 'text', format: 'free', skip: 'free' },
  {
    id: 'payments',
    step: 'setup',
    kind: 'single',
    skip: 'never',
    choices: ['one_time', 'recurring', 'both'],
  },
  {
    id: 'channels',
    step: 'setup',
    kind: 'multi',
    skip: 'never',
    choices: ['web', 'app', 'voice', 'other'],
  },

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
  { id: 'decline_experience', step: 'customer', kind: 'text', format: 'free', skip: 'never' },

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
    when: capturesLater,
  },
  {
    id: 'test_hard_declined',
    step: 'test',
    kind: 'testcase',
    skip: 'reason',
    params: { card: '4354', code: 'HardDeclined' },
    when: capturesLater,
  },
  { id: 'test_late_capture', step: 'test', kind: 'testcase', skip: 'reason', when: capturesLater },
  { id: 'test_recurring', step: 'test', kind: 'testcase', skip: 'reason', when: isRecurring },

  // Step 5: prepare the launch.
  {
    id: 'seller_central',
    step: 'launch',
    kind: 'checklist',
    skip: 'never',
    items: ['bank_account', 'credit_card', 'tax_status', 'staff_access', 'logo', 'customer_service'],
  },
  { id: 'live_key', step: 'launch', kind: 'text', format: 'livePublicKeyId', skip: 'never' },
  {
    id: 'production_endpoints',
    step: 'launch',
    kind: 'checklist',
    skip: 'never',
    items: ['live_endpoints', 'button_sandbox_flag', 'javascript_origins'],
  },
  { id: 'production_ipn', step: 'launch', kind: 'text', format: 'httpsUrl', skip: 'never' },
  { id: 'production_validated', step: 'launch', kind: 'yesno', mustBeYes: true, skip: 'never' },
];

/** Developer tips from the answers of step 1, in the order a developer needs them. */
function setupTips(a: AnswerLookup): Tip[] {
  const result: Tip[] = [{ id: 'involve_developers' }];
  const platform = a('platform');
  const backend = a('backend');
  if (typeof platform === 'string' && hasPlugin(a)) {
    result.push({ id: 'plugin', params: { plugin: PLATFORM_PLUGINS[platform] ?? platform } });
  } else if (platform === 'shopware' || platform === 'other') {
    result.push({ id: 'plugin_unverified' });
  }
  if (typeof backend === 'string' && SDKS[backend]) {
    result.push({ id: 'sdk', params: { sdk: SDKS[backend] } });
  } else if (backend === 'python') {
    result.push({ id: 'sdk_python' });
  } else if (backend === 'other') {
    result.push({ id: 'sdk_other' });
  }
  if (answered(a, 'processing', 'capture_at_order')) result.push({ id: 'capture_at_order' });
  if (capturesLater(a)) result.push({ id: 'capture_at_shipment' });
  if (isRecurring(a)) result.push({ id: 'recurring' });
  if (answered(a, 'placement', 'product_page')) result.push({ id: 'express_button' });
  if (answered(a, 'channels', 'voice')) result.push({ id: 'voice' });
  result.push({ id: 'button_signature' });
  return result;
}

/** For each decline case the team's system does not handle yet, what to build (facts: handling a failed Create Charge). */
function declineTips(a: AnswerLookup): Tip[] {
  const handled = a('decline_handling');
  const cases = ['soft_retry', 'hard_update', 'other_method'];
  return cases
    .filter((c) => !(Array.isArray(handled) && handled.includes(c)))
    .map((c) => ({ id: `decline_${c}` }));
}

export const amazonPayFlow: Flow = {
  id: 'amazon-pay-five-steps',
  version: 1,
  steps: ['setup', 'register', 'customer', 'test', 'launch'],
  questions,
  advice: { setup: setupTips, customer: declineTips },
};
