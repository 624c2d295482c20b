import { describe, expect, it } from 'vitest';
import { outcomeMessages } from './messages';

const en = outcomeMessages('en');
const ne = outcomeMessages('ne');

describe('what people read', () => {
  it('says waits in seconds up to a minute and a half, then in whole minutes rounded up', () => {
    expect(en.rateLimited(1)).toBe('Please wait 1 second before asking for another link.');
    expect(en.rateLimited(59)).toBe('Please wait 59 seconds before asking for another link.');
    expect(en.rateLimited(89)).toBe('Please wait 89 seconds before asking for another link.');
    expect(en.rateLimited(90)).toBe('Please wait 2 minutes before asking for another link.');
    expect(en.rateLimited(121)).toBe('Please wait 3 minutes before asking for another link.');
    expect(en.tooManyGuesses(3595)).toBe('Too many attempts from your network. Try again in 60 minutes.');
  });

  it('counts attempts and tries in the singular and the plural', () => {
    expect(en.reauthFailed(1)).toBe('Wrong password. 1 attempt left before changes are locked for a while.');
    expect(en.reauthFailed(4)).toBe('Wrong password. 4 attempts left before changes are locked for a while.');
    expect(en.wrongCode(1)).toBe('That code isn’t right. 1 try left.');
    expect(en.wrongCode(3)).toBe('That code isn’t right. 3 tries left.');
  });

  it('tells when a lock ends, in Nepal time, and how long to wait', () => {
    expect(en.locked(new Date('2026-12-03T09:00:00Z'))).toBe('Too many wrong attempts. For your safety, email changes are locked until 14:45 NPT.');
    expect(en.rateLimited(45)).toBe('Please wait 45 seconds before asking for another link.');
  });

  it('says the same in Nepali, with Nepali numerals and Nepal Time named in Nepali', () => {
    expect(ne.locked(new Date('2026-12-03T09:00:00Z'))).toBe('धेरै पटक गलत प्रयास भयो। तपाईंको सुरक्षाका लागि १४:४५ नेपाली समयसम्म इमेल परिवर्तन बन्द गरिएको छ।');
    expect(ne.rateLimited(45)).toBe('अर्को लिङ्क माग्नुअघि कृपया ४५ सेकेन्ड पर्खनुहोस्।');
    expect(ne.wrongCode(3)).toBe('कोड मिलेन। अझै ३ पटक प्रयास गर्न सकिन्छ।');
    expect(ne.noMailServer('gmial.com', 'sita@gmail.com')).toBe('“gmial.com” को कुनै मेल सर्भरले जवाफ दिएन। के तपाईंले sita@gmail.com भन्न खोज्नुभएको हो?');
  });
});
