import type { Locale } from '../../../core/context';
import { formatDate, text } from '../../../core/i18n';
import type { KeyValueStore } from '../../../store/port';
import { PortInstallationStore } from './PortInstallationStore';
import { purgeMarkOf, purgeWorkspace } from './purge';

/** A workspace id as Slack writes it (`T…`), or an org's (`E…`) for an org-wide install. */
export const WORKSPACE_ID = /^[TE][A-Z0-9]{2,63}$/;

/**
 * `paysetup purge --workspace T…`: deletes a workspace's onboarding records on request (a merchant who asks for it,
 * or an operator who does not want to wait for the grace period), and prints what was deleted, in the operator's
 * language: one line of counts, then each channel's team key. A pending purge of the workspace is done with it.
 * The app's installation stays (the workspace keeps the app; the line says so).
 */
export async function runPurgeCommand(options: {
  store: KeyValueStore;
  workspace: string;
  locale: Locale;
  stdout: { write(text: string): unknown };
}): Promise<number> {
  const { store, workspace, locale } = options;
  const planned = await purgeMarkOf(store, workspace);
  const installed = await new PortInstallationStore(store).isInstalled(workspace, planned?.enterpriseId);
  const result = await purgeWorkspace(store, workspace);
  const { records, deliveryMarks, keptAside, links, questions } = result.counts;
  const lines =
    records + deliveryMarks + keptAside + links + questions === 0
      ? [text(locale, 'slack:purge.none', { workspace })]
      : [
          text(locale, 'slack:purge.done', {
            workspace,
            records,
            deliveryMarks,
            keptAside,
            links,
            questions,
          }),
          ...result.teams.map((team) => `  ${team}`),
        ];
  if (planned) lines.push(text(locale, 'slack:purge.planned', { date: formatDate(locale, planned.purgeAt) }));
  if (installed) lines.push(text(locale, 'slack:purge.stillInstalled'));
  options.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
