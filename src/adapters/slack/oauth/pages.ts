import type { Locale } from '../../../core/context';
import { isLocale, text } from '../../../core/i18n';

/**
 * The pages a person sees in the browser while installing the app: the install page with its "Add to Slack" button,
 * and the page after Slack sent them back, success or failure. Every sentence comes from `locales/<lang>/slack.json`
 * (`install.*`), in the language the browser asks for (`Accept-Language`, or `?lang=de|en`). The pages load nothing
 * from elsewhere (no fonts, no images: the Slack mark is inline), so a strict Content-Security-Policy holds.
 */

/** The language of a page: `?lang=` first, then the browser's preferences by weight, else `fallback`. */
export function pageLocale(
  acceptLanguage: string | undefined,
  fallback: Locale,
  asked?: string | null,
): Locale {
  if (asked && isLocale(asked)) return asked;
  const preferences = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return {
        lang: range.trim().toLowerCase().split('-')[0] ?? '',
        q: q === undefined ? 1 : Number(q),
        index,
      };
    })
    .filter((p) => p.lang && p.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { lang } of preferences) if (isLocale(lang)) return lang;
  return fallback;
}

/** The headers every page goes out with: HTML, never cached (the install page carries a one-time state). */
export function pageHeaders(locale: Locale): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Language': locale,
    'Cache-Control': 'no-store',
    Vary: 'Accept-Language',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const t = (locale: Locale, key: string, params?: Record<string, string | number>) =>
  escapeHtml(text(locale, `slack:install.${key}`, params));

/** Slack's mark, drawn inline (the button must not load an image from elsewhere). */
const SLACK_MARK = `<svg aria-hidden="true" width="20" height="20" viewBox="0 0 122.8 122.8"><path fill="#e01e5a" d="M25.8 77.6a12.9 12.9 0 1 1-12.9-12.9h12.9v12.9zm6.5 0a12.9 12.9 0 0 1 25.8 0v32.3a12.9 12.9 0 1 1-25.8 0V77.6z"/><path fill="#36c5f0" d="M45.2 25.8a12.9 12.9 0 1 1 12.9-12.9v12.9H45.2zm0 6.5a12.9 12.9 0 0 1 0 25.8H12.9a12.9 12.9 0 1 1 0-25.8h32.3z"/><path fill="#2eb67d" d="M97 45.2a12.9 12.9 0 1 1 12.9 12.9H97V45.2zm-6.5 0a12.9 12.9 0 0 1-25.8 0V12.9a12.9 12.9 0 1 1 25.8 0v32.3z"/><path fill="#ecb22e" d="M77.6 97a12.9 12.9 0 1 1-12.9 12.9V97h12.9zm0-6.5a12.9 12.9 0 0 1 0-25.8h32.3a12.9 12.9 0 1 1 0 25.8H77.6z"/></svg>`;

const STYLE = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f4f6;color:#1d1c1d;line-height:1.5}
main{max-width:36rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:0 0 1rem}
p{margin:0 0 1rem}
.small{font-size:.9rem;color:#555}
.button{display:inline-flex;align-items:center;gap:.6rem;padding:.65rem 1.1rem;border:1px solid #ddd;border-radius:6px;background:#fff;color:#1d1c1d;font-weight:700;text-decoration:none}
.button:hover,.button:focus{border-color:#1264a3;outline:none;box-shadow:0 0 0 2px #1264a380}
.primary{background:#4a154b;color:#fff;border-color:#4a154b}
code{background:#f0f0f0;padding:0 .25rem;border-radius:3px}
nav{margin-top:2rem;font-size:.85rem}
nav a{color:#1264a3}
`;

function page(locale: Locale, title: string, body: string, otherLanguage?: string): string {
  const other: Locale = locale === 'de' ? 'en' : 'de';
  const nav =
    otherLanguage === undefined
      ? ''
      : `<nav><a href="${escapeHtml(otherLanguage)}" hreflang="${other}" lang="${other}">${t(other, 'otherLanguage')}</a></nav>`;
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
${nav}
</main>
</body>
</html>
`;
}

export interface InstallPageOptions {
  /** Slack's authorize URL with the client id, the scopes and the state. */
  authorizeUrl: string;
  /** How many days an uninstalled workspace's records are kept. */
  graceDays: number;
  /** This page in the other language (`?lang=…`). */
  otherLanguageHref: string;
}

/** The install page: what the app does, what it stores, and the "Add to Slack" button. */
export function installPage(locale: Locale, options: InstallPageOptions): string {
  return page(
    locale,
    t(locale, 'page.title'),
    `<h1>${t(locale, 'page.heading')}</h1>
<p>${t(locale, 'page.intro')}</p>
<p><a id="add-to-slack" class="button" href="${escapeHtml(options.authorizeUrl)}">${SLACK_MARK}<span>${t(locale, 'page.button')}</span></a></p>
<p class="small">${t(locale, 'page.permissions')}</p>
<p class="small">${t(locale, 'page.stored', { count: options.graceDays })}</p>`,
    options.otherLanguageHref,
  );
}

export interface SuccessPageOptions {
  /** The workspace's name (or the org's, for an org-wide install); unknown: a generic wording. */
  name?: string;
  orgWide: boolean;
  /** Opens the Slack app (`slack://…`). */
  appUrl: string;
  /** Opens Slack in the browser; none for an org-wide install. */
  browserUrl?: string;
}

/** After a completed install: where the app is now, and what the team does next. */
export function successPage(locale: Locale, options: SuccessPageOptions): string {
  const heading = options.orgWide
    ? t(locale, 'success.headingOrg', { org: options.name ?? text(locale, 'slack:install.success.someOrg') })
    : t(locale, 'success.heading', {
        workspace: options.name ?? text(locale, 'slack:install.success.someWorkspace'),
      });
  const links = [
    `<a class="button primary" href="${escapeHtml(options.appUrl)}">${t(locale, 'success.openApp')}</a>`,
    ...(options.browserUrl
      ? [
          `<a class="button" href="${escapeHtml(options.browserUrl)}" target="_blank" rel="noopener">${t(locale, 'success.openBrowser')}</a>`,
        ]
      : []),
  ].join(' ');
  return page(
    locale,
    t(locale, 'success.title'),
    `<h1 id="result" data-result="success">${heading}</h1>
<p>${options.orgWide ? t(locale, 'success.nextOrg') : t(locale, 'success.next')}</p>
<p>${links}</p>`,
  );
}

/** Why an install did not complete, as the failure page words it. */
export type InstallFailure = 'cancelled' | 'expired' | 'incomplete' | 'failed';

/** The failure page: what happened, in plain words, and a way to start again. */
export function failurePage(
  locale: Locale,
  failure: InstallFailure,
  options: { installHref: string; code: string },
): string {
  return page(
    locale,
    t(locale, 'failure.title'),
    `<h1 id="result" data-result="${failure}">${t(locale, `failure.${failure}.heading`)}</h1>
<p>${t(locale, `failure.${failure}.body`, { code: options.code })}</p>
<p><a class="button primary" href="${escapeHtml(options.installHref)}">${t(locale, 'failure.again')}</a></p>`,
  );
}
