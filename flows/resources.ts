/**
 * The only web addresses the bot gives: pages named in the verified facts (docs/amazon-pay-facts.md). A test fails
 * when a locale text or a flow carries an address that is not here, or one here that the facts do not name.
 * Material the seed mentions but the facts could not verify (the front-end code generator, the FAQ site) has no
 * address: the texts say plainly that it is not verified.
 */
export const LINKS = {
  asyncProcessing: 'https://developer.amazon.com/docs/amazon-pay-checkout/asynchronous-processing.html',
  refunds: 'https://developer.amazon.com/docs/amazon-pay-checkout/manage-refunds.html',
  recurringPayments:
    'https://developer.amazon.com/docs/amazon-pay-recurring-apb-checkout/manage-recurring-payments.html',
  sandboxAccounts: 'https://developer.amazon.com/docs/amazon-pay-checkout/amazon-pay-sandbox-accounts.html',
  sandboxSimulations: 'https://developer.amazon.com/de/docs/amazon-pay-checkout/sandbox-simulations.html',
  legacySimulations: 'https://pay.amazon.com/de/developer/documentation/lpwa/201956480',
  // As the facts name it, with the `.md` ending of its source; the published page likely ends in `.html`. To be
  // corrected here once the facts are.
  chargePermission: 'https://developer.amazon.com/docs/amazon-pay-api-v2/charge-permission.md',
  ipn: 'https://developer.amazon.com/docs/amazon-pay-checkout/set-up-instant-payment-notifications.html',
  buyerCommunication: 'https://developer.amazon.com/docs/amazon-pay-checkout/buyer-communication.html',
  sellerCentralEu: 'https://pay.amazon.ie/help/202153200',
  sellerCentralUs: 'https://pay.amazon.com/help/JXYC9GRJATFBSXN',
  voice:
    'https://developer.amazon.com/de-DE/docs/alexa/amazon-pay-alexa/integrate-skill-with-amazon-pay-v2.html',
  sdkPhp: 'https://github.com/amzn/amazon-pay-api-sdk-php',
  sdkNodejs: 'https://github.com/amzn/amazon-pay-api-sdk-nodejs',
  sdkDotnet: 'https://github.com/amzn/amazon-pay-api-sdk-dotnet',
  pluginMagento2: 'https://github.com/amzn/amazon-payments-magento-2-plugin',
} as const;

export type LinkId = keyof typeof LINKS;

/** Amazon Pay's regions and what differs between them (facts: "Regions, endpoints, going live"). */
export const REGIONS = {
  eu: {
    apiHost: 'pay-api.amazon.eu',
    buttonScript: 'static-eu.payments-amazon.com/checkout.js',
    sdkRegion: 'eu',
  },
  na: {
    apiHost: 'pay-api.amazon.com',
    buttonScript: 'static-na.payments-amazon.com/checkout.js',
    sdkRegion: 'us',
  },
  jp: {
    apiHost: 'pay-api.amazon.jp',
    buttonScript: 'static-fe.payments-amazon.com/checkout.js',
    sdkRegion: 'jp',
  },
} as const;

export type RegionId = keyof typeof REGIONS;
