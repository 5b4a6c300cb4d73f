import type { RequestEnvelope } from 'ask-sdk-model';
import { spokenToTyped } from '../../../src/adapters/alexa/interpret';
import {
  actorFromAlexa,
  alexaUserKey,
  localeFromAlexa,
  teamKeyFromAlexa,
} from '../../../src/adapters/alexa/team-key';

/** A LaunchRequest as Alexa sends it, trimmed to what these functions read. */
function envelope(locale: string | undefined, personId?: string): RequestEnvelope {
  return {
    version: '1.0',
    context: {
      System: {
        application: { applicationId: 'amzn1.ask.skill.x' },
        user: { userId: 'amzn1.ask.account.ABC' },
        ...(personId ? { person: { personId } } : {}),
        apiEndpoint: 'https://api.eu.amazonalexa.com',
      },
    },
    request: {
      type: 'LaunchRequest',
      requestId: 'amzn1.echo-api.request.1',
      timestamp: '2026-11-27T10:00:00Z',
      ...(locale ? { locale } : {}),
    },
  } as unknown as RequestEnvelope;
}

describe('keys and people from the envelope', () => {
  it('an Alexa user works on their own progress until they link to a team', () => {
    expect(alexaUserKey(envelope('de-DE'))).toBe('alexa:amzn1.ask.account.ABC');
    expect(teamKeyFromAlexa(envelope('de-DE'), null)).toBe('alexa:amzn1.ask.account.ABC');
    expect(teamKeyFromAlexa(envelope('de-DE'), 'slack:T1:C1')).toBe('slack:T1:C1');
  });

  it('speaks the device language', () => {
    expect(localeFromAlexa(envelope('de-DE'), 'en')).toBe('de');
    expect(localeFromAlexa(envelope('de-AT'), 'en')).toBe('de');
    expect(localeFromAlexa(envelope('en-GB'), 'de')).toBe('en');
    expect(localeFromAlexa(envelope('en-IN'), 'de')).toBe('en');
    expect(localeFromAlexa(envelope('fr-FR'), 'de')).toBe('de');
    expect(localeFromAlexa(envelope(undefined), 'en')).toBe('en');
  });

  it('names the actor as teammates see them, telling recognised household members apart', () => {
    expect(actorFromAlexa(envelope('de-DE'), 'de')).toEqual({
      id: 'alexa:amzn1.ask.account.ABC',
      name: 'Alexa-Nutzer',
    });
    expect(actorFromAlexa(envelope('en-US', 'amzn1.ask.person.XYZ9f2a'), 'en')).toEqual({
      id: 'alexa:amzn1.ask.account.ABC',
      name: 'Alexa user 9F2A',
    });
  });
});

describe('spoken ids and addresses', () => {
  it('turns spelled ids and spoken URLs into what would have been typed', () => {
    expect(spokenToTyped('live minus a b c 1 2 3', 'de')).toBe('live-abc123');
    expect(spokenToTyped('LIVE Bindestrich ABC', 'de')).toBe('live-abc');
    expect(
      spokenToTyped('https doppelpunkt schrägstrich schrägstrich shop punkt example punkt de', 'de'),
    ).toBe('https://shop.example.de');
    expect(
      spokenToTyped('https colon forward slash forward slash shop dot example dot com slash ipn', 'en'),
    ).toBe('https://shop.example.com/ipn');
    // Words that merely contain a symbol word stay as they are.
    expect(spokenToTyped('punktgenau', 'de')).toBe('punktgenau');
  });
});
