import { describe, expect, it } from 'vitest';
import { checkExternalLink, DEFAULT_EXTERNAL_HOSTS } from '../../../../electron/security/external-links';

describe('checkExternalLink', () => {
  it.each([
    'https://github.com/welkin/web/pull/12',
    'https://app.circleci.com/pipelines/github/welkin/web/123',
    'https://welkin.slack.com/archives/C123',
    'https://gist.github.com/x',
  ])('opens %s', (url) => {
    expect(checkExternalLink(url, DEFAULT_EXTERNAL_HOSTS)).toEqual({ allowed: true, url });
  });

  it.each(['http://127.0.0.1:43123', 'http://127.0.0.1:43123/book?day=1'])('opens the preview on this machine at %s', (url) => {
    expect(checkExternalLink(url, DEFAULT_EXTERNAL_HOSTS)).toEqual({ allowed: true, url: new URL(url).toString() });
    expect(checkExternalLink(url, [])).toEqual({ allowed: true, url: new URL(url).toString() });
  });

  it.each([
    ['http://github.com/welkin', 'only https links open (got http:)'],
    ['http://localhost:43123/', 'only https links open (got http:)'],
    ['http://127.0.0.2:43123/', 'only https links open (got http:)'],
    ['http://127.0.0.1.evil.example/', 'only https links open (got http:)'],
    ['http://[::ffff:127.0.0.1]:43123/', 'only https links open (got http:)'],
    ['http://user:pass@127.0.0.1:43123/', 'links with credentials never open'],
    ['ftp://127.0.0.1/', 'only https links open (got ftp:)'],
    ['https://127.0.0.1/', '127.0.0.1 is not a host Release Desk opens'],
    ['file:///etc/passwd', 'only https links open (got file:)'],
    ['javascript:alert(1)', 'only https links open (got javascript:)'],
    ['https://github.com.evil.example/', 'github.com.evil.example is not a host Release Desk opens'],
    ['https://evilgithub.com/', 'evilgithub.com is not a host Release Desk opens'],
    ['https://user:pass@github.com/', 'links with credentials never open'],
    ['not a url', 'not a valid URL'],
  ])('refuses %s', (url, reason) => {
    expect(checkExternalLink(url, DEFAULT_EXTERNAL_HOSTS)).toEqual({ allowed: false, reason });
  });
});
