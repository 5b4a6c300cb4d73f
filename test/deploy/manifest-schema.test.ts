import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The Slack app manifests checked against a schema, so a typo in a scope, an event or a field name fails the build
 * instead of the app's installation. The scope and event names come from @slack/web-api's own manifest type
 * (`types/request/manifest.d.ts`, read at test time, so they follow the SDK), plus the few scopes Slack documents
 * that the SDK's type does not list yet. Field names and lengths are the ones Slack's manifest reference documents.
 */

const ROOT = join(__dirname, '..', '..');
const SDK_TYPES = join(
  ROOT,
  'node_modules',
  '@slack',
  'web-api',
  'dist',
  'types',
  'request',
  'manifest.d.ts',
);

/** The string literals of one `type X = 'a' | 'b' | …;` in the SDK's declaration file. */
function literalsOf(typeName: string): string[] {
  const source = readFileSync(SDK_TYPES, 'utf8');
  const match = new RegExp(`type ${typeName} = ([^;]+);`).exec(source);
  if (!match?.[1]) throw new Error(`@slack/web-api no longer declares ${typeName} in ${SDK_TYPES}`);
  return [...match[1].matchAll(/'([^']+)'/g)].map((m) => m[1] as string);
}

/** Documented bot scopes newer than the SDK's type (api.slack.com/scopes). */
const NEWER_BOT_SCOPES = ['canvases:read', 'canvases:write'];

const BOT_SCOPES = [...literalsOf('BotScope'), ...NEWER_BOT_SCOPES] as [string, ...string[]];
const EVENTS = literalsOf('ManifestEvent') as [string, ...string[]];

const httpsUrl = z.url({ protocol: /^https$/ });

const ManifestSchema = z.strictObject({
  _metadata: z.strictObject({ major_version: z.number().int(), minor_version: z.number().int() }).optional(),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().max(140).optional(),
    long_description: z.string().min(174).max(4000).optional(),
    background_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
  }),
  features: z
    .strictObject({
      app_home: z
        .strictObject({
          home_tab_enabled: z.boolean().optional(),
          messages_tab_enabled: z.boolean().optional(),
          messages_tab_read_only_enabled: z.boolean().optional(),
        })
        .optional(),
      bot_user: z.strictObject({
        display_name: z.string().min(1).max(80),
        always_online: z.boolean().optional(),
      }),
      slash_commands: z
        .array(
          z.strictObject({
            command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
            description: z.string().min(1).max(2000),
            usage_hint: z.string().max(1000).optional(),
            url: httpsUrl.optional(),
            should_escape: z.boolean().optional(),
          }),
        )
        .optional(),
      unfurl_domains: z.array(z.string()).max(5).optional(),
    })
    .optional(),
  oauth_config: z
    .strictObject({
      redirect_urls: z.array(httpsUrl).optional(),
      scopes: z.strictObject({
        bot: z.array(z.enum(BOT_SCOPES)).optional(),
        user: z.array(z.string()).optional(),
      }),
      token_management_enabled: z.boolean().optional(),
    })
    .optional(),
  settings: z
    .strictObject({
      event_subscriptions: z
        .strictObject({
          request_url: httpsUrl.optional(),
          bot_events: z.array(z.enum(EVENTS)).optional(),
          user_events: z.array(z.enum(EVENTS)).optional(),
        })
        .optional(),
      interactivity: z
        .strictObject({
          is_enabled: z.boolean(),
          request_url: httpsUrl.optional(),
          message_menu_options_url: httpsUrl.optional(),
        })
        .optional(),
      org_deploy_enabled: z.boolean().optional(),
      socket_mode_enabled: z.boolean().optional(),
      token_rotation_enabled: z.boolean().optional(),
      is_hosted: z.boolean().optional(),
      allowed_ip_address_ranges: z.array(z.string()).optional(),
    })
    .optional(),
});

const problems = (manifest: unknown): string[] => {
  const result = ManifestSchema.safeParse(manifest);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const read = (file: string): Record<string, unknown> =>
  parse(readFileSync(join(ROOT, 'slack', file), 'utf8')) as Record<string, unknown>;

describe.each(['manifest.yml', 'manifest.multi-workspace.yml', 'manifest.socket-mode.yml'])(
  'slack/%s against the manifest schema',
  (file) => {
    it('has only fields, scopes and events Slack knows, within their limits', () => {
      expect(problems(read(file))).toEqual([]);
    });

    it('is refused with a misspelt scope, event or field (the schema catches what Slack would)', () => {
      const manifest = read(file);
      const oauth = manifest.oauth_config as { scopes: { bot: string[] } };
      const settings = manifest.settings as { event_subscriptions: { bot_events: string[] } };
      const misspelt = (change: (copy: Record<string, unknown>) => void) => {
        const copy = structuredClone(manifest);
        change(copy);
        return problems(copy);
      };
      expect(
        misspelt((copy) => {
          (copy.oauth_config as typeof oauth).scopes.bot = [...oauth.scopes.bot, 'chat:wirte'];
        }),
      ).toEqual([expect.stringMatching(/^oauth_config\.scopes\.bot\.\d+:/)]);
      expect(
        misspelt((copy) => {
          (copy.settings as typeof settings).event_subscriptions.bot_events = ['app_mentoin'];
        }),
      ).toEqual([expect.stringMatching(/^settings\.event_subscriptions\.bot_events\.0:/)]);
      expect(
        misspelt((copy) => {
          (copy.settings as Record<string, unknown>).token_rotation_enable = true;
        }),
      ).toEqual([expect.stringMatching(/^settings:.*token_rotation_enable/)]);
    });
  },
);

it('reads the scope and event names from the SDK (a sanity check of the extraction)', () => {
  expect(BOT_SCOPES).toEqual(expect.arrayContaining(['chat:write', 'commands', 'users:read']));
  expect(EVENTS).toEqual(expect.arrayContaining(['app_mention', 'app_uninstalled', 'tokens_revoked']));
  expect(BOT_SCOPES.length).toBeGreaterThan(50);
});
