import type { App } from '@slack/bolt';
import { publishHome } from './app-home';
import { registerActions } from './listeners/actions';
import { type EventArgs, guard } from './listeners/boundary';
import { registerCommands } from './listeners/commands';
import type { ListenerDeps } from './listeners/deps';
import { registerModals } from './listeners/modals';
import { installationIdOf } from './team-key';

export type { ListenerDeps } from './listeners/deps';

/**
 * Wires Slack's entry points to the dialog: `/paysetup`, mentions, button clicks, modal submissions, the App Home.
 * Commands and clicks are acknowledged by the delivery middleware before any listener runs (`dedupe.ts`), modal
 * submissions by their listener first thing, so the 3-second budget holds however slow the store or the Web API is.
 * The edge (`edge/`) has checked every id's shape already; what only a listener reads, it checks itself. Every
 * listener runs inside the one error boundary (`listeners/boundary.ts`).
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerModals(app, deps);
  app.event(
    'app_home_opened',
    guard<EventArgs<'app_home_opened'>>('app_home_opened', deps, async ({ event, context }) => {
      if (event.tab !== 'home') return;
      const installation = installationIdOf(context);
      if (!installation) return;
      await publishHome(deps, installation, event.user);
    }),
  );
}
