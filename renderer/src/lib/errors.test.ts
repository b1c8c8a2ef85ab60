import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { errorText, humanizeTimes } from './errors';

describe('error text', () => {
  it('says engine instants in local time, with the day when it is not today', () => {
    const now = new Date(2026, 2, 10, 12, 0, 0);
    const today = new Date(2026, 2, 10, 16, 5, 0).toISOString();
    const tomorrow = new Date(2026, 2, 11, 0, 1, 0).toISOString();
    expect(humanizeTimes(`resets at ${today}`, now)).toBe('resets at 16:05');
    expect(humanizeTimes(`resets at ${tomorrow}`, now)).toMatch(/^resets at Wed, Mar 11 00:01$/);
    expect(humanizeTimes('no time here', now)).toBe('no time here');
  });

  it('takes the engine’s message, adds when to retry, and falls back for anything else', () => {
    expect(errorText(new ApiError('bad_request', 'this key is invalid'), 'x')).toBe('this key is invalid');
    expect(errorText(new ApiError('unavailable', 'busy', 4.2), 'x')).toBe('busy (try again in 5 s)');
    expect(errorText(new Error('boom'), 'Try again.')).toBe('Try again.');
  });
});
