// For bench:store: the smallest Slack app on AWS Lambda, as Bolt's own docs write it (an AwsLambdaReceiver, an App
// built at import, one slash command that only acknowledges), bundled with the same Lambda options as ours, so that
// our bundles' size and cold import have something to be compared with.
import { App, AwsLambdaReceiver } from '@slack/bolt';

const receiver = new AwsLambdaReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? 'bench-secret' });
const app = new App({ token: process.env.SLACK_BOT_TOKEN ?? 'xoxb-bench', receiver });

app.command('/paysetup', async ({ ack }) => {
  await ack();
});

export const handler = receiver.toHandler();
