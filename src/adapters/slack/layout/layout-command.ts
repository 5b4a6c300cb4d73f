import type { Locale } from '../../../core/context';
import { text, wordList } from '../../../core/i18n';
import { normalize } from '../../../core/parse-input';
import type { Layout } from './channel-state';

/** What `/paysetup layout …` asks for: a layout, or (a word that names none) how to use it; null: not this command. */
export type LayoutCommand = { layout: Layout } | { usage: true };

const LOCALES: readonly Locale[] = ['de', 'en'];

const words = (key: string): string[] => LOCALES.flatMap((l) => wordList(l, key).map(normalize));

/**
 * `/paysetup layout kanal|thread` (German) and `layout channel|thread` (English), in either language whatever the
 * team speaks: the command word, then the layout's name.
 */
export function parseLayoutCommand(line: string): LayoutCommand | null {
  const [command, ...rest] = normalize(line).split(/\s+/);
  if (!command || !words('slack:commands.layout').includes(command)) return null;
  const argument = rest.join(' ');
  if (words('slack:commands.layoutThread').includes(argument)) return { layout: 'thread' };
  if (words('slack:commands.layoutChannel').includes(argument)) return { layout: 'channel' };
  return { usage: true };
}

/** What the channel is told when the layout changed, or the person when it was that already. */
export function renderLayoutNotice(locale: Locale, layout: Layout, changed: boolean, by: string): string {
  if (!changed) return text(locale, `slack:layout.already.${layout}`);
  return text(locale, `slack:layout.set.${layout}`, { by });
}
