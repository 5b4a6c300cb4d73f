import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { amazonPayFlow } from '../../flows/amazon-pay';
import { LINKS, REGIONS } from '../../flows/resources';
import { checkText } from '../../flows/validation';
import { DialogEngine } from '../../src/core/engine';
import { render } from '../../src/core/i18n';
import { adviceFor } from '../../src/core/reply';
import { listAll } from '../../src/store/list-all';
import { MemoryStore } from '../../src/store/MemoryStore';
import { ANNA, answerFor, flow } from '../helpers/dialog';

/**
 * The bot says only what the verified facts back (docs/amazon-pay-facts.md): links only to pages the facts name,
 * key ids accepted as the facts describe them, the region's hosts in the tips, and none of the claims the facts do
 * not support.
 */

const ROOT = join(__dirname, '..', '..');
const FACTS = readFileSync(join(ROOT, 'docs', 'amazon-pay-facts.md'), 'utf8');

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(json|ts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('links', () => {
  test('every address in the texts and the flow is one of the verified links', () => {
    const known = new Set<string>(Object.values(LINKS));
    const found = [...filesUnder('locales'), ...filesUnder('flows')].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/https?:\/\/[^\s"'`)<>]+/g)].map((m) => ({
        file: file.slice(ROOT.length + 1),
        url: m[0].replace(/[.,;:]+$/, ''),
      })),
    );
    expect(found.length).toBeGreaterThan(0);
    // Example addresses for the IPN URL question are not links the bot gives.
    const links = found.filter(({ url }) => !/shop\.example\./.test(url));
    expect(links.filter(({ url }) => !known.has(url))).toEqual([]);
  });

  test('every verified link names a page the facts file names', () => {
    for (const [id, url] of Object.entries(LINKS)) {
      const page = url.replace(/^https:\/\//, '').replace(/^github\.com\//, '');
      expect({ id, named: FACTS.includes(page) }).toEqual({ id, named: true });
    }
  });

  test('material the seed names but the facts could not verify is said to be unverified, in both languages', () => {
    for (const locale of ['de', 'en'] as const) {
      const resources = render(locale, {
        key: 'flow:tips.resources',
        params: { ipn: LINKS.ipn, async: LINKS.asyncProcessing },
      });
      expect(resources).toMatch(
        locale === 'de'
          ? /Frontend-Code-Generator.*nicht prüfen/
          : /couldn't verify the front-end code generator/,
      );
      const faq = render(locale, { key: 'flow:tips.faq_unverified' });
      expect(faq).toMatch(locale === 'de' ? /FAQ.*nicht prüfen/ : /FAQ.*couldn't verify/);
    }
  });
});

describe('public key ids', () => {
  test.each([
    ['livePublicKeyId', 'LIVE-AHEGSJCM3L6KNIPQ2UXDAUEK', 'LIVE-AHEGSJCM3L6KNIPQ2UXDAUEK'],
    ['livePublicKeyId', 'ahegsjcm3l6knipq2uxdauek', 'AHEGSJCM3L6KNIPQ2UXDAUEK'],
    ['sandboxPublicKeyId', ' SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK ', 'SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK'],
    ['sandboxPublicKeyId', 'AHEGSJCM3L6KNIPQ2UXDAUEK', 'AHEGSJCM3L6KNIPQ2UXDAUEK'],
  ] as const)('%s accepts %s, with and without its prefix', (format, raw, value) => {
    expect(checkText(format, raw)).toEqual({ ok: true, value });
  });

  test('a key id of the other environment is refused, saying which one was asked for', () => {
    expect(checkText('livePublicKeyId', 'SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK')).toEqual({
      ok: false,
      problem: { code: 'wrongEnvironment', expected: 'live' },
    });
    expect(checkText('sandboxPublicKeyId', 'LIVE-AHEGSJCM3L6KNIPQ2UXDAUEK')).toEqual({
      ok: false,
      problem: { code: 'wrongEnvironment', expected: 'sandbox' },
    });
  });

  test('a pasted private key is refused, never stored, and the team is told it stays with them', async () => {
    const store = new MemoryStore();
    const engine = new DialogEngine({ store });
    let reply = await engine.handle('t', { type: 'START' }, { actor: ANNA, channel: 'test' });
    while (reply.question && reply.question.id !== 'sandbox_key') {
      reply = await engine.handle('t', answerFor(flow, reply.question.id), { actor: ANNA, channel: 'test' });
    }
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const refused = await engine.handle(
      't',
      { type: 'ANSWER', questionId: 'sandbox_key', value: pem },
      { actor: ANNA, channel: 'test' },
    );
    expect(refused.outcome).toEqual({
      kind: 'invalid',
      questionId: 'sandbox_key',
      reason: { code: 'privateKey' },
    });
    const stored = (await listAll(store, '')).map((row) => row.value).join('\n');
    expect(stored).not.toContain('PRIVATE KEY');
    expect(stored).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(render('de', { key: 'answer.privateKey' })).toContain('bleibt bei Ihnen');
    expect(render('en', { key: 'answer.privateKey' })).toContain('stays with you');
  });

  test('a key id without prefix brings the tip about the path that then chooses the environment', () => {
    const tipsFor = (step: 'register' | 'launch', answers: Record<string, string>) =>
      adviceFor(amazonPayFlow, step, {
        answers: Object.fromEntries(
          Object.entries(answers).map(([id, value]) => [id, { value, by: ANNA, at: '', channel: 'test' }]),
        ),
      }).map((m) => m.key);
    expect(tipsFor('register', { sandbox_key: 'AHEGSJCM3L6KNIPQ2UXDAUEK' })).toContain(
      'flow:tips.sandbox_key_unprefixed',
    );
    expect(tipsFor('register', { sandbox_key: 'SANDBOX-AHEGSJCM3L6KNIPQ2UXDAUEK' })).not.toContain(
      'flow:tips.sandbox_key_unprefixed',
    );
    expect(tipsFor('launch', { live_key: 'AHEGSJCM3L6KNIPQ2UXDAUEK' })).toContain(
      'flow:tips.live_key_unprefixed',
    );
    expect(tipsFor('launch', { live_key: 'LIVE-AHEGSJCM3L6KNIPQ2UXDAUEK' })).not.toContain(
      'flow:tips.live_key_unprefixed',
    );
  });
});

describe('regions', () => {
  test.each(Object.keys(REGIONS) as (keyof typeof REGIONS)[])(
    'the %s answer puts its API host and button script into the tips',
    (region) => {
      const tips = adviceFor(amazonPayFlow, 'setup', {
        answers: { region: { value: region, by: ANNA, at: '', channel: 'test' } },
      });
      const tip = tips.find((m) => m.key === 'flow:tips.region');
      for (const locale of ['de', 'en'] as const) {
        const text = render(locale, tip ?? { key: '' });
        expect(text).toContain(REGIONS[region].apiHost);
        expect(text).toContain(REGIONS[region].buttonScript);
        // The hosts are the facts file's.
        expect(FACTS).toContain(REGIONS[region].apiHost);
      }
    },
  );
});

describe('claims the facts do not back are gone', () => {
  const texts = ['de', 'en'].flatMap((locale) =>
    readdirSync(join(ROOT, 'locales', locale)).map((file) =>
      readFileSync(join(ROOT, 'locales', locale, file), 'utf8'),
    ),
  );
  test.each([
    ['lengths of merchant and key ids stated as rules', /9 bis 20|9 to 20|8 bis 40|8 to 40/],
    [
      "the express button's quantity and shipping cost details",
      /Versandkosten und Gesamtbetrag|shipping costs and the total/,
    ],
    [
      '"back to the cart" after BuyerCanceled',
      /zurück in den Warenkorb|back to the cart|wieder im Warenkorb landen|land back in the cart/,
    ],
    ['plugins called verified', /geprüftes Amazon-Pay-Plugin|verified Amazon Pay plugin/],
    ['"die Charge" instead of "das Charge-Objekt"', /\bdie Charge\b(?! Permission)/],
    ['"Prüfen Sie, dass"', /Prüfen Sie, dass/],
    ['"Unit test" in English', /Unit test/],
    ['"have been switched off"', /have been switched off/],
  ])('no %s', (_name, pattern) => {
    expect(texts.filter((t) => pattern.test(t)).length).toBe(0);
  });

  test('every SDK that a sandbox setting is named for has that setting in the facts', () => {
    for (const question of amazonPayFlow.questions) {
      if (question.id !== 'backend' || question.kind !== 'single') continue;
      for (const backend of question.choices) {
        const tips = adviceFor(amazonPayFlow, 'setup', {
          answers: {
            platform: { value: 'custom', by: ANNA, at: '', channel: 'test' },
            backend: { value: backend, by: ANNA, at: '', channel: 'test' },
          },
        });
        const sdk = tips.find((m) => m.key === 'flow:tips.sdk');
        const setting = sdk?.params?.setting;
        if (typeof setting === 'string')
          expect({ backend, inFacts: FACTS.includes(setting.replace(/'/g, "'")) }).toEqual({
            backend,
            inFacts: true,
          });
      }
    }
  });
});
