import type { IncomingMessage, ServerResponse } from 'node:http';

/** Reads a request body, giving up (without keeping what came) as soon as it is larger than `max` bytes. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      resolve('too large');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        req.off('data', onData);
        req.off('end', onEnd);
        resolve('too large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/**
 * Answers 413 and closes the connection; the rest of the body is drained without being kept, so the client hears
 * the answer instead of a reset.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, message = ''): void {
  res.writeHead(413, { Connection: 'close', 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
  req.resume();
}
