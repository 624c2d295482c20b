import { describe, expect, it } from 'vitest';
import { messages, waitText } from './messages';

describe('what people read', () => {
  it('says waits in seconds up to a minute and a half, then in whole minutes rounded up', () => {
    expect(waitText(1)).toBe('1 second');
    expect(waitText(59)).toBe('59 seconds');
    expect(waitText(89)).toBe('89 seconds');
    expect(waitText(90)).toBe('2 minutes');
    expect(waitText(121)).toBe('3 minutes');
    expect(waitText(3595)).toBe('60 minutes');
  });

  it('counts attempts and tries in the singular and the plural', () => {
    expect(messages.reauthFailed(1)).toBe('Wrong password. 1 attempt left before changes are locked for a while.');
    expect(messages.reauthFailed(4)).toBe('Wrong password. 4 attempts left before changes are locked for a while.');
    expect(messages.wrongCode(1)).toBe('That code isn’t right. 1 try left.');
    expect(messages.wrongCode(3)).toBe('That code isn’t right. 3 tries left.');
  });

  it('tells when a lock ends, in Nepal time, and how long to wait', () => {
    expect(messages.locked(new Date('2026-12-03T09:00:00Z'))).toBe('Too many wrong attempts. For your safety, email changes are locked until 14:45 NPT.');
    expect(messages.rateLimited(45)).toBe('Please wait 45 seconds before asking for another link.');
    expect(messages.tooManyGuesses(3600)).toBe('Too many attempts from your network. Try again in 60 minutes.');
  });
});
