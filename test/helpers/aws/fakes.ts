import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Small fakes of the two AWS APIs the Lambda functions call besides DynamoDB (which dynalite serves), on 127.0.0.1,
 * answering what the real SDK clients send: SSM's GetParameters (JSON 1.1 protocol) and Lambda's Invoke (REST).
 */

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret-key' };

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface FakeSsm {
  endpoint: string;
  /** Every GetParameters request, as sent. */
  requests: { target: string; Names: string[]; WithDecryption?: boolean }[];
  /** Answer every request with this HTTP error (e.g. 400 AccessDeniedException) until cleared. */
  failWith: { status: number; type: string } | null;
  stop(): Promise<void>;
}

/** SSM Parameter Store with these parameters (all SecureString, given in clear). */
export async function startFakeSsm(parameters: Record<string, string>): Promise<FakeSsm> {
  const fake: FakeSsm = { endpoint: '', requests: [], failWith: null, stop: async () => {} };
  const server = createServer(async (req, res) => {
    const request = JSON.parse((await body(req)) || '{}') as { Names?: string[]; WithDecryption?: boolean };
    const target = String(req.headers['x-amz-target'] ?? '');
    fake.requests.push({ target, Names: request.Names ?? [], WithDecryption: request.WithDecryption });
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' }).end(JSON.stringify(value));
    if (fake.failWith) return json(fake.failWith.status, { __type: fake.failWith.type, message: 'denied' });
    if (target !== 'AmazonSSM.GetParameters') return json(400, { __type: 'UnknownOperationException' });
    const names = request.Names ?? [];
    json(200, {
      Parameters: names
        .filter((name) => name in parameters)
        .map((name) => ({
          Name: name,
          Type: 'SecureString',
          // Encrypted at rest; only a decrypting read gets the clear text.
          Value: request.WithDecryption ? parameters[name] : 'AQICAHh-encrypted-blob',
          Version: 1,
        })),
      InvalidParameters: names.filter((name) => !(name in parameters)),
    });
  });
  fake.endpoint = await listen(server);
  fake.stop = () => close(server);
  return fake;
}

export interface FakeLambda {
  endpoint: string;
  invocations: { functionName: string; invocationType: string | undefined; payload: unknown }[];
  stop(): Promise<void>;
}

/** Lambda's Invoke API: records each invocation and answers an asynchronous one with 202. */
export async function startFakeLambda(): Promise<FakeLambda> {
  const fake: FakeLambda = { endpoint: '', invocations: [], stop: async () => {} };
  const server = createServer(async (req, res) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '');
    const raw = await body(req);
    if (!match?.[1]) {
      res.writeHead(404).end();
      return;
    }
    const invocationType = req.headers['x-amz-invocation-type'] as string | undefined;
    fake.invocations.push({
      functionName: decodeURIComponent(match[1]),
      invocationType,
      payload: raw ? JSON.parse(raw) : null,
    });
    if (invocationType === 'Event') res.writeHead(202).end();
    else res.writeHead(200, { 'Content-Type': 'application/json' }).end('null');
  });
  fake.endpoint = await listen(server);
  fake.stop = () => close(server);
  return fake;
}
