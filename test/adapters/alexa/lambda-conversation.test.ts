import { join } from 'node:path';
import type { RequestEnvelope } from 'ask-sdk-model';
import { VirtualAlexa } from 'virtual-alexa';
import { type AlexaLocale, modelPath } from '../../../src/adapters/alexa/interaction-model';
import { createLambdaHandler } from '../../../src/adapters/alexa/lambda';
import type { Locale } from '../../../src/core/context';
import { teamRecordKey } from '../../../src/core/engine';
import { parseRecord } from '../../../src/core/record';
import { type Dynalite, startDynalite, uniquePartition } from '../../store/dynalite';
import { captureLogger, prompt, SKILL_ID, speech, t } from './harness';

/**
 * A whole onboarding through the Alexa Lambda entry (src/adapters/alexa/lambda.handler, as serverless.yml deploys
 * it), with the request envelopes virtual-alexa builds from the committed interaction model, on the DynamoDB store
 * (dynalite). The turns alternate between two containers, each built from its environment at its cold start (one
 * reads its store URL from a parameter): only the shared table carries the team from one turn to the next.
 */

const ROOT = join(__dirname, '..', '..', '..');

/** What the user says, and the question the answer must ask next. */
type Script = [utterance: string, next: string][];

const GERMAN: Script = [
  ['Warenkorb und Kasse', 'processing'],
  ['beim Versand', 'pending_authorization'],
  ['ja', 'platform'],
  ['wir nutzen Shopware', 'backend'],
  ['wir verwenden PHP', 'oms'],
  ['wir nutzen JTL Wawi', 'payments'],
  ['beides', 'channels'],
  ['Web und App', 'region'],
  ['Europa', 'sandbox_account'],
  ['ja haben wir', 'sandbox_key'],
  ['überspringen', 'merchant_id'],
  ['meine Antwort ist A 2 E X A M P L E 1 2 3 4', 'welcome_kit'],
  ['ja', 'decline_handling'],
  ['erneut versuchen und andere Zahlungsart', 'decline_experience'],
  ['die Antwort ist der Kunde sieht einen Hinweis und wählt eine andere Zahlungsart', 'test_component'],
  ['bestanden', 'test_system'],
  ['ja', 'test_notifications'],
  ['bestanden', 'test_refund'],
  ['hat geklappt', 'test_buyer_canceled'],
  ['bestanden', 'test_declined'],
  ['bestanden', 'test_async_authorization'],
  ['bestanden', 'test_hard_declined'],
  ['überspringen weil wir das später testen', 'test_late_capture'],
  ['bestanden', 'test_recurring'],
  ['bestanden', 'seller_central'],
  ['alle erledigt', 'live_key'],
  ['meine Antwort ist live minus a h e g s j c m 3 l 6 k n i p q 2 u x d a u e k', 'production_endpoints'],
  ['ja', 'production_ipn'],
  [
    'meine Antwort ist https doppelpunkt schrägstrich schrägstrich shop punkt example punkt de schrägstrich ipn',
    'production_validated',
  ],
];

const ENGLISH: Script = [
  ['cart and checkout', 'processing'],
  ['when shipped', 'pending_authorization'],
  ['yes', 'platform'],
  ["we're on shopware", 'backend'],
  ['node js', 'oms'],
  ['my answer is SAP Business One', 'payments'],
  ['both', 'channels'],
  ['web and app', 'region'],
  ['europe', 'sandbox_account'],
  ['yes we have', 'sandbox_key'],
  ['my answer is sandbox dash a h e g s j c m 3 l 6 k n i p q 2 u x d a u e k', 'merchant_id'],
  ['skip', 'welcome_kit'],
  ['not yet', 'welcome_kit'],
  ['skip because we never got one', 'decline_handling'],
  ['nothing yet', 'decline_experience'],
  ['my answer is the customer sees a message and can pick another method', 'test_component'],
  ['passed', 'test_system'],
  ['yes', 'test_notifications'],
  ['it works', 'test_refund'],
  ['it worked', 'test_buyer_canceled'],
  ['passed', 'test_declined'],
  ['passed', 'test_async_authorization'],
  ['passed', 'test_hard_declined'],
  ['passed', 'test_late_capture'],
  ['passed', 'test_recurring'],
  ['passed', 'seller_central'],
  ['yes', 'live_key'],
  ['my answer is live dash a h e g s j c m 3 l 6 k n i p q 2 u x d a u e k', 'production_endpoints'],
  ['all done', 'production_ipn'],
  ['my answer is https colon slash slash shop dot example dot com slash ipn', 'production_validated'],
];

let dynamo: Dynalite;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

describe.each([
  { device: 'de-DE' as AlexaLocale, locale: 'de' as Locale, script: GERMAN, last: 'ja', open: 3 },
  { device: 'en-US' as AlexaLocale, locale: 'en' as Locale, script: ENGLISH, last: 'yes', open: 5 },
])(
  'a whole onboarding through the Alexa Lambda entry ($device)',
  ({ device, locale, script, last, open }) => {
    it('runs from launch to done, two containers taking turns on the shared table', async () => {
      const partition = uniquePartition('alexa-lambda');
      const url = dynamo.url(partition);
      const { logger, lines } = captureLogger();
      const containers = [
        createLambdaHandler({ STORE_URL: url, ALEXA_SKILL_ID: SKILL_ID, NODE_ENV: 'production' }, { logger }),
        createLambdaHandler(
          { STORE_URL_PARAM: '/paysetup/test/store-url', ALEXA_SKILL_ID: SKILL_ID, NODE_ENV: 'production' },
          { logger, parameters: async (names) => new Map(names.map((name) => [name, url])) },
        ),
      ];
      let turn = 0;
      const envelopes: RequestEnvelope[] = [];
      const alexa = VirtualAlexa.Builder()
        .handler(async (event: RequestEnvelope) => {
          envelopes.push(event);
          const handler = containers[turn % 2];
          turn += 1;
          return handler?.(event, {});
        })
        .interactionModelFile(join(ROOT, modelPath(device)))
        .locale(device)
        .applicationID(SKILL_ID)
        .create();
      const user = `amzn1.ask.account.LAMBDA${device.replace('-', '')}`;
      alexa.context().user().setID(user);

      const launch = await alexa.launch();
      expect(speech(launch)).toContain(t(locale, 'notice.start.started'));
      expect(speech(launch)).toContain(prompt(locale, 'placement'));
      for (const [utterance, next] of script) {
        const heard = speech(await alexa.utter(utterance));
        if (!heard.includes(prompt(locale, next)))
          throw new Error(`after "${utterance}" expected the question ${next} in:\n${heard}`);
      }
      const done = speech(await alexa.utter(last));

      expect(done).toContain(
        t(locale, 'step.completed', { number: 5, step: t(locale, 'flow:steps.launch.title') }),
      );
      expect(done).toContain(t(locale, 'done.withOpen', { count: open }));
      // Real envelopes, for this skill, in one session that both containers served.
      expect(envelopes.every((e) => e.context.System.application.applicationId === SKILL_ID)).toBe(true);
      expect(new Set(envelopes.map((e) => e.session?.sessionId)).size).toBe(1);
      expect(turn).toBe(script.length + 2);
      const row = await dynamo.store({ partition }).get(teamRecordKey(`alexa:${user}`));
      const stored = parseRecord(row?.value ?? '');
      expect(stored.kind === 'ok' && stored.record.state).toBe('done');
      expect(lines.filter((line) => line.level === 'error')).toEqual([]);
    });
  },
);
