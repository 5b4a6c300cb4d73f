import type { AnyStateMachine } from 'xstate';

/**
 * The machine drawn as a Mermaid state diagram, read from the machine itself (never drawn by hand):
 * every transition that changes state, with its event and guard.
 */
export function toMermaid(machine: AnyStateMachine): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${String(machine.config.initial)}`];
  const seen = new Set<string>();
  for (const node of Object.values(machine.root.states)) {
    for (const [event, transitions] of node.transitions) {
      for (const t of transitions) {
        for (const target of t.target ?? []) {
          if (target === node) continue;
          const guard = guardName(t.guard);
          const label = `${event === '' ? 'always' : event}${guard}`;
          const line = `  ${node.key} --> ${target.key}: ${label}`;
          if (!seen.has(line)) lines.push(line);
          seen.add(line);
        }
      }
    }
    for (const t of node.always ?? []) {
      for (const target of t.target ?? []) {
        const guard = guardName(t.guard);
        const line = `  ${node.key} --> ${target.key}: always${guard}`;
        if (!seen.has(line)) lines.push(line);
        seen.add(line);
      }
    }
  }
  for (const [event, transitions] of machine.root.transitions) {
    for (const t of transitions) {
      for (const target of t.target ?? [])
        lines.push(`  note right of ${target.key}: ${event} from any state`);
    }
  }
  return lines.join('\n');
}

function guardName(guard: unknown): string {
  if (typeof guard === 'string') return ` [${guard}]`;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return ` [${String(guard.type)}]`;
  return '';
}
