import type { TextFormat } from './types';

/**
 * The formats a free-text answer can be held to. Each normalizes first (trim, and for ids upper case),
 * then checks; `null` means the answer does not fit.
 */
const FORMATS: Record<TextFormat, (raw: string) => string | null> = {
  free: (raw) => {
    const text = raw.trim().replace(/\s+/g, ' ');
    return text.length >= 2 && text.length <= 500 ? text : null;
  },
  // Amazon Pay public key ids carry their environment as prefix (SANDBOX-… / LIVE-…); the rest is upper-case alphanumeric.
  sandboxPublicKeyId: (raw) => matchId(raw, /^SANDBOX-[A-Z0-9]{8,40}$/),
  livePublicKeyId: (raw) => matchId(raw, /^LIVE-[A-Z0-9]{8,40}$/),
  // Amazon merchant (seller) ids: an upper-case "A" followed by upper-case letters and digits.
  merchantId: (raw) => matchId(raw, /^A[A-Z0-9]{9,20}$/),
  httpsUrl: (raw) => {
    const text = raw.trim().replace(/^<(.*)>$/, '$1'); // Slack wraps links in <…>
    try {
      const url = new URL(text);
      return url.protocol === 'https:' && url.hostname.includes('.') ? url.toString() : null;
    } catch {
      return null;
    }
  },
};

function matchId(raw: string, pattern: RegExp): string | null {
  const id = raw.trim().toUpperCase();
  return pattern.test(id) ? id : null;
}

/** The normalized answer, or null when `raw` does not fit `format`. */
export function normalizeText(format: TextFormat, raw: string): string | null {
  return FORMATS[format](raw);
}
