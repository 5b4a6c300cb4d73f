// The fake Slack Web API in a process of its own for bench:slack, so its CPU does not count against the app being
// measured. Prints one JSON line with the Web API URL and a stats URL (`GET` → { inFlight, calls }), then serves
// until stdin closes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlackApi } from '../test/helpers/slack/fake-slack-api';

async function main(): Promise<void> {
  const fake = await new FakeSlackApi().start();
  const stats = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ inFlight: fake.inFlight, calls: fake.calls.length }));
  });
  await new Promise<void>((resolve) => stats.listen(0, '127.0.0.1', resolve));
  const port = (stats.address() as AddressInfo).port;
  process.stdout.write(
    `${JSON.stringify({ url: fake.url, responseUrl: fake.responseUrl('bench'), stats: `http://127.0.0.1:${port}/` })}\n`,
  );
  process.stdin.resume();
  process.stdin.on('end', () => {
    stats.close();
    void fake.stop().then(() => process.exit(0));
  });
}

void main();
