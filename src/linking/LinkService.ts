import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { KeyValueStore } from '../store/port';

/**
 * Links a voice user to a team's progress with a short-lived six-digit code: a Slack user asks for a code in the
 * channel (`/paysetup link`), says it to Alexa, and from then on the Alexa user continues that channel's onboarding.
 * Codes are single use (a version check makes two redeemers race safely) and guessing is rate-limited per user.
 */
export interface LinkServiceOptions {
  store: KeyValueStore;
  /** @default () => new Date() */
  now?: () => Date;
  /** How long a code is valid. @default 10 minutes */
  codeTtlMs?: number;
  /** Wrong codes allowed per user within `failureWindowMs` before redeeming is refused. @default 5 */
  maxFailures?: number;
  /** @default 1 hour */
  failureWindowMs?: number;
}

export type RedeemResult =
  | { ok: true; team: string }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' | 'rate-limited'; retryAt?: string };

const CodeSchema = z.object({
  team: z.string(),
  requestedBy: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().optional(),
  usedBy: z.string().optional(),
});
const UserLinkSchema = z.object({ team: z.string(), linkedAt: z.string() });
const FailuresSchema = z.object({ count: z.number().int(), windowStart: z.string() });

const codeKey = (code: string) => `link:code:${code}`;
const userKey = (user: string) => `link:user:${user}`;
const failKey = (user: string) => `link:fail:${user}`;

export class LinkService {
  private readonly store: KeyValueStore;
  private readonly now: () => Date;
  private readonly codeTtlMs: number;
  private readonly maxFailures: number;
  private readonly failureWindowMs: number;

  constructor(options: LinkServiceOptions) {
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.codeTtlMs = options.codeTtlMs ?? 10 * 60_000;
    this.maxFailures = options.maxFailures ?? 5;
    this.failureWindowMs = options.failureWindowMs ?? 60 * 60_000;
  }

  /** A fresh six-digit code for `team`, asked for by `requestedBy` (shown to that user only). */
  async createCode(team: string, requestedBy: string): Promise<{ code: string; expiresAt: string }> {
    const expiresAt = new Date(this.now().getTime() + this.codeTtlMs).toISOString();
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const existing = await this.store.get(codeKey(code));
      const entry = JSON.stringify({ team, requestedBy, expiresAt });
      if (!existing) {
        if ((await this.store.put(codeKey(code), entry, null)).ok) return { code, expiresAt };
        continue;
      }
      // An old code may be reused once it is spent or expired.
      const old = CodeSchema.safeParse(safeJson(existing.value));
      const reusable =
        !old.success || old.data.usedAt !== undefined || old.data.expiresAt <= this.now().toISOString();
      if (reusable && (await this.store.put(codeKey(code), entry, existing.version)).ok)
        return { code, expiresAt };
    }
    throw new Error('Could not find a free link code after 20 attempts.');
  }

  /** Redeems a code for a voice user: links them to the code's team, once. */
  async redeem(rawCode: string, user: string): Promise<RedeemResult> {
    const now = this.now();
    const failures = await this.failures(user);
    if (failures && failures.count >= this.maxFailures) {
      const retryAt = new Date(new Date(failures.windowStart).getTime() + this.failureWindowMs).toISOString();
      return { ok: false, reason: 'rate-limited', retryAt };
    }
    const code = rawCode.replace(/\D/g, '').padStart(6, '0');
    const stored = /^\d{6}$/.test(code) ? await this.store.get(codeKey(code)) : null;
    const parsed = stored ? CodeSchema.safeParse(safeJson(stored.value)) : null;
    if (!stored || !parsed?.success) return this.fail(user, 'invalid');
    const entry = parsed.data;
    if (entry.usedAt) return this.fail(user, 'used');
    if (entry.expiresAt <= now.toISOString()) return this.fail(user, 'expired');
    const spent = JSON.stringify({ ...entry, usedAt: now.toISOString(), usedBy: user });
    if (!(await this.store.put(codeKey(code), spent, stored.version)).ok) return this.fail(user, 'used');
    await this.setLink(user, entry.team, now.toISOString());
    return { ok: true, team: entry.team };
  }

  /** The team a voice user is linked to, or null. */
  async teamFor(user: string): Promise<string | null> {
    const stored = await this.store.get(userKey(user));
    if (!stored) return null;
    const parsed = UserLinkSchema.safeParse(safeJson(stored.value));
    return parsed.success ? parsed.data.team : null;
  }

  private async setLink(user: string, team: string, linkedAt: string): Promise<void> {
    const value = JSON.stringify({ team, linkedAt });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const existing = await this.store.get(userKey(user));
      if ((await this.store.put(userKey(user), value, existing?.version ?? null)).ok) return;
    }
  }

  private async failures(user: string): Promise<z.infer<typeof FailuresSchema> | null> {
    const stored = await this.store.get(failKey(user));
    const parsed = stored ? FailuresSchema.safeParse(safeJson(stored.value)) : null;
    if (!parsed?.success) return null;
    const age = this.now().getTime() - new Date(parsed.data.windowStart).getTime();
    return age < this.failureWindowMs ? parsed.data : null;
  }

  private async fail(user: string, reason: 'invalid' | 'expired' | 'used'): Promise<RedeemResult> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const stored = await this.store.get(failKey(user));
      const current = await this.failures(user);
      const next = current
        ? { count: current.count + 1, windowStart: current.windowStart }
        : { count: 1, windowStart: this.now().toISOString() };
      if ((await this.store.put(failKey(user), JSON.stringify(next), stored?.version ?? null)).ok) break;
    }
    return { ok: false, reason };
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
