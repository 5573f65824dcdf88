/** What a client sees of an error: its code and message, never a stack or an internal detail. */
import { describe, expect, it } from 'vitest';
import { formatError } from '../../src/http/server.js';

describe('formatError in production', () => {
  it('an internal error reaches the client as a generic message with a code, no stack', () => {
    const internal = formatError(
      { message: 'secret detail: /srv/x.js', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x (/srv/x.js:1)'] } },
      true,
    );
    expect(internal).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const coded = formatError({ message: 'no', extensions: { code: 'UPSTREAM_BAD_RESPONSE', upstreamStatus: 200, stacktrace: ['x'], other: 1 } }, true);
    expect(coded).toEqual({ message: 'no', extensions: { code: 'UPSTREAM_BAD_RESPONSE', upstreamStatus: 200 } });
  });
});
