import type { Locale } from '../core/context';
import { render } from '../core/i18n';
import type { AnswerView } from '../questions/answer-view';

/** An answer to the team's own question, as the terminal prints it: the long text, its step and its source. */
export function renderAnswer(locale: Locale, view: AnswerView): string[] {
  if (view.kind === 'answer') {
    return [
      `❓ ${render(locale, view.title)}`,
      ...(view.context ? [render(locale, view.context)] : []),
      render(locale, view.long),
      render(locale, view.step),
      render(locale, view.source.line),
    ];
  }
  return [
    ...view.sorry.map((line) => render(locale, line)),
    ...(view.closest.length > 0
      ? [
          render(locale, { key: 'ask.closest' }),
          ...view.closest.map((entry) => `  - ${render(locale, entry.title)}`),
        ]
      : []),
    render(locale, view.docs.line),
  ];
}
