import type { Locale } from '../src/core/context';

/**
 * The search's words per language: what people type that carries no topic (stop words), the words people type for
 * what the entries call otherwise (synonyms), how a question begins, and what the facts do not cover. Vocabulary,
 * not sentences: nobody reads these, so they hold what people really type ("du", "refund" in a German question).
 * Stop words, synonyms and question starts are written folded: lower case, umlauts as "ae"/"oe"/"ue", "ß" as "ss",
 * no apostrophes (`foldWord` in src/core/text-match.ts), which is how the search compares them.
 */

/** Words of a list written as one text, split at white space. */
const words = (list: string): readonly string[] => list.trim().split(/\s+/);

/** Phrases of a list written as one text, split at "|". */
const phrases = (list: string): readonly string[] =>
  list.split('|').map((phrase) => phrase.trim().replace(/\s+/g, ' '));

/** Words that say nothing about which entry is meant ("wie", "the", "bitte", "Amazon Pay" itself). */
export const STOP_WORDS: Readonly<Record<Locale, readonly string[]>> = {
  de: words(`
    aber alle alles als also am amazon an auch auf aus bei beim bin bis bitte bzw da damit dann das dass
    dazu dem den denn der des dich die dies diese diesem diesen dieser dieses dir doch du durch
    eigentlich ein eine einem einen einer eines er erklaer erklaeren es etwas euch euer eure frage fuer
    ganz gar genau gerade gibt gibts geht gehts gern gerne habe haben hab hallo hast hat hattet hey hi
    hier ich ihr ihre ihrem ihren ihrer im in ins ist ja jemand jetzt kann kannst koennen koennt koennte
    kurz mal man mein meine meinem meinen meiner mich mir mit moechte muss musst muessen nach nein noch
    nun ob oder ok okay pay sag sagen schon sehr sein seine sich sie sind so soll sollen sollte tun um
    und uns unser unsere unserem unseren unserer vom von war waren was weiss weil welche welchem welchen
    welcher welches wenn wer werde werden wie wieso warum weshalb wo woher wir wird wirklich wurde zu
    zum zur brauch brauche brauchen braucht ueberhaupt machen mache macht leute team eigene heisst
    bedeutet sachen sache kriege krieg kriegen her ne nen nem is passiert passieren moeglich irgendwie
    vielleicht dinge ding wissen erfahren erfahre funktioniert funktionieren wollen will willst anbieten
    bieten wozu wofuer womit worauf wodurch statt erstmal nochmal nutzen nutze verwenden verfuegbar
    vorhanden gleich verkaufen ihnen besten manchmal erst oft immer nie bald schnell viel viele vielen wieviel
  `),
  en: words(`
    a about actually again all also am amazon an and any anyone are as at be been but by can cant could
    did do does doesnt doing dont explain for from get got guys had has have hello hey hi how i if im in
    into is isnt it its just know let me my need no not now of ok okay on or our pay please question
    questions quick really should so some tell than that the their them then there these they this to
    want was we were what whats when where which who why will with would you your hows wheres team make
    thing things stuff anything something mean means meaning happens happen possible exactly way maybe
    somehow find out learn work works working still after available use using used anyway currently sell
    selling much many
  `),
};

/**
 * What people type for what the entries say otherwise: a typed word (folded) and the entries' word it stands for.
 * One word for one word; the search then treats both the same.
 */
export const SYNONYMS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  de: {
    refund: 'erstattung',
    refunds: 'erstattung',
    rueckerstattung: 'erstattung',
    rueckerstattungen: 'erstattung',
    rueckzahlung: 'erstattung',
    gutschrift: 'erstattung',
    zurueckerstatten: 'erstatten',
    zurueckzahlen: 'erstatten',
    capture: 'einzug',
    captures: 'einzug',
    abbuchung: 'einzug',
    abbuchen: 'einziehen',
    authorization: 'autorisierung',
    authorisierung: 'autorisierung',
    auth: 'autorisierung',
    webhook: 'ipn',
    webhooks: 'ipn',
    callback: 'ipn',
    notification: 'benachrichtigung',
    notifications: 'benachrichtigung',
    key: 'schluessel',
    keys: 'schluessel',
    produktiv: 'produktion',
    production: 'produktion',
    prod: 'produktion',
    launch: 'start',
    golive: 'livegang',
    subscription: 'abonnement',
    subscriptions: 'abonnement',
    abos: 'abo',
    chargeback: 'rueckbuchung',
    chargebacks: 'rueckbuchung',
    logos: 'logo',
    async: 'asynchron',
    versenden: 'versand',
    versendet: 'versand',
    verschicken: 'versand',
    verschickt: 'versand',
    direkt: 'sofort',
  },
  en: {
    authorisation: 'authorization',
    authorisations: 'authorization',
    authorise: 'authorize',
    authorised: 'authorized',
    auth: 'authorization',
    expiry: 'expiration',
    cancelled: 'canceled',
    cancelling: 'canceling',
    webhook: 'ipn',
    webhooks: 'ipn',
    callback: 'ipn',
    reimburse: 'refund',
    reimbursement: 'refund',
    prod: 'production',
    golive: 'live',
    launch: 'live',
    subs: 'subscriptions',
    subscription: 'subscriptions',
    deadline: 'limit',
    async: 'asynchronously',
    ship: 'shipment',
    ships: 'shipment',
    shipping: 'shipment',
    shipped: 'shipment',
    frontend: 'front',
  },
};

/**
 * How a question begins in a language: a question word, or a verb with its subject ("kann ich", "is there"). With a
 * question mark at the end, this tells a question from an answer to the onboarding's current question.
 */
export const QUESTION_STARTS: Readonly<Record<Locale, readonly string[]>> = {
  de: phrases(`
    wie | was | wann | wo | woher | wohin | warum | wieso | weshalb | wozu | womit | wofuer | worauf |
    wer | wen | wem | wessen | welche | welcher | welches | welchen | welchem | wieviel | gibt es |
    gibts | kann ich | kann man | kann mein | kann der | kann die | kann das | koennen wir | koennen sie
    | kannst du | muss ich | muss man | muessen wir | darf ich | darf man | duerfen wir | soll ich |
    sollen wir | sollte ich | brauche ich | braucht man | brauchen wir | ist es | ist das | ist der |
    ist die | ist eine | ist ein | sind die | hat der | hat die | hat das | habe ich | haben wir | geht
    das | geht es | funktioniert | laeuft | gilt | weisst du | wissen sie
  `),
  en: phrases(`
    how | what | whats | when | where | wheres | why | which | who | whom | whose | can i | can we | can
    you | can the | can a | could i | could we | could you | do i | do we | do you | do the | does | did
    | is there | is it | is the | is a | is my | are there | are the | are refunds | should i | should
    we | must i | must we | may i | will the | will it | would | have i | has the | any idea | anyone
    know
  `),
};

/**
 * What teams ask that the facts do not answer, by topic: prices and fees, other payment providers, selling on
 * Amazon, small talk, taxes and law, rankings (the facts rank nothing), and what Amazon Pay offers where. A question
 * with a word of these that no entry has ("PayPal", "Prime", "Wetter") gets no answer, however well it matches an
 * entry otherwise; so does one that a topic matches better than any entry, with two of its words ("how much does
 * Amazon Pay charge per transaction" is not about the charge object). Written as people ask, in plain words: every
 * word here that no entry has rules a question out, so none may be a word questions about the entries use.
 */
export const OUT_OF_SCOPE: Readonly<Record<Locale, Readonly<Record<string, readonly string[]>>>> = {
  de: {
    pricing: phrases(`
    Was kostet Amazon Pay? | Gebühren pro Transaktion | Welche Provision verlangt Amazon? | Preise und
    Konditionen | Gibt es eine Grundgebühr? | Wie viel verlangt Amazon Pay dafür?
    `),
    providers: phrases(`
    Wie funktioniert PayPal? | Stripe einrichten | Klarna oder Ratenkauf | Apple Pay und Google Pay |
    Andere Zahlungsanbieter wie Adyen oder Mollie | Lastschrift, Sofortüberweisung oder Giropay |
    Bitcoin und Kryptowährungen
    `),
    marketplace: phrases(`
    Auf dem Amazon-Marktplatz verkaufen | Amazon Prime und Prime-Versand | Versand durch Amazon (FBA) |
    Eine Amazon-Bestellung reklamieren | Verkäuferkonto auf dem Marktplatz
    `),
    smallTalk: phrases(`
    Wie wird das Wetter? | Uhrzeit, wie spät haben wir es? | Erzählen Sie mir etwas Lustiges | Wer hat
    das Fußballspiel gewonnen? | Wie geht es Ihnen?
    `),
    taxesAndLaw: phrases(`
    Mehrwertsteuer und Umsatzsteuer | Steuererklärung | Datenschutz und DSGVO | Rechtsberatung und AGB
    `),
    opinions: phrases(`
    Welche ist die beste? | Welches ist besser? | Vergleich mit der Konkurrenz
    `),
    availability: phrases(`
    In welchen Ländern gibt es Amazon Pay? | Welche Währungen werden unterstützt? | Marktanteil und
    Verbreitung von Amazon Pay
    `),
  },
  en: {
    pricing: phrases(`
    What does Amazon Pay cost? | Fees per transaction | What commission does Amazon take? | Pricing and
    rates | How much does Amazon Pay charge?
    `),
    providers: phrases(`
    How does PayPal work? | Setting up Stripe | Klarna or installments | Apple Pay and Google Pay |
    Adyen or Mollie | SEPA debit or giropay | Bitcoin and crypto currencies
    `),
    marketplace: phrases(`
    Selling on the Amazon marketplace | Amazon Prime and Prime shipping | Fulfillment by Amazon (FBA) |
    Returning an Amazon order | A marketplace seller account
    `),
    smallTalk: phrases(`
    What's the weather like? | What's the time right now? | Jokes and fun | How are you? | Football
    results
    `),
    taxesAndLaw: phrases(`
    VAT and taxes | Tax return | Privacy and GDPR | Lawyers, legal
    `),
    opinions: phrases(`
    Which is the best? | Which one is better? | Comparison with competitors
    `),
    availability: phrases(`
    In which countries is Amazon Pay available? | Which currencies are supported? | Popularity of Amazon
    Pay
    `),
  },
};
