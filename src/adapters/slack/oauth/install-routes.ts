import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CallbackOptions,
  ClearStateStore,
  ErrorCode,
  type Installation,
  type InstallationStore,
  InstallProvider,
  type InstallURLOptions,
  type Logger as OAuthLogger,
  type StateStore,
} from '@slack/oauth';
import { LogLevel, type WebClientOptions } from '@slack/web-api';
import { LOCALES, type Locale } from '../../../core/context';
import type { Logger } from '../../../logging/logger';
import { INSTALL_PATH, type SlackOAuthConfig } from '../config';
import { failurePage, type InstallFailure, installPage, pageHeaders, pageLocale, successPage } from './pages';
import { BOT_SCOPES } from './scopes';

/**
 * The OAuth install, with @slack/oauth's InstallProvider doing what it does well (the state and its cookie, the code
 * exchange at `oauth.v2.access`, token rotation in `authorize`), and this module doing the pages: `GET /slack/install`
 * shows a localized page with the "Add to Slack" button (never a bare redirect: the page says what the app stores),
 * and `GET /slack/oauth_redirect` ends on a localized success or failure page. Plain node `(req, res)` handlers, so
 * the server mounts them on express and the OAuth Lambda function on a request built from API Gateway's event.
 */

export interface OAuthDeps {
  oauth: SlackOAuthConfig;
  /** SLACK_API_URL: the code exchange and the token refresh go there too (the tests' fake). */
  apiUrl?: string;
  installationStore: InstallationStore;
  logger: Logger;
  defaultLocale: Locale;
  /** The clock of the OAuth state (it is valid for ten minutes). @default () => new Date() */
  now?: () => Date;
}

export interface OAuthRoutes {
  /** For Bolt's `authorize`: the installation of the request's workspace, its token refreshed when it expires soon. */
  installer: InstallProvider;
  install(req: IncomingMessage, res: ServerResponse): Promise<void>;
  redirect(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** How long an install link (its state) is valid, in seconds. */
export const STATE_TTL_SECONDS = 600;

/** The ClearStateStore (a signed JWT), read against this module's clock rather than the library's `new Date()`. */
class ClockedStateStore implements StateStore {
  private readonly inner: ClearStateStore;
  constructor(
    secret: string,
    private readonly now: () => Date,
  ) {
    this.inner = new ClearStateStore(secret, STATE_TTL_SECONDS);
  }
  generateStateParam(options: InstallURLOptions): Promise<string> {
    return this.inner.generateStateParam(options, this.now());
  }
  verifyStateParam(_now: Date, state: string): Promise<InstallURLOptions> {
    return this.inner.verifyStateParam(this.now(), state);
  }
}

/**
 * The library logs each failed callback as an error object before it calls the failure page: the page's own log line
 * (one, with the reason's code) says it instead. Everything else it says is passed on.
 */
function libraryLogger(logger: Logger): OAuthLogger {
  return {
    debug: (...msg) => logger.debug(...msg),
    info: (...msg) => logger.info(...msg),
    warn: (...msg) => logger.warn(...msg),
    error: (...msg) => (msg[0] instanceof Error ? logger.debug(...msg) : logger.error(...msg)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

function failureOf(code: string | undefined, flowError: string | null): InstallFailure {
  if (flowError === 'access_denied') return 'cancelled';
  switch (code) {
    case ErrorCode.InvalidStateError:
    case ErrorCode.MissingStateError:
      return 'expired';
    case ErrorCode.MissingCodeError:
      return 'incomplete';
    default:
      return 'failed';
  }
}

const STATUS: Record<InstallFailure, number> = { cancelled: 200, expired: 400, incomplete: 400, failed: 502 };

const queryOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://localhost').searchParams;

export function createOAuthRoutes(deps: OAuthDeps): OAuthRoutes {
  const now = deps.now ?? (() => new Date());
  const graceDays = Math.round(deps.oauth.uninstallGraceMs / (24 * 3600_000));
  const stateStore = new ClockedStateStore(deps.oauth.stateSecret, now);
  const clientOptions: WebClientOptions = {
    ...(deps.apiUrl ? { slackApiUrl: deps.apiUrl } : {}),
    logger: deps.logger,
    logLevel: LogLevel.WARN,
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    timeout: 10_000,
  };
  const installUrlOptions: InstallURLOptions = {
    scopes: [...BOT_SCOPES],
    ...(deps.oauth.redirectUri ? { redirectUri: deps.oauth.redirectUri } : {}),
  };
  // One provider per language: the install page is rendered from the authorize URL alone.
  const providers = new Map<Locale, InstallProvider>(
    LOCALES.map((locale) => [
      locale,
      new InstallProvider({
        clientId: deps.oauth.clientId,
        clientSecret: deps.oauth.clientSecret,
        stateStore,
        installationStore: deps.installationStore,
        installUrlOptions,
        logger: libraryLogger(deps.logger),
        clientOptions,
        renderHtmlForInstallPath: (authorizeUrl) =>
          installPage(locale, {
            authorizeUrl,
            graceDays,
            otherLanguageHref: `${INSTALL_PATH}?lang=${locale === 'de' ? 'en' : 'de'}`,
          }),
      }),
    ]),
  );
  const installer = providers.get(deps.defaultLocale) as InstallProvider;

  const localeOf = (req: IncomingMessage): Locale =>
    pageLocale(req.headers['accept-language'], deps.defaultLocale, queryOf(req).get('lang'));

  const callbackOptions: CallbackOptions = {
    success: (installation: Installation, _options, req, res) => {
      const locale = localeOf(req);
      const orgWide = installation.isEnterpriseInstall === true;
      const teamId = installation.team?.id;
      deps.logger.info(
        orgWide
          ? `slack: installed for the org ${installation.enterprise?.id ?? '?'}`
          : `slack: installed in workspace ${teamId ?? '?'}`,
      );
      const name = orgWide ? installation.enterprise?.name : installation.team?.name;
      res.writeHead(200, pageHeaders(locale));
      res.end(
        successPage(locale, {
          ...(name ? { name } : {}),
          orgWide,
          appUrl:
            !orgWide && teamId && installation.appId
              ? `slack://app?team=${teamId}&id=${installation.appId}`
              : 'slack://open',
          ...(!orgWide && teamId ? { browserUrl: `https://app.slack.com/client/${teamId}` } : {}),
        }),
      );
    },
    failure: (error, _options, req, res) => {
      const locale = localeOf(req);
      const flowError = queryOf(req).get('error');
      const failure = failureOf((error as { code?: string }).code, flowError);
      // Slack's own error (`invalid_code`) where it gave one: what an operator can look up.
      const code =
        failure === 'cancelled'
          ? 'access_denied'
          : ((error as { data?: { error?: string } }).data?.error ??
            (error as { code?: string }).code ??
            'unknown');
      // One line, with the reason's code: never the code or the state from the URL.
      if (failure === 'failed') deps.logger.error(`slack: an install failed (${code}: ${error.message})`);
      else deps.logger.info(`slack: an install did not complete (${failure}, ${code})`);
      res.writeHead(STATUS[failure], pageHeaders(locale));
      res.end(failurePage(locale, failure, { installHref: `${INSTALL_PATH}?lang=${locale}`, code }));
    },
  };

  return {
    installer,
    install: async (req, res) => {
      const locale = localeOf(req);
      // The library sets the content type and the state cookie; the page's own headers (no caching, the CSP) first.
      for (const [name, value] of Object.entries(pageHeaders(locale))) res.setHeader(name, value);
      await (providers.get(locale) as InstallProvider).handleInstallPath(
        req,
        res,
        undefined,
        installUrlOptions,
      );
    },
    redirect: (req, res) => installer.handleCallback(req, res, callbackOptions),
  };
}
