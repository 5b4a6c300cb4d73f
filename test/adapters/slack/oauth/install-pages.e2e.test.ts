import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { installationKey } from '../../../../src/adapters/slack/oauth';
import { BOT_SCOPES } from '../../../../src/adapters/slack/oauth/scopes';
import { BETA, GAMMA, type OAuthHarness, startOAuthHarness } from './oauth-harness';

/**
 * The install page and the pages after Slack's redirect, as a person sees them: Debian's Chromium, headless, driven
 * by playwright-core, in German and in English (the browser's Accept-Language). Slack's authorize page itself is not
 * visited (no network): the test takes the state from the button's link, as Slack would hand it back, and opens the
 * redirect in the same browser (whose cookie carries the state too).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Browser;
let h: OAuthHarness;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
}, 30_000);
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  h = await startOAuthHarness();
});
afterEach(async () => {
  await h.close();
});

async function context(locale: 'de-DE' | 'en-US'): Promise<BrowserContext> {
  return browser.newContext({ locale, javaScriptEnabled: false });
}

/** Opens the install page and reads the button's link to Slack. */
async function openInstallPage(ctx: BrowserContext) {
  const page = await ctx.newPage();
  const response = await page.goto(`${h.base}/slack/install`);
  expect(response?.status()).toBe(200);
  const button = page.locator('#add-to-slack');
  const href = await button.getAttribute('href');
  return { page, button, authorize: new URL(href ?? 'about:blank') };
}

describe.each([
  {
    locale: 'de-DE' as const,
    lang: 'de',
    grant: BETA,
    title: 'paysetup zu Slack hinzufügen',
    button: 'Zu Slack hinzufügen',
    stored: /Fortschritt nach 30 Tagen/,
    success: 'Geschafft: paysetup ist in Beta GmbH installiert.',
    next: /Laden Sie den Bot in den Kanal Ihres Teams ein/,
    open: 'Slack öffnen',
  },
  {
    locale: 'en-US' as const,
    lang: 'en',
    grant: GAMMA,
    title: 'Add paysetup to Slack',
    button: 'Add to Slack',
    stored: /the progress after 30 days/,
    success: 'Done: paysetup is installed in Gamma Ltd.',
    next: /invite the bot to your team's channel/,
    open: 'Open Slack',
  },
])('in $lang', (c) => {
  it("shows the button, linking to Slack's authorize URL with the client id, the scopes and a state", async () => {
    const ctx = await context(c.locale);
    const { page, button, authorize } = await openInstallPage(ctx);
    expect(await page.locator('html').getAttribute('lang')).toBe(c.lang);
    expect(await page.title()).toBe(c.title);
    expect(await button.isVisible()).toBe(true);
    expect(((await button.textContent()) ?? '').trim()).toBe(c.button);
    expect(await page.locator('main').textContent()).toMatch(c.stored);
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(h.fake.oauthClient.id);
    expect(authorize.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await ctx.close();
  });

  it('completes the install: a good state and code show the success page, and the installation is stored', async () => {
    const ctx = await context(c.locale);
    const { page, authorize } = await openInstallPage(ctx);
    const code = h.fake.grant(`code-${c.lang}`, c.grant);
    const state = authorize.searchParams.get('state') ?? '';
    const response = await page.goto(
      `${h.base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`,
    );
    expect(response?.status()).toBe(200);
    expect(await page.locator('#result').getAttribute('data-result')).toBe('success');
    expect(((await page.locator('h1').textContent()) ?? '').trim()).toBe(c.success);
    expect(await page.locator('main').textContent()).toMatch(c.next);
    const open = page.getByRole('link', { name: c.open, exact: true });
    expect(await open.getAttribute('href')).toBe(`slack://app?team=${c.grant.teamId}&id=A0PAYSETUP`);
    expect(await h.store.get(installationKey(null, c.grant.teamId))).not.toBeNull();
    await ctx.close();
  });

  it('a forged state shows the failure page, and nothing is installed', async () => {
    const ctx = await context(c.locale);
    const { page } = await openInstallPage(ctx);
    const code = h.fake.grant(`code-forged-${c.lang}`, c.grant);
    const response = await page.goto(`${h.base}/slack/oauth_redirect?code=${code}&state=forged.state.value`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('#result').getAttribute('data-result')).toBe('expired');
    expect(h.fake.callsOf('oauth.v2.access')).toEqual([]);
    expect(await h.store.get(installationKey(null, c.grant.teamId))).toBeNull();
    await ctx.close();
  });
});

describe('when the install does not complete', () => {
  it('an expired state (over ten minutes) reads well in German, with a way to start again', async () => {
    const ctx = await context('de-DE');
    const { page, authorize } = await openInstallPage(ctx);
    h.advance(11 * 60_000);
    const code = h.fake.grant('code-late', BETA);
    await page.goto(
      `${h.base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(authorize.searchParams.get('state') ?? '')}`,
    );
    expect(((await page.locator('h1').textContent()) ?? '').trim()).toBe(
      'Dieser Installationslink ist abgelaufen.',
    );
    expect(await page.locator('main').textContent()).toMatch(
      /gilt ein Link zehn Minuten lang und nur in dem Browser, in dem Sie die Installation begonnen haben/,
    );
    const again = page.getByRole('link', { name: 'Installation neu starten' });
    await again.click();
    expect(new URL(page.url()).pathname).toBe('/slack/install');
    expect(await page.locator('#add-to-slack').isVisible()).toBe(true);
    expect(h.fake.callsOf('oauth.v2.access')).toEqual([]);
    expect(await h.store.get(installationKey(null, BETA.teamId))).toBeNull();
    await ctx.close();
  });

  it.each([
    [
      'de-DE' as const,
      'Sie haben die Installation abgebrochen.',
      /Es wurde nichts installiert und nichts gespeichert/,
    ],
    ['en-US' as const, 'You cancelled the installation.', /Nothing was installed and nothing was stored/],
  ])('a cancel on Slack (error=access_denied) in %s says so calmly', async (locale, heading, body) => {
    const ctx = await context(locale);
    const { page, authorize } = await openInstallPage(ctx);
    const response = await page.goto(
      `${h.base}/slack/oauth_redirect?error=access_denied&state=${encodeURIComponent(authorize.searchParams.get('state') ?? '')}`,
    );
    expect(response?.status()).toBe(200);
    expect(await page.locator('#result').getAttribute('data-result')).toBe('cancelled');
    expect(((await page.locator('h1').textContent()) ?? '').trim()).toBe(heading);
    expect(await page.locator('main').textContent()).toMatch(body);
    // Logged as what it is, once: no error for a person's choice.
    expect(h.logger.problems()).toEqual([]);
    await ctx.close();
  });

  it('a code Slack refuses shows what to do, with the code to quote, and is logged once', async () => {
    const ctx = await context('en-US');
    const { page, authorize } = await openInstallPage(ctx);
    const response = await page.goto(
      `${h.base}/slack/oauth_redirect?code=never-issued&state=${encodeURIComponent(authorize.searchParams.get('state') ?? '')}`,
    );
    expect(response?.status()).toBe(502);
    expect(((await page.locator('h1').textContent()) ?? '').trim()).toBe(
      'Slack could not complete the installation.',
    );
    expect(await page.locator('main').textContent()).toMatch(
      /give whoever runs this page the code invalid_code\./,
    );
    expect(h.logger.problems(/an install failed/)).toHaveLength(1);
    await ctx.close();
  });
});
