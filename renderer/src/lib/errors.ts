// Error text for people: what went wrong and what to do about it.
import { ApiError } from '../../../shared/errors';

export function errorText(err: unknown, fallback: string): string {
  if (err instanceof ApiError) {
    if (err.code === 'unavailable' && err.retryAfter !== undefined) {
      return `${err.message} (try again in ${Math.ceil(err.retryAfter)} s)`;
    }
    return err.message;
  }
  return fallback;
}
