import {
  briefLabel,
  cardWithin,
  escapeSsml,
  sentences,
  shorten,
  spokenForm,
  toSsml,
} from '../../../src/adapters/alexa/speech';
import { ssmlProblems } from './ssml';

describe('SSML', () => {
  it('escapes the five XML characters in every rendered text', () => {
    expect(escapeSsml(`Tom & Jerry's <b>"Shop"</b>`)).toBe(
      'Tom &amp; Jerry&apos;s &lt;b&gt;&quot;Shop&quot;&lt;/b&gt;',
    );
    const ssml = toSsml([['A & B', '<break/>'], [], ["„Web“ und 'App'"]]);
    expect(ssml).toBe(
      '<speak>A &amp; B &lt;break/&gt; <break time="300ms"/> „Web“ und &apos;App&apos;</speak>',
    );
    expect(ssmlProblems(ssml)).toEqual([]);
  });

  it('the SSML check itself finds what Alexa would refuse', () => {
    expect(ssmlProblems('<speak>A & B</speak>')).not.toEqual([]);
    expect(ssmlProblems('<speak>A <b>B</b></speak>')).not.toEqual([]);
    expect(ssmlProblems('<speak>A <p>B</speak>')).not.toEqual([]);
    expect(ssmlProblems('A')).not.toEqual([]);
  });
});

describe('shortening for the ear', () => {
  it('splits sentences, but not at a date ("31. Dezember") or an abbreviation ("z. B.")', () => {
    expect(
      sentences('Eingestellt zum 31. Dezember 2022. Das gilt z. B. für Skills. Bitte prüfen Sie das!'),
    ).toEqual(['Eingestellt zum 31. Dezember 2022.', 'Das gilt z. B. für Skills.', 'Bitte prüfen Sie das!']);
    expect(sentences('It arrives. Then you fulfill it. Done.')).toEqual([
      'It arrives.',
      'Then you fulfill it.',
      'Done.',
    ]);
  });

  it('keeps the first sentences within the budget and says whether it left something out', () => {
    const text = 'Erster Satz. Zweiter Satz ist länger. Dritter.';
    expect(shorten(text, 30)).toEqual({ text: 'Erster Satz.', shortened: true });
    expect(shorten(text, 200)).toEqual({ text, shortened: false });
  });

  it('says a slightly long first sentence whole, and cuts a far too long one at a word', () => {
    const long = 'Ein Satz mit vielen Wörtern, der etwas länger ist als das Budget. Zweiter.';
    expect(shorten(long, 50).text).toBe('Ein Satz mit vielen Wörtern, der etwas länger ist als das Budget.');
    const cut = shorten(`${'Wort '.repeat(100)}Ende.`, 40);
    expect(cut.shortened).toBe(true);
    expect(cut.text.length).toBeLessThanOrEqual(40);
    expect(cut.text).toMatch(/Wort…$/);
  });
});

describe('labels and spoken forms', () => {
  it('reads labels briefly: no parentheses (nested ones neither), nothing after " / "', () => {
    expect(briefLabel('Web (Browser)')).toBe('Web');
    expect(briefLabel('Eigener Shop / eigene Entwicklung')).toBe('Eigener Shop');
    expect(briefLabel('Steuerstatus geprüft (in den USA: Steuerinterview)')).toBe('Steuerstatus geprüft');
    // Nested parentheses, as in the tax-status item: nothing of them is left, not even a stray ")".
    expect(briefLabel('Steuerstatus geprüft (in den USA: Steuerinterview mit US-Steuer-ID (TIN/EIN))')).toBe(
      'Steuerstatus geprüft',
    );
    expect(briefLabel('.NET')).toBe('.NET');
  });

  it('writes slot values as Alexa takes them', () => {
    expect(spokenForm('JTL-Shop')).toBe('jtl shop');
    expect(spokenForm('Web (Browser)')).toBe('web browser');
    expect(spokenForm('Maßgeschneidert')).toBe('maßgeschneidert');
  });

  it('cuts a card to a byte budget, or leaves it out when nothing useful fits', () => {
    const card = { title: 'Schritt 1', content: 'ä'.repeat(5000) };
    const cut = cardWithin(card, 3000);
    expect(Buffer.byteLength(`${cut?.title}${cut?.content}`)).toBeLessThanOrEqual(3000);
    expect(cardWithin(card, 100)).toBeNull();
    expect(cardWithin({ title: 'T', content: 'kurz' }, 3000)).toEqual({ title: 'T', content: 'kurz' });
  });
});
