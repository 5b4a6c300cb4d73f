import type { StepId } from '../../../../flows/types';
import type { Message } from '../../../core/context';

/**
 * Where the messages of one reply go in the thread layout:
 * - `step`: a finished or reopened step, with its advice: that step's thread;
 * - `intro`: a step's introduction: nowhere, its step message shows it;
 * - `done`: the done summary with the open items: the channel, the one top-level post besides the step messages;
 * - `channel`: a recovered record: the channel;
 * - `here`: anything else: where the turn's question is asked.
 */
export type Route =
  | { to: 'step'; step: StepId; messages: Message[] }
  | { to: 'intro'; step: StepId }
  | { to: 'done'; messages: Message[] }
  | { to: 'channel'; messages: Message[] }
  | { to: 'here'; messages: Message[] };

const STEP_HEADING = /^(?:step\.(?:completed|reopened)|advice\.updated)$/;
const INTRO = /^flow:steps\.([a-z_]+)\.intro$/;
const TITLE = /^flow:steps\.([a-z_]+)\.title$/;

/** The step a heading names (`params.step` is the step's title key). */
function stepOf(message: Message): StepId | null {
  const param = message.params?.step;
  const key = typeof param === 'object' && param !== null && 'key' in param ? String(param.key) : '';
  return (TITLE.exec(key)?.[1] as StepId | undefined) ?? null;
}

/** The reply's messages in order, grouped by where each goes (see `Route`). */
export function routeMessages(messages: readonly Message[]): Route[] {
  type Group = Exclude<Route, { to: 'intro' }>;
  const routes: Route[] = [];
  let current: Group | null = null;
  for (const message of messages) {
    const intro = INTRO.exec(message.key);
    const step = STEP_HEADING.test(message.key) ? stepOf(message) : null;
    let next: Group | null = null;
    if (intro) {
      routes.push({ to: 'intro', step: intro[1] as StepId });
      current = null;
      continue;
    }
    if (step) next = { to: 'step', step, messages: [message] };
    else if (message.key.startsWith('done.') && current?.to !== 'done')
      next = { to: 'done', messages: [message] };
    else if (message.key.startsWith('record.')) next = { to: 'channel', messages: [message] };
    else if (current) current.messages.push(message);
    else next = { to: 'here', messages: [message] };
    if (next) {
      routes.push(next);
      current = next;
    }
  }
  return routes;
}
