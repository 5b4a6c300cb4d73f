import type { Locale } from '../../src/core/context';
import { parseLine } from '../../src/core/parse-input';

/** The reminder commands as people type them, in the terminal and after `/paysetup`, in both languages. */
const read = (line: string, locale: Locale = 'de') => parseLine(line, locale, null);
const input = (line: string, locale: Locale = 'de') => {
  const parsed = read(line, locale);
  if (parsed.kind !== 'inputs') throw new Error(`${line}: ${JSON.stringify(parsed)}`);
  return parsed.inputs;
};
const refusal = (line: string, locale: Locale = 'de') => {
  const parsed = read(line, locale);
  return parsed.kind === 'error' ? parsed.message.key : `not refused: ${JSON.stringify(parsed)}`;
};

describe('reminder commands', () => {
  it.each([
    ['erinnern morgen', { type: 'SNOOZE', days: 1 }],
    ['Erinnern übermorgen', { type: 'SNOOZE', days: 2 }],
    ['erinnern in 2 tagen', { type: 'SNOOZE', days: 2 }],
    ['erinnern in zwei Tagen', { type: 'SNOOZE', days: 2 }],
    ['erinnern in einem tag', { type: 'SNOOZE', days: 1 }],
    ['erinnern nächste Woche', { type: 'SNOOZE', days: 7 }],
    ['erinnern naechste woche', { type: 'SNOOZE', days: 7 }],
    ['erinnern in 3 wochen', { type: 'SNOOZE', days: 21 }],
    ['erinnern aus', { type: 'REMINDERS', on: false }],
    ['Erinnerungen aus.', { type: 'REMINDERS', on: false }],
    ['erinnern an', { type: 'REMINDERS', on: true }],
    ['remind tomorrow', { type: 'SNOOZE', days: 1 }],
    ['remind in 2 days', { type: 'SNOOZE', days: 2 }],
    ['remind in two days', { type: 'SNOOZE', days: 2 }],
    ['remind next week', { type: 'SNOOZE', days: 7 }],
    ['remind off', { type: 'REMINDERS', on: false }],
    ['reminders on', { type: 'REMINDERS', on: true }],
  ])('%s', (line, expected) => {
    expect(input(line)).toEqual([expected]);
    // Commands are understood whatever the team's language.
    expect(input(line, 'en')).toEqual([expected]);
  });

  it('asks how when it cannot tell when to remind, in both languages', () => {
    expect(refusal('erinnern')).toBe('input.remindHow');
    expect(refusal('erinnern irgendwann')).toBe('input.remindHow');
    expect(refusal('remind later', 'en')).toBe('input.remindHow');
  });

  it('passes a snooze too long for the machine to refuse with its own message', () => {
    expect(input('erinnern in 100 tagen')).toEqual([{ type: 'SNOOZE', days: 61 }]);
  });

  it.each([
    ['owner @anna', { type: 'SET_OWNER', owner: { id: 'name:anna', name: 'anna' } }],
    [
      'owner 4 @Anna Schmidt',
      { type: 'SET_OWNER', step: 4, owner: { id: 'name:anna schmidt', name: 'Anna Schmidt' } },
    ],
    ['owner <@U0ANNA|anna>', { type: 'SET_OWNER', owner: { id: 'U0ANNA', name: 'anna' } }],
    ['verantwortlich schritt 2 <@U0BEN>', { type: 'SET_OWNER', step: 2, owner: { id: 'U0BEN' } }],
    ['owner 3 niemand', { type: 'SET_OWNER', step: 3, owner: null }],
    ['owner nobody', { type: 'SET_OWNER', owner: null }],
  ])('%s', (line, expected) => {
    expect(input(line)).toEqual([expected]);
  });

  it('never takes a group as owner, and asks who when nobody is named', () => {
    for (const line of [
      'owner @channel',
      'owner <!channel>',
      'owner 2 <!here>',
      'owner <!subteam^S0123|devs>',
    ])
      expect(refusal(line)).toBe('input.ownerMention');
    expect(refusal('owner')).toBe('input.ownerWho');
    expect(refusal('owner 4')).toBe('input.ownerWho');
  });

  it.each([
    ['ziel 2027-02-15', '2027-02-15'],
    ['ziel 15.02.2027', '2027-02-15'],
    ['Zieldatum 1.3.2027', '2027-03-01'],
    ['target 2027-02-15', '2027-02-15'],
    ['ziel keins', null],
    ['target none', null],
  ])('%s', (line, date) => {
    expect(input(line)).toEqual([{ type: 'SET_TARGET', date }]);
  });

  it('reads a sentence that starts with "Ziel" or "Erinnerung" as an answer, not as a command', () => {
    const question = {
      id: 'decline_description',
      kind: 'text',
      step: 'customer',
    } as unknown as Parameters<typeof parseLine>[2];
    const long = parseLine('Ziel ist, dass der Kunde eine andere Zahlungsart wählen kann', 'de', question);
    expect(long.kind === 'inputs' && long.inputs[0]?.type).toBe('ANSWER');
    const noDate = parseLine('Ziel: Mitte Februar', 'de', question);
    expect(noDate.kind === 'inputs' && noDate.inputs[0]?.type).toBe('ANSWER');
    const reminder = parseLine('Erinnerungen an Kunden verschicken wir per E-Mail', 'de', question);
    expect(reminder.kind === 'inputs' && reminder.inputs[0]?.type).toBe('ANSWER');
    expect(refusal('ziel 31.02.2027')).toBe('notice.settingRefused.target');
  });

  it.each([
    ['zeitzone Europe/Berlin', { type: 'SET_CALENDAR', timeZone: 'Europe/Berlin' }],
    [
      'zeitzone america/new_york US-NY',
      { type: 'SET_CALENDAR', timeZone: 'America/New_York', holidays: 'US-NY' },
    ],
    ['timezone Europe/London GB', { type: 'SET_CALENDAR', timeZone: 'Europe/London', holidays: 'GB' }],
    ['feiertage DE-BY', { type: 'SET_CALENDAR', holidays: 'DE-BY' }],
    ['holidays de-be', { type: 'SET_CALENDAR', holidays: 'DE-BE' }],
  ])('%s', (line, expected) => {
    expect(input(line)).toEqual([expected]);
  });

  it('refuses unknown time zones and holiday regions', () => {
    expect(refusal('zeitzone Mars/Olympus')).toBe('input.unknownTimeZone');
    expect(refusal('zeitzone')).toBe('input.unknownTimeZone');
    expect(refusal('zeitzone Europe/Berlin XX-YY')).toBe('input.unknownHolidays');
    expect(refusal('feiertage Atlantis')).toBe('input.unknownHolidays');
  });
});
