import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, HEADER_ONLY_DIRECTIVES, META_CONTENT_SECURITY_POLICY } from './csp';

const parse = (policy: string) =>
  new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));

describe('the UI content security policy', () => {
  it('allows no inline or evaluated script, no plugins, no framing', () => {
    const csp = parse(CONTENT_SECURITY_POLICY);
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|http:|https:/);
  });

  it('is the header policy without header-only directives in the <meta> form', () => {
    const header = parse(CONTENT_SECURITY_POLICY);
    for (const d of HEADER_ONLY_DIRECTIVES) header.delete(d);
    expect(parse(META_CONTENT_SECURITY_POLICY)).toEqual(header);
    expect(META_CONTENT_SECURITY_POLICY).not.toMatch(/frame-ancestors/);
  });
});
