import { z } from 'zod';
import { teamRecordKey } from '../../../core/engine';
import { QuestionLog } from '../../../questions/QuestionLog';
import type { KeyValueStore } from '../../../store/port';
import { channelHomeKey, readHome } from '../ChannelHomes';
import { channelOfTeamKey, workspacePrefix } from '../team-key';

/**
 * What happens to a workspace's onboarding records after it uninstalled the app (or revoked its tokens): the
 * installation goes at once, the records stay for a grace period (SLACK_UNINSTALL_GRACE_DAYS, 30 days by default: a
 * reinstall within it finds everything as it was), then they are deleted.
 *
 * The uninstall writes one mark, `uninstalled:<teamId>`, with the purge's due time in the store's due index; the
 * reminder round asks the index for due keys (`due()`) and purges only the workspaces whose time has come, so a quiet
 * minute reads nothing else. A reinstall deletes the mark.
 */

const MARK_PREFIX = 'uninstalled:';

export const purgeMarkKey = (teamId: string): string => `${MARK_PREFIX}${teamId}`;

const MarkSchema = z.object({
  teamId: z.string(),
  enterpriseId: z.string().optional(),
  uninstalledAt: z.string(),
  purgeAt: z.string(),
  /** What ended the installation: `app_uninstalled` or `tokens_revoked`. */
  reason: z.string(),
});
export type PurgeMark = z.infer<typeof MarkSchema>;

/** What a purge deleted, by kind (each key once). */
export interface PurgeResult {
  teamId: string;
  /** The channels' team keys (`slack:T…:C…`) whose onboarding record was deleted. */
  teams: string[];
  /** Team records, the engine's delivery marks, records kept aside, link codes and voice links. */
  counts: { records: number; deliveryMarks: number; keptAside: number; links: number; questions: number };
}

/** Marks a workspace's records for deletion at `purgeAt` (replacing an earlier mark). */
export async function schedulePurge(
  store: KeyValueStore,
  mark: { teamId: string; enterpriseId?: string; reason: string; uninstalledAt: Date; purgeAt: Date },
): Promise<void> {
  const value = JSON.stringify({
    teamId: mark.teamId,
    ...(mark.enterpriseId ? { enterpriseId: mark.enterpriseId } : {}),
    uninstalledAt: mark.uninstalledAt.toISOString(),
    purgeAt: mark.purgeAt.toISOString(),
    reason: mark.reason,
  } satisfies PurgeMark);
  const key = purgeMarkKey(mark.teamId);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = await store.get(key);
    // A second uninstall event (both events arrive for one uninstall) keeps the first, earlier purge time.
    if (current && MarkSchema.safeParse(safeJson(current.value)).success) return;
    if ((await store.put(key, value, current?.version ?? null, { dueAt: mark.purgeAt.getTime() })).ok) return;
  }
}

/** The workspace installed the app again: its records stay. */
export async function cancelPurge(store: KeyValueStore, teamId: string): Promise<void> {
  await store.delete(purgeMarkKey(teamId));
}

/** The pending purge of a workspace, if any. */
export async function purgeMarkOf(store: KeyValueStore, teamId: string): Promise<PurgeMark | null> {
  const stored = await store.get(purgeMarkKey(teamId));
  const parsed = stored ? MarkSchema.safeParse(safeJson(stored.value)) : null;
  return parsed?.success ? parsed.data : null;
}

/**
 * Deletes every onboarding record of workspace `teamId`: the channels' records (`team:slack:T…:…`), the engine's
 * delivery marks and the records it kept aside, the adapter's per-channel state (`slack-channel:…`), the channels' homes, the link codes and voice links to those channels, their unanswered questions, and the purge mark.
 * The installation is not touched (an installed workspace keeps the app; only its records go). Page by page, so a
 * workspace of any size is purged in bounded memory; running it again deletes nothing more.
 */
export async function purgeWorkspace(store: KeyValueStore, teamId: string): Promise<PurgeResult> {
  const prefix = workspacePrefix(teamId);
  const teams: string[] = [];
  const records = await deleteWithPrefix(store, teamRecordKey(prefix), (key) =>
    teams.push(key.slice('team:'.length)),
  );
  const deliveryMarks = await deleteWithPrefix(store, `applied:${prefix}`);
  const keptAside = await deleteWithPrefix(store, `aside:${prefix}`);
  // The Slack adapter's own per-channel state (layout, step messages, canvas): the channels are gone with the rest.
  await deleteWithPrefix(store, `slack-channel:${prefix}`);
  // The channels' home records that name this installation: another installation may take a shared channel over.
  for (const team of teams) await deleteHome(store, team, teamId);
  const links = await deleteLinks(store, prefix);
  // The questions its channels asked the assistant and it could not answer (kept for the experts).
  const questions = await new QuestionLog(store).deleteTeams(prefix);
  await store.delete(purgeMarkKey(teamId));
  return { teamId, teams, counts: { records, deliveryMarks, keptAside, links, questions } };
}

export interface PurgeRoundDeps {
  store: KeyValueStore;
  logger: { info(...msg: unknown[]): void; warn(...msg: unknown[]): void };
  /** Whether the workspace has installed the app again (then its records stay). */
  isInstalled?: (teamId: string, enterpriseId?: string) => Promise<boolean>;
}

/** How many due keys one round looks at; the sweep reads the same index with the same bound. */
const DUE_LIMIT = 1000;

/**
 * The purge step of the reminder round: the workspaces whose grace period ended by `now` (read from the due index,
 * nothing else), each purged and logged once. A workspace that installed again keeps its records.
 */
export async function purgeDueWorkspaces(now: Date, deps: PurgeRoundDeps): Promise<PurgeResult[]> {
  const due = await deps.store.due(now.getTime(), DUE_LIMIT);
  const purged: PurgeResult[] = [];
  for (const { key } of due) {
    if (!key.startsWith(MARK_PREFIX)) continue;
    const teamId = key.slice(MARK_PREFIX.length);
    const mark = await purgeMarkOf(deps.store, teamId);
    if (mark && deps.isInstalled && (await deps.isInstalled(teamId, mark.enterpriseId))) {
      await cancelPurge(deps.store, teamId);
      deps.logger.info(`slack: workspace ${teamId} installed the app again; its records are kept`);
      continue;
    }
    const result = await purgeWorkspace(deps.store, teamId);
    deps.logger.info(
      `slack: purged workspace ${teamId} (uninstalled ${mark?.uninstalledAt ?? 'earlier'}): ${describeCounts(result)}`,
    );
    purged.push(result);
  }
  return purged;
}

/** `3 records, 5 delivery marks, 0 kept aside, 1 link`: for the log. */
export function describeCounts(result: PurgeResult): string {
  const { records, deliveryMarks, keptAside, links, questions } = result.counts;
  return `${records} records, ${deliveryMarks} delivery marks, ${keptAside} kept aside, ${links} links, ${questions} unanswered questions`;
}

async function deleteHome(store: KeyValueStore, team: string, installation: string): Promise<void> {
  const channel = channelOfTeamKey(team);
  if (!channel) return;
  const home = await store.get(channelHomeKey(channel));
  if (home && readHome(home.value) === installation) await store.delete(channelHomeKey(channel));
}

async function deleteWithPrefix(
  store: KeyValueStore,
  prefix: string,
  onKey?: (key: string) => void,
): Promise<number> {
  let deleted = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.list(prefix, { limit: 500, ...(after ? { after } : {}) });
    for (const item of page.items) {
      await store.delete(item.key);
      onKey?.(item.key);
      deleted += 1;
    }
    if (!page.next) return deleted;
    after = page.next;
  }
}

const LinkValueSchema = z.looseObject({ team: z.string() });

/** Link codes (`link:code:…`) and voice links (`link:user:…`) that lead to one of the workspace's channels. */
async function deleteLinks(store: KeyValueStore, teamPrefix: string): Promise<number> {
  let deleted = 0;
  for (const prefix of ['link:code:', 'link:user:']) {
    let after: string | undefined;
    for (;;) {
      const page = await store.list(prefix, { limit: 500, ...(after ? { after } : {}) });
      for (const item of page.items) {
        const link = LinkValueSchema.safeParse(safeJson(item.value));
        if (link.success && link.data.team.startsWith(teamPrefix)) {
          await store.delete(item.key);
          deleted += 1;
        }
      }
      if (!page.next) break;
      after = page.next;
    }
  }
  return deleted;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
