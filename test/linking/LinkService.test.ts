import { LinkService } from '../../src/linking/LinkService';
import { MemoryStore } from '../../src/store/MemoryStore';
import { StoreError } from '../../src/store/port';

/** Six-digit single-use codes that link a voice user to a team, valid ten minutes, with wrong guesses limited. */

const TEAM = 'slack:T1:C1';
const VOICE = 'alexa:amzn1.ask.account.A';

function setup(options: { maxFailures?: number } = {}) {
  let now = new Date('2026-11-27T10:00:00.000Z').getTime();
  const store = new MemoryStore();
  const links = new LinkService({ store, now: () => new Date(now), ...options });
  return {
    store,
    links,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const other = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('LinkService', () => {
  it('creates a six-digit code valid for ten minutes, recording who asked', async () => {
    const { links, store } = setup();
    const { code, expiresAt } = await links.createCode(TEAM, 'U_ANNA');
    expect(code).toMatch(/^\d{6}$/);
    expect(expiresAt).toBe('2026-11-27T10:10:00.000Z');
    expect(JSON.parse((await store.get(`link:code:${code}`))?.value ?? '{}')).toEqual({
      team: TEAM,
      requestedBy: 'U_ANNA',
      expiresAt,
    });
  });

  it('redeems a code once: the voice user is linked to the team from then on', async () => {
    const { links } = setup();
    expect(await links.teamFor(VOICE)).toBeNull();
    const { code } = await links.createCode(TEAM, 'U_ANNA');
    expect(await links.redeem(code, VOICE)).toEqual({ ok: true, team: TEAM });
    expect(await links.teamFor(VOICE)).toBe(TEAM);
    expect(await links.redeem(code, 'alexa:someone-else')).toEqual({ ok: false, reason: 'used' });
    expect(await links.teamFor('alexa:someone-else')).toBeNull();
  });

  it('accepts the code as Alexa hears it: without leading zeros, or with spaces', async () => {
    const { links, store } = setup();
    const entry = JSON.stringify({
      team: TEAM,
      requestedBy: 'U_ANNA',
      expiresAt: '2026-11-27T10:10:00.000Z',
    });
    await store.put('link:code:012345', entry, null);
    await store.put('link:code:654321', entry, null);
    expect(await links.redeem('12345', VOICE)).toEqual({ ok: true, team: TEAM });
    expect(await links.redeem('654 321', 'alexa:B')).toEqual({ ok: true, team: TEAM });
  });

  it('refuses a code after ten minutes as expired', async () => {
    const { links, advance } = setup();
    const { code } = await links.createCode(TEAM, 'U_ANNA');
    advance(10 * 60_000 - 1);
    const { code: stillValid } = await links.createCode(TEAM, 'U_ANNA');
    advance(1);
    expect(await links.redeem(code, VOICE)).toEqual({ ok: false, reason: 'expired' });
    expect(await links.redeem(stillValid, VOICE)).toEqual({ ok: true, team: TEAM });
  });

  it('refuses unknown and malformed codes as invalid', async () => {
    const { links } = setup();
    const { code } = await links.createCode(TEAM, 'U_ANNA');
    expect(await links.redeem(other(code), VOICE)).toEqual({ ok: false, reason: 'invalid' });
    expect(await links.redeem('1234567', VOICE)).toEqual({ ok: false, reason: 'invalid' });
    expect(await links.redeem('', VOICE)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('limits wrong codes per user: after five within an hour, even the right code waits until the hour is over', async () => {
    const { links, advance } = setup();
    const { code } = await links.createCode(TEAM, 'U_ANNA');
    for (let i = 0; i < 5; i += 1) {
      expect((await links.redeem(other(code), VOICE)).ok).toBe(false);
      advance(60_000);
    }
    expect(await links.redeem(code, VOICE)).toEqual({
      ok: false,
      reason: 'rate-limited',
      retryAt: '2026-11-27T11:00:00.000Z',
    });
    // Another user is not affected by this one's guesses.
    const { code: second } = await links.createCode(TEAM, 'U_ANNA');
    expect(await links.redeem(second, 'alexa:B')).toEqual({ ok: true, team: TEAM });

    advance(55 * 60_000);
    const { code: later } = await links.createCode(TEAM, 'U_ANNA');
    expect(await links.redeem(later, VOICE)).toEqual({ ok: true, team: TEAM });
  });

  it('counts expired and reused codes as wrong guesses too', async () => {
    const { links, advance } = setup({ maxFailures: 2 });
    const { code } = await links.createCode(TEAM, 'U_ANNA');
    await links.redeem(code, 'alexa:B');
    expect((await links.redeem(code, VOICE)).ok).toBe(false);
    const { code: old } = await links.createCode(TEAM, 'U_ANNA');
    advance(11 * 60_000);
    expect(await links.redeem(old, VOICE)).toEqual({ ok: false, reason: 'expired' });
    const { code: fresh } = await links.createCode(TEAM, 'U_ANNA');
    expect(await links.redeem(fresh, VOICE)).toMatchObject({ ok: false, reason: 'rate-limited' });
  });

  it('lets exactly one of two simultaneous redeemers win', async () => {
    const store = new MemoryStore({ delayMs: 2 });
    const links = new LinkService({ store });
    const { code } = await links.createCode(TEAM, 'U_ANNA');
    const results = await Promise.all([links.redeem(code, 'alexa:A'), links.redeem(code, 'alexa:B')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'used' }]);
  });

  it('a later link replaces an earlier one', async () => {
    const { links } = setup();
    const first = await links.createCode(TEAM, 'U_ANNA');
    const second = await links.createCode('slack:T1:C2', 'U_BEN');
    await links.redeem(first.code, VOICE);
    await links.redeem(second.code, VOICE);
    expect(await links.teamFor(VOICE)).toBe('slack:T1:C2');
  });

  it('reads an unreadable link record as no link', async () => {
    const { links, store } = setup();
    await store.put(`link:user:${VOICE}`, '{not json', null);
    expect(await links.teamFor(VOICE)).toBeNull();
  });

  it('passes a store outage on as a StoreError (the adapters turn it into "please try again")', async () => {
    const { links, store } = setup();
    const { code } = await links.createCode(TEAM, 'U_ANNA');
    store.setDown(true);
    await expect(links.redeem(code, VOICE)).rejects.toBeInstanceOf(StoreError);
    await expect(links.teamFor(VOICE)).rejects.toBeInstanceOf(StoreError);
    await expect(links.createCode(TEAM, 'U_ANNA')).rejects.toBeInstanceOf(StoreError);
    store.setDown(false);
    expect(await links.redeem(code, VOICE)).toEqual({ ok: true, team: TEAM });
  });
});
