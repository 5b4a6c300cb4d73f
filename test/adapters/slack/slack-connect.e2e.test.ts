import { channelHomeKey } from '../../../src/adapters/slack/ChannelHomes';
import { teamKeyFromSlack } from '../../../src/adapters/slack/team-key';
import { teamRecordKey } from '../../../src/core/engine';
import { text } from '../../../src/core/i18n';
import { allText, findAction } from '../../helpers/slack/blocks';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack/harness';
import {
  ANNA,
  appMentionEvent,
  type CheckboxOption,
  eventCallback,
  messageEvent,
  type SlackUser,
  slashCommandFields,
} from '../../helpers/slack/payloads';

/**
 * A Slack Connect channel shared by the merchant's workspace (T1, where the app is installed) and Amazon's experts'
 * organisation (T9AMZN): whoever acts, it is one onboarding. The payloads are Slack's for shared channels: a click's
 * `team.id` is the installation's workspace and `user.team_id` the clicking user's own; an event names the acting
 * side in `team_id`/`user_team` while its `authorizations` name the installation; external members come with a
 * `user_profile` and may be unknown to users.info.
 */

const SHARED = 'C0SHARED';
const EXPERT: SlackUser = { id: 'U0EXPERT', username: 'eva.expert' };
const OTHER_ORG = 'T9AMZN';

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness({ defaultLocale: 'de' });
});
afterEach(async () => {
  await h.close();
});

/** An event from the other organisation's member, delivered to the installation in T1. */
function fromOtherOrg(event: Record<string, unknown>): Record<string, unknown> {
  return {
    ...eventCallback(
      {
        ...event,
        team: OTHER_ORG,
        user_team: OTHER_ORG,
        source_team: OTHER_ORG,
        user_profile: {
          display_name: 'Eva (Amazon Pay)',
          real_name: 'Eva Expert',
          name: 'eva.expert',
          team: OTHER_ORG,
        },
      },
      'T1',
    ),
    team_id: OTHER_ORG,
    context_team_id: 'T1',
    is_ext_shared_channel: true,
  };
}

/** A click by the other organisation's member: `team` is the app's workspace, `user.team_id` their own. */
function fromOtherOrgClick(payload: Record<string, unknown>): Record<string, unknown> {
  return {
    ...payload,
    user: { ...(payload.user as object), team_id: OTHER_ORG },
    is_ext_shared_channel: true,
  };
}

it('is one onboarding whichever organisation acts: a command here, a click and a mention from there', async () => {
  await h.channel(SHARED).command('start');
  const record = await h.record(SHARED);
  expect(record?.context.locale).toBe('de');

  // The expert's users.info is not readable from the merchant's workspace.
  h.fake.failAlways('users.info', { kind: 'error', error: 'user_not_found' });
  const question = h.channel(SHARED).currentQuestion();
  if (!question) throw new Error('no question posted');
  expect(question.questionId).toBe('placement');
  // The expert ticks "cart" and submits: the submit click carries the ticked option in its state.
  const box = findAction(question.blocks, 'ps:multi:placement');
  const cart = (box?.element.options as CheckboxOption[] | undefined)?.find((o) => o.value === 'cart');
  if (!box?.blockId || !cart) throw new Error('no checkboxes with cart');
  const clicked = await h.sender.interact(
    fromOtherOrgClick(
      h.channel(SHARED).clickPayload(question, 'ps:submit:placement', EXPERT, {
        [box.blockId]: { 'ps:multi:placement': { type: 'checkboxes', selected_options: [cart] } },
      }),
    ),
  );
  expect(clicked.status).toBe(200);
  await h.idle();

  // One record, under the installation's workspace; none under the expert's organisation.
  const after = await h.record(SHARED);
  expect(Object.keys(after?.context.answers ?? {})).toHaveLength(1);
  expect(Object.values(after?.context.answers ?? {})[0]?.by).toEqual({
    id: EXPERT.id,
    name: EXPERT.username,
  });
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack(OTHER_ORG, SHARED)))).toBeNull();
  expect(JSON.parse((await h.store.get(channelHomeKey(SHARED)))?.value ?? '{}')).toMatchObject({
    installation: 'T1',
  });

  // A mention from the other organisation (its `team_id`, the installation in `authorizations`) reaches it too.
  const before = h.fake.mark();
  await h.sender.event(fromOtherOrg(appMentionEvent(EXPERT, SHARED, 'status')));
  await h.idle();
  const status = h.fake.since(before).filter((c) => c.method.startsWith('chat.post'));
  expect(status).toHaveLength(1);
  expect(JSON.stringify(status[0]?.args.blocks)).toContain(text('de', 'slack:statusTitle'));
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack(OTHER_ORG, SHARED)))).toBeNull();
});

it("names an external member by the event's profile when users.info cannot, and never echoes their mentions live", async () => {
  await h.channel(SHARED).command('start');
  h.fake.failAlways('users.info', { kind: 'error', error: 'user_not_found' });
  // The expert makes herself the step's owner, by a mention from the other side.
  await h.sender.event(fromOtherOrg(appMentionEvent(EXPERT, SHARED, 'owner <@U0EXPERT>')));
  await h.idle();
  const owner = (await h.record(SHARED))?.context.reminders?.owners?.setup;
  // users.info failed for her: who set it is named as the event's profile names her, not by her id alone.
  expect(owner?.by).toEqual({ id: EXPERT.id, name: 'Eva (Amazon Pay)' });
  expect(owner?.owner.id).toBe(EXPERT.id);

  const before = h.fake.mark();
  await h.sender.event(fromOtherOrg(appMentionEvent(EXPERT, SHARED, 'hallo <!channel> <!here> <@U0ANNA>')));
  await h.idle();
  const replies = h.fake.since(before).filter((c) => c.method.startsWith('chat.'));
  expect(replies.length).toBeGreaterThan(0);
  for (const reply of replies) {
    const all = `${String(reply.args.text ?? '')} ${allText(reply.args.blocks)}`;
    expect(all).not.toMatch(/<!channel>|<!here>|<@U0ANNA>/);
  }
});

it("a reply in the step's thread from the other organisation is read as a command there (thread layout)", async () => {
  await h.channel(SHARED).useLayout('thread');
  await h.channel(SHARED).command('start');
  const stepMessage = h.channel(SHARED).topLevel()[0];
  expect(stepMessage).toBeDefined();
  const before = await h.record(SHARED);
  h.fake.failAlways('users.info', { kind: 'error', error: 'user_not_found' });
  const mark = h.fake.mark();
  await h.sender.event(fromOtherOrg(messageEvent(EXPERT, SHARED, 'status', stepMessage?.ts)));
  await h.idle();
  expect(h.fake.since(mark).filter((c) => c.method.startsWith('chat.post'))).toHaveLength(1);
  // A read-only command from the other side in the step's thread: answered, nothing recorded, no stray record.
  expect((await h.record(SHARED))?.context.answers).toEqual(before?.context.answers);
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack(OTHER_ORG, SHARED)))).toBeNull();
  expect(h.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
});

it("a command typed by the other organisation's member names their workspace, and still reaches the channel's onboarding", async () => {
  await h.channel(SHARED).command('start');
  const fields = slashCommandFields(
    'status',
    EXPERT,
    { channel: SHARED, teamId: OTHER_ORG },
    h.fake.responseUrl('x'),
  );
  const before = h.fake.mark();
  const answer = await h.sender.command(fields);
  expect(answer.status).toBe(200);
  await h.idle();
  expect(h.fake.since(before).filter((c) => c.method.startsWith('chat.post'))).toHaveLength(1);
  expect(await h.store.get(teamRecordKey(teamKeyFromSlack(OTHER_ORG, SHARED)))).toBeNull();
  expect(ANNA.id).not.toBe(EXPERT.id);
});
