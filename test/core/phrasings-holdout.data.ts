import type { Phrasing } from './phrasings.data';

/**
 * A second, held-out table of answers as team members type them, written independently of the first and of
 * the locale files, to measure how well the parser generalizes.
 */
export const HOLDOUT: Record<'de' | 'en', Phrasing[]> = {
  de: [
    // placement (multi)
    { question: 'placement', says: 'Warenkorb und Checkout', means: { choices: ['cart', 'checkout'] } },
    { question: 'placement', says: '1, 3', means: { choices: ['cart', 'product_page'] } },
    {
      question: 'placement',
      says: 'am besten im warenkorb, im checkout und auf der produktseite',
      means: { choices: ['cart', 'checkout', 'product_page'] },
    },
    { question: 'placement', says: 'Nur auf der Produktdetailseite', means: { choices: ['product_page'] } },
    {
      question: 'placement',
      says: 'im warenkrob und zusaetzlich auf der login seite',
      means: { choices: ['cart', 'other'] },
    },
    { question: 'placement', says: 'Im Checkout, aber nicht im Warenkorb', means: { choices: ['checkout'] } },

    // processing (single)
    {
      question: 'processing',
      says: 'Wir buchen sofort bei der Bestellung ab',
      means: { choice: 'capture_at_order' },
    },
    { question: 'processing', says: 'erst beim versand', means: { choice: 'capture_at_shipment' } },
    { question: 'processing', says: '2', means: { choice: 'capture_at_shipment' } },
    {
      question: 'processing',
      says: 'Autorisierung bei Bestellung, belastet wird erst wenn das Paket rausgeht',
      means: { choice: 'capture_at_shipment' },
    },
    { question: 'processing', says: 'direkt bei bestelung', means: { choice: 'capture_at_order' } },
    {
      question: 'processing',
      says: 'Bei uns ist das komplizierter, wir haben Teillieferungen und Vorbestellungen',
      means: { choice: 'other' },
    },

    // pending_authorization (single)
    { question: 'pending_authorization', says: 'ja', means: { choice: 'yes' } },
    {
      question: 'pending_authorization',
      says: 'Ja, canHandlePendingAuthorization steht bei uns auf true',
      means: { choice: 'yes' },
    },
    { question: 'pending_authorization', says: 'nein, machen wir nicht', means: { choice: 'no' } },
    {
      question: 'pending_authorization',
      says: 'keine ahnung, da muss ich die entwickler fragen',
      means: { choice: 'unsure' },
    },
    { question: 'pending_authorization', says: 'weiss ich nicht', means: { choice: 'unsure' } },
    { question: 'pending_authorization', says: 'nee, steht aktuell auf false', means: { choice: 'no' } },

    // platform (single)
    { question: 'platform', says: 'Magento 2', means: { choice: 'magento2' } },
    { question: 'platform', says: 'wir sind auf woocomerce', means: { choice: 'woocommerce' } },
    {
      question: 'platform',
      says: 'Also bei uns läuft das Ganze seit zwei Jahren auf Shopware 6',
      means: { choice: 'shopware' },
    },
    { question: 'platform', says: 'JTL', means: { choice: 'jtl' } },
    { question: 'platform', says: 'oxid eshop', means: { choice: 'oxid' } },
    { question: 'platform', says: 'Eigenentwicklung', means: { choice: 'custom' } },
    { question: 'platform', says: 'Salesforce Commerce Cloud', means: { choice: 'sfcc' } },
    { question: 'platform', says: 'wir nutzen Shopify', means: { choice: 'other' } },
    { question: 'platform', says: '7', means: { choice: 'plentymarkets' } },
    { question: 'platform', says: 'Spryker', means: { choice: 'spryker' } },

    // backend (single)
    { question: 'backend', says: 'PHP', means: { choice: 'php' } },
    { question: 'backend', says: 'java mit spring boot', means: { choice: 'java' } },
    { question: 'backend', says: 'C# / .NET', means: { choice: 'dotnet' } },
    { question: 'backend', says: 'ruby on rails', means: { choice: 'ruby' } },
    { question: 'backend', says: 'pyhton', means: { choice: 'python' } },
    { question: 'backend', says: 'Das Backend ist komplett in Go geschrieben', means: { choice: 'other' } },
    { question: 'backend', says: '5', means: { choice: 'nodejs' } },

    // payments (single)
    { question: 'payments', says: 'nur Einmalzahlungen', means: { choice: 'one_time' } },
    { question: 'payments', says: 'beides', means: { choice: 'both' } },
    {
      question: 'payments',
      says: 'wiederkehrende Zahlungen, wir haben Abos',
      means: { choice: 'recurring' },
    },
    { question: 'payments', says: '3', means: { choice: 'both' } },
    { question: 'payments', says: 'einmalig', means: { choice: 'one_time' } },

    // channels (multi)
    { question: 'channels', says: 'Web', means: { choices: ['web'] } },
    { question: 'channels', says: 'Webshop und App', means: { choices: ['web', 'app'] } },
    { question: 'channels', says: 'web, app und alexa', means: { choices: ['web', 'app', 'voice'] } },
    { question: 'channels', says: '1 und 2', means: { choices: ['web', 'app'] } },
    {
      question: 'channels',
      says: 'im Webshop und telefonisch über unser Callcenter',
      means: { choices: ['web', 'other'] },
    },
    { question: 'channels', says: 'Sprachbestellungen über Alexa', means: { choices: ['voice'] } },

    // region (single)
    { question: 'region', says: 'EU', means: { choice: 'eu' } },
    { question: 'region', says: 'Deutschland und Österreich', means: { choice: 'eu' } },
    { question: 'region', says: 'USA', means: { choice: 'na' } },
    { question: 'region', says: 'japan', means: { choice: 'jp' } },
    { question: 'region', says: '2', means: { choice: 'na' } },

    // decline_handling (multi)
    { question: 'decline_handling', says: 'Wir versuchen es nochmal', means: { choices: ['soft_retry'] } },
    {
      question: 'decline_handling',
      says: 'der Kunde kann seine Karte aktualisieren',
      means: { choices: ['hard_update'] },
    },
    {
      question: 'decline_handling',
      says: 'wir bieten dann eine andere Zahlungsart an',
      means: { choices: ['other_method'] },
    },
    { question: 'decline_handling', says: 'noch gar nichts davon', means: { choices: ['none'] } },
    {
      question: 'decline_handling',
      says: '1, 2 und 3',
      means: { choices: ['soft_retry', 'hard_update', 'other_method'] },
    },
    { question: 'decline_handling', says: '4', means: { choices: ['none'] } },

    // sandbox_account (yes/no)
    { question: 'sandbox_account', says: 'ja', means: { yes: true } },
    { question: 'sandbox_account', says: 'ja, haben wir schon', means: { yes: true } },
    { question: 'sandbox_account', says: 'nein, noch nicht', means: { yes: false } },
    { question: 'sandbox_account', says: 'sandox account ist vorhanden', means: { yes: true } },
    { question: 'sandbox_account', says: 'nö', means: { yes: false } },

    // welcome_kit (yes/no)
    { question: 'welcome_kit', says: 'ja, alles durchgelesen', means: { yes: true } },
    { question: 'welcome_kit', says: 'noch nicht', means: { yes: false } },
    { question: 'welcome_kit', says: 'jap', means: { yes: true } },
    { question: 'welcome_kit', says: 'nein, das Team hatte noch keine Zeit', means: { yes: false } },
    { question: 'welcome_kit', says: 'Ja, haben wir letzte Woche gemacht', means: { yes: true } },

    // production_validated (yes/no)
    {
      question: 'production_validated',
      says: 'ja, die ersten Live-Transaktionen sehen gut aus',
      means: { yes: true },
    },
    { question: 'production_validated', says: 'nein', means: { yes: false } },
    {
      question: 'production_validated',
      says: 'noch nicht, wir sind noch gar nicht live',
      means: { yes: false },
    },
    { question: 'production_validated', says: 'jo passt alles', means: { yes: true } },

    // seller_central (checklist, 6 items)
    { question: 'seller_central', says: 'alle', means: { tick: 'all' } },
    { question: 'seller_central', says: 'alles erledigt', means: { tick: 'all' } },
    { question: 'seller_central', says: '1, 2, 3', means: { tick: [1, 2, 3] } },
    { question: 'seller_central', says: '1-4', means: { tick: [1, 2, 3, 4] } },
    {
      question: 'seller_central',
      says: 'Bankkonto und Kreditkarte sind hinterlegt',
      means: { tick: [1, 2] },
    },
    { question: 'seller_central', says: 'alles ausser 5', means: { tick: [1, 2, 3, 4, 6] } },
    { question: 'seller_central', says: '2 und 5', means: { tick: [2, 5] } },

    // production_endpoints (checklist, 3 items)
    { question: 'production_endpoints', says: 'alle drei', means: { tick: 'all' } },
    { question: 'production_endpoints', says: '1 und 2', means: { tick: [1, 2] } },
    {
      question: 'production_endpoints',
      says: 'live endpoints sind umgestellt, der rest noch nicht',
      means: { tick: [1] },
    },
    {
      question: 'production_endpoints',
      says: 'Sandbox-Flag ist raus und die JavaScript-Origins sind eingetragen',
      means: { tick: [2, 3] },
    },

    // test cases
    { question: 'test_component', says: 'bestanden', means: { test: 'passed' } },
    { question: 'test_component', says: 'ok, lief durch', means: { test: 'passed' } },
    {
      question: 'test_component',
      says: 'fehlgeschlagen: Button wird nicht gerendert',
      means: { test: 'failed', note: 'Button wird nicht gerendert' },
    },
    { question: 'test_component', says: 'nicht bestanden', means: { test: 'failed' } },
    { question: 'test_system', says: 'erfolgreich', means: { test: 'passed' } },
    { question: 'test_system', says: 'bestnaden', means: { test: 'passed' } },
    {
      question: 'test_system',
      says: 'fehlgeschlagen - Timeout beim Complete Checkout',
      means: { test: 'failed', note: 'Timeout beim Complete Checkout' },
    },
    { question: 'test_system', says: 'hat nicht geklappt', means: { test: 'failed' } },
    { question: 'test_refund', says: 'Rückerstattung hat funktioniert', means: { test: 'passed' } },
    { question: 'test_refund', says: 'passt', means: { test: 'passed' } },
    {
      question: 'test_refund',
      says: 'fehlgeschlagen weil die Erstattung im Status Pending haengen bleibt',
      means: { test: 'failed', note: 'die Erstattung im Status Pending haengen bleibt' },
    },
    { question: 'test_refund', says: 'failed', means: { test: 'failed' } },
    { question: 'test_declined', says: 'lief durch', means: { test: 'passed' } },
    {
      question: 'test_declined',
      says: 'fehlgeschlgen: kunde bekommt keine fehlermeldung',
      means: { test: 'failed', note: 'kunde bekommt keine fehlermeldung' },
    },
    { question: 'test_declined', says: 'ist fehlgeschlagen', means: { test: 'failed' } },
    { question: 'test_buyer_canceled', says: 'erfolgreich getestet', means: { test: 'passed' } },
    {
      question: 'test_buyer_canceled',
      says: 'nicht bestanden - nach dem Abbruch landet der Kunde auf einer 404',
      means: { test: 'failed', note: 'nach dem Abbruch landet der Kunde auf einer 404' },
    },
    { question: 'test_buyer_canceled', says: 'ging schief', means: { test: 'failed' } },
  ],
  en: [
    // placement (multi)
    { question: 'placement', says: 'cart and checkout', means: { choices: ['cart', 'checkout'] } },
    { question: 'placement', says: 'product page only', means: { choices: ['product_page'] } },
    { question: 'placement', says: '2,3', means: { choices: ['checkout', 'product_page'] } },
    {
      question: 'placement',
      says: 'We want it on the cart page, in the checkout and on the product detail page',
      means: { choices: ['cart', 'checkout', 'product_page'] },
    },
    { question: 'placement', says: 'checkuot', means: { choices: ['checkout'] } },
    { question: 'placement', says: 'cart + login page', means: { choices: ['cart', 'other'] } },

    // processing (single)
    { question: 'processing', says: 'immediately', means: { choice: 'capture_at_order' } },
    { question: 'processing', says: 'at shipment', means: { choice: 'capture_at_shipment' } },
    {
      question: 'processing',
      says: 'we charge when the order ships',
      means: { choice: 'capture_at_shipment' },
    },
    { question: 'processing', says: 'capture right at order time', means: { choice: 'capture_at_order' } },
    { question: 'processing', says: '3', means: { choice: 'other' } },
    {
      question: 'processing',
      says: "it's different for us, we do a lot of pre-orders and split shipments",
      means: { choice: 'other' },
    },

    // pending_authorization (single)
    { question: 'pending_authorization', says: 'yes', means: { choice: 'yes' } },
    {
      question: 'pending_authorization',
      says: 'yep, canHandlePendingAuthorization is set to true',
      means: { choice: 'yes' },
    },
    { question: 'pending_authorization', says: 'no', means: { choice: 'no' } },
    {
      question: 'pending_authorization',
      says: 'not sure, need to check with the devs',
      means: { choice: 'unsure' },
    },
    { question: 'pending_authorization', says: "I don't know", means: { choice: 'unsure' } },
    { question: 'pending_authorization', says: '2', means: { choice: 'no' } },

    // platform (single)
    { question: 'platform', says: 'Magneto 2', means: { choice: 'magento2' } },
    { question: 'platform', says: 'WooCommerce', means: { choice: 'woocommerce' } },
    { question: 'platform', says: 'shopify', means: { choice: 'other' } },
    { question: 'platform', says: 'SFCC', means: { choice: 'sfcc' } },
    { question: 'platform', says: 'we built our own shop from scratch', means: { choice: 'custom' } },
    { question: 'platform', says: 'shopwre 6', means: { choice: 'shopware' } },
    { question: 'platform', says: '6', means: { choice: 'prestashop' } },
    { question: 'platform', says: 'plentymarktes', means: { choice: 'plentymarkets' } },
    { question: 'platform', says: 'We run on JTL-Shop', means: { choice: 'jtl' } },

    // backend (single)
    { question: 'backend', says: 'php', means: { choice: 'php' } },
    { question: 'backend', says: 'Java', means: { choice: 'java' } },
    { question: 'backend', says: '.net', means: { choice: 'dotnet' } },
    { question: 'backend', says: 'node', means: { choice: 'nodejs' } },
    { question: 'backend', says: 'python (django)', means: { choice: 'python' } },
    { question: 'backend', says: 'our backend is mostly ruby', means: { choice: 'ruby' } },
    { question: 'backend', says: 'Elixir', means: { choice: 'other' } },

    // payments (single)
    { question: 'payments', says: 'one-time', means: { choice: 'one_time' } },
    { question: 'payments', says: 'both', means: { choice: 'both' } },
    {
      question: 'payments',
      says: "recurring only, it's a subscription business",
      means: { choice: 'recurring' },
    },
    { question: 'payments', says: 'just one time payments', means: { choice: 'one_time' } },
    { question: 'payments', says: '2', means: { choice: 'recurring' } },
    { question: 'payments', says: 'a mix of both', means: { choice: 'both' } },

    // channels (multi)
    { question: 'channels', says: 'web', means: { choices: ['web'] } },
    { question: 'channels', says: 'website and mobile app', means: { choices: ['web', 'app'] } },
    { question: 'channels', says: 'web and alexa', means: { choices: ['web', 'voice'] } },
    { question: 'channels', says: '1,2,4', means: { choices: ['web', 'app', 'other'] } },
    { question: 'channels', says: 'only our ios app', means: { choices: ['app'] } },
    {
      question: 'channels',
      says: 'web shop plus phone orders through our call center',
      means: { choices: ['web', 'other'] },
    },

    // region (single)
    { question: 'region', says: 'UK', means: { choice: 'eu' } },
    { question: 'region', says: 'North America', means: { choice: 'na' } },
    { question: 'region', says: 'we only sell in the US', means: { choice: 'na' } },
    { question: 'region', says: 'Japan', means: { choice: 'jp' } },
    { question: 'region', says: '1', means: { choice: 'eu' } },

    // decline_handling (multi)
    { question: 'decline_handling', says: 'we retry', means: { choices: ['soft_retry'] } },
    {
      question: 'decline_handling',
      says: 'customer gets asked to update their card',
      means: { choices: ['hard_update'] },
    },
    {
      question: 'decline_handling',
      says: 'we offer another payment method',
      means: { choices: ['other_method'] },
    },
    { question: 'decline_handling', says: 'nothing yet', means: { choices: ['none'] } },
    { question: 'decline_handling', says: '1 and 3', means: { choices: ['soft_retry', 'other_method'] } },
    {
      question: 'decline_handling',
      says: 'the customer can update their payment method or choose another one',
      means: { choices: ['hard_update', 'other_method'] },
    },

    // sandbox_account (yes/no)
    { question: 'sandbox_account', says: 'yes', means: { yes: true } },
    { question: 'sandbox_account', says: 'yeah we have one', means: { yes: true } },
    { question: 'sandbox_account', says: 'no', means: { yes: false } },
    { question: 'sandbox_account', says: 'not yet', means: { yes: false } },
    { question: 'sandbox_account', says: 'yse', means: { yes: true } },

    // welcome_kit (yes/no)
    { question: 'welcome_kit', says: 'yes, the whole team read it', means: { yes: true } },
    { question: 'welcome_kit', says: 'no, not yet', means: { yes: false } },
    { question: 'welcome_kit', says: 'yup', means: { yes: true } },
    { question: 'welcome_kit', says: "haven't had time yet", means: { yes: false } },

    // production_validated (yes/no)
    { question: 'production_validated', says: 'yes', means: { yes: true } },
    {
      question: 'production_validated',
      says: 'yes, the first live orders went through fine',
      means: { yes: true },
    },
    { question: 'production_validated', says: "not yet, we're not live", means: { yes: false } },
    { question: 'production_validated', says: 'nah', means: { yes: false } },

    // seller_central (checklist, 6 items)
    { question: 'seller_central', says: 'all', means: { tick: 'all' } },
    { question: 'seller_central', says: 'all done', means: { tick: 'all' } },
    { question: 'seller_central', says: '1,2,3,5', means: { tick: [1, 2, 3, 5] } },
    { question: 'seller_central', says: '1-3', means: { tick: [1, 2, 3] } },
    { question: 'seller_central', says: 'bank account and credit card are done', means: { tick: [1, 2] } },
    {
      question: 'seller_central',
      says: 'all except shop name and logo',
      means: { tick: [1, 2, 3, 4, 6] },
    },
    { question: 'seller_central', says: 'only the tax status so far', means: { tick: [3] } },
    { question: 'seller_central', says: '4 and 6', means: { tick: [4, 6] } },

    // production_endpoints (checklist, 3 items)
    { question: 'production_endpoints', says: 'all', means: { tick: 'all' } },
    { question: 'production_endpoints', says: 'all three done', means: { tick: 'all' } },
    { question: 'production_endpoints', says: '1', means: { tick: [1] } },
    {
      question: 'production_endpoints',
      says: 'switched to the live endpoints and removed the sandbox flag',
      means: { tick: [1, 2] },
    },
    {
      question: 'production_endpoints',
      says: 'js origins added for the prod domains, nothing else yet',
      means: { tick: [3] },
    },

    // test cases
    { question: 'test_component', says: 'passed', means: { test: 'passed' } },
    { question: 'test_component', says: 'pass', means: { test: 'passed' } },
    {
      question: 'test_component',
      says: 'failed: button does not render on mobile',
      means: { test: 'failed', note: 'button does not render on mobile' },
    },
    { question: 'test_component', says: 'it failed', means: { test: 'failed' } },
    { question: 'test_system', says: 'all green', means: { test: 'passed' } },
    { question: 'test_system', says: 'passd', means: { test: 'passed' } },
    {
      question: 'test_system',
      says: 'failed because the webhook never arrived',
      means: { test: 'failed', note: 'the webhook never arrived' },
    },
    { question: 'test_system', says: "didn't work", means: { test: 'failed' } },
    { question: 'test_refund', says: 'worked', means: { test: 'passed' } },
    {
      question: 'test_refund',
      says: 'failed - refund stays pending forever',
      means: { test: 'failed', note: 'refund stays pending forever' },
    },
    { question: 'test_refund', says: 'faild', means: { test: 'failed' } },
    { question: 'test_declined', says: 'looks good, passed', means: { test: 'passed' } },
    {
      question: 'test_declined',
      says: 'failed: no error message shown to the buyer',
      means: { test: 'failed', note: 'no error message shown to the buyer' },
    },
    { question: 'test_declined', says: 'fail', means: { test: 'failed' } },
    { question: 'test_buyer_canceled', says: 'passed', means: { test: 'passed' } },
    { question: 'test_buyer_canceled', says: 'success', means: { test: 'passed' } },
    {
      question: 'test_buyer_canceled',
      says: 'failed because the cart gets emptied after cancel',
      means: { test: 'failed', note: 'the cart gets emptied after cancel' },
    },
  ],
};
