import type { TextFormat } from './types';

/** Why a text does not fit its format; each has its own explanation in the locale files. */
export type TextProblem =
  | { code: 'format' }
  /** A private key was pasted: it is refused and never stored, whatever the question. */
  | { code: 'privateKey' }
  /** A public key id of the other environment. */
  | { code: 'wrongEnvironment'; expected: 'live' | 'sandbox' };

export type TextCheck = { ok: true; value: string } | { ok: false; problem: TextProblem };

/** The longest free text kept for an answer. */
export const MAX_FREE_TEXT = 500;

const fits = (value: string): TextCheck => ({ ok: true, value });
const problem = (p: TextProblem): TextCheck => ({ ok: false, problem: p });
const FORMAT = problem({ code: 'format' });

/**
 * A public key id: with its environment's prefix (`SANDBOX-…` / `LIVE-…`), or without one (then the API path
 * `/sandbox/` or `/live/` chooses the environment; facts: "Regions, endpoints"). The length check only keeps out
 * what cannot be an id; the texts state no length as a rule, since the facts give none.
 */
function publicKeyId(raw: string, own: 'SANDBOX-' | 'LIVE-', other: 'SANDBOX-' | 'LIVE-'): TextCheck {
  const id = raw.trim().toUpperCase();
  if (id.startsWith(other))
    return problem({ code: 'wrongEnvironment', expected: own === 'LIVE-' ? 'live' : 'sandbox' });
  return new RegExp(`^(?:${own})?[A-Z0-9]{8,64}$`).test(id) ? fits(id) : FORMAT;
}

/**
 * The formats a free-text answer can be held to. Each normalizes first (trim, and for ids upper case), then checks.
 */
const FORMATS: Record<TextFormat, (raw: string) => TextCheck> = {
  free: (raw) => {
    const text = raw.trim().replace(/\s+/g, ' ');
    return text.length >= 2 && text.length <= MAX_FREE_TEXT ? fits(text) : FORMAT;
  },
  sandboxPublicKeyId: (raw) => publicKeyId(raw, 'SANDBOX-', 'LIVE-'),
  livePublicKeyId: (raw) => publicKeyId(raw, 'LIVE-', 'SANDBOX-'),
  // The facts give no format for merchant ids: letters and digits, of a length an id can have.
  merchantId: (raw) => {
    const id = raw.trim().toUpperCase();
    return /^[A-Z0-9]{8,32}$/.test(id) ? fits(id) : FORMAT;
  },
  httpsUrl: (raw) => {
    try {
      const url = new URL(raw.trim());
      return url.protocol === 'https:' && url.hostname.includes('.') ? fits(url.toString()) : FORMAT;
    } catch {
      return FORMAT;
    }
  },
};

/** Looks like a private key (PEM block or its label): never to be stored, whatever the question asked. */
export function looksLikePrivateKey(raw: string): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----|\bPRIVATE KEY\b/i.test(raw);
}

/** The normalized answer, or why `raw` does not fit `format`. */
export function checkText(format: TextFormat, raw: string): TextCheck {
  if (looksLikePrivateKey(raw)) return problem({ code: 'privateKey' });
  return FORMATS[format](raw);
}
