import { describe, expect, it } from 'vitest';
import { html, raw } from '../../../html/template.js';
import { localPath } from '../../../http/auth/local-path.js';
import { csrfMatches, csrfToken, sign, unsign } from '../../../http/auth/session.js';

describe('the html tag', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = `<script>alert("x")</script>' onload='x`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x</p>',
    );
  });

  it('keeps markup made by the tag, joins arrays and drops null, undefined and false', () => {
    const items = ['a&b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>a&amp;b</li><li>c</li></ul>0');
    expect(html`${raw('<b>ok</b>')}`.value).toBe('<b>ok</b>');
  });
});

describe('session helpers', () => {
  it('derives a CSRF token that only matches its own session', () => {
    const token = csrfToken('portal-secret-123456', 'session-a');
    expect(csrfMatches('portal-secret-123456', 'session-a', token)).toBe(true);
    expect(csrfMatches('portal-secret-123456', 'session-b', token)).toBe(false);
    expect(csrfMatches('portal-secret-123456', 'session-a', null)).toBe(false);
    expect(csrfMatches('portal-secret-123456', 'session-a', `${token}x`)).toBe(false);
  });

  it('signs values so a visitor cannot forge or alter them', () => {
    const signed = sign('portal-secret-123456', '{"kind":"success","text":"Saved"}');
    expect(unsign('portal-secret-123456', signed)).toBe('{"kind":"success","text":"Saved"}');
    expect(unsign('another-secret-123456', signed)).toBeNull();
    const [body, mac] = signed.split('.');
    const altered = `${Buffer.from('{"kind":"error","text":"x"}').toString('base64url')}.${mac}`;
    expect(body).toBeTruthy();
    expect(unsign('portal-secret-123456', altered)).toBeNull();
    expect(unsign('portal-secret-123456', 'garbage')).toBeNull();
  });

  it('only redirects within the site', () => {
    expect(localPath('/journeys/1?x=2')).toBe('/journeys/1?x=2');
    for (const hostile of ['//evil.example.com', '/\\evil.example.com', 'https://evil.example.com', 'javascript:alert(1)', '', null]) {
      expect(localPath(hostile)).toBe('/');
    }
  });
});

describe('open redirects through next and _back', () => {
  // Each one is a path a browser would follow to another host: it strips tab, CR and LF from a Location,
  // reads a backslash as a slash, and resolves dot segments before deciding what `//` means.
  const HOSTILE: Record<string, string> = {
    tab: '/\t/evil.com',
    newline: '/\n/evil.com',
    'carriage return': '/\r/evil.com',
    'CR LF': '/\r\n/evil.com',
    'tab between the slashes of //': '/\t\t/evil.com/x?y=1',
    'backslash slash': '/\\/evil.com',
    'slash backslash': '/\\evil.com',
    'two backslashes': '\\\\evil.com',
    'protocol-relative': '//evil.com',
    'three slashes': '///evil.com',
    'dot segment to //': '/.//evil.com',
    'dot-dot segment to //': '/..//evil.com',
    'dot-dot after a segment': '/a/..//evil.com',
    'scheme without slashes': 'https:evil.com',
    'scheme with slashes': 'https://evil.com/',
    'javascript:': 'javascript:alert(1)',
    'data:': 'data:text/html,<script>alert(1)</script>',
    'leading space': ' //evil.com',
    'user info': '/@evil.com',
  };

  for (const [name, value] of Object.entries(HOSTILE)) {
    it(`a next of ${JSON.stringify(value)} (${name}) stays on the site`, () => {
      const target = localPath(value);
      // Whatever comes back, a browser resolving it against the site must stay on the site.
      expect(new URL(target, 'https://certify.example.com').origin).toBe('https://certify.example.com');
      expect(target.startsWith('/') && !target.startsWith('//')).toBe(true);
    });
  }

  it('a sign-in next of /\t/evil.com stays on the site', () => {
    expect(localPath('/\t/evil.com')).toBe('/');
    expect(localPath('/\t/evil.com', '/programs')).toBe('/programs');
  });

  it('keeps real paths with their query and fragment, encoded as a browser would send them', () => {
    expect(localPath('/journeys/journey%3Ap%3Aalex?tab=evidence#files')).toBe('/journeys/journey%3Ap%3Aalex?tab=evidence#files');
    expect(localPath('/programs/a b')).toBe('/programs/a%20b');
    // Encoded slashes and backslashes stay encoded: a browser does not decode them to find a host.
    expect(localPath('/%2F/evil.com')).toBe('/%2F/evil.com');
    expect(localPath('/%5C/evil.com')).toBe('/%5C/evil.com');
    // Control characters cannot split the Location header.
    expect(localPath('/x\r\nSet-Cookie: a=b')).not.toMatch(/[\r\n]/);
  });
});
