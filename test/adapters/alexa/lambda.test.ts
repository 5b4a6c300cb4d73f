import type { RequestEnvelope } from 'ask-sdk-model';
import { createLambdaHandler } from '../../../src/adapters/alexa/lambda';
import { ConfigError } from '../../../src/config';
import { heard, SKILL_ID, t } from './harness';

function launch(applicationId: string): RequestEnvelope {
  return {
    version: '1.0',
    session: {
      new: true,
      sessionId: 'amzn1.echo-api.session.lambda',
      application: { applicationId },
      user: { userId: 'amzn1.ask.account.LAMBDA' },
    },
    context: {
      System: {
        application: { applicationId },
        user: { userId: 'amzn1.ask.account.LAMBDA' },
        apiEndpoint: 'https://api.eu.amazonalexa.com',
      },
    },
    request: {
      type: 'LaunchRequest',
      requestId: 'amzn1.echo-api.request.lambda',
      timestamp: new Date().toISOString(),
      locale: 'en-GB',
    },
  } as unknown as RequestEnvelope;
}

describe('the Lambda entry (serverless.yml: src/adapters/alexa/lambda.handler)', () => {
  it('builds the skill from the environment and answers', async () => {
    const handler = createLambdaHandler({ STORE_URL: 'memory:', ALEXA_SKILL_ID: SKILL_ID });
    const response = await handler(launch(SKILL_ID));
    const ssml = response.response.outputSpeech?.type === 'SSML' ? response.response.outputSpeech.ssml : '';
    expect(heard(ssml)).toContain(t('en', 'notice.start.started'));
  });

  it('refuses another skill when ALEXA_SKILL_ID is set', async () => {
    const handler = createLambdaHandler({ STORE_URL: 'memory:', ALEXA_SKILL_ID: SKILL_ID });
    await expect(handler(launch('amzn1.ask.skill.someone-else'))).rejects.toThrow(/ID verification failed/);
  });

  it('fails every invocation with the configuration problems, by variable name', async () => {
    const handler = createLambdaHandler({ STORE_URL: 'memory:', ALEXA_VERIFY_SIGNATURE: 'maybe' });
    await expect(handler(launch(SKILL_ID))).rejects.toBeInstanceOf(ConfigError);
    await expect(handler(launch(SKILL_ID))).rejects.toThrow(/ALEXA_VERIFY_SIGNATURE/);
  });
});
