import { describe, expect, it } from 'vitest';
import { circleCiWebUrls, projectWebPath } from '../../../../../electron/services/ci/circleci-web-urls';

describe('circleCiWebUrls', () => {
  it('spells the VCS in full, as the web app does', () => {
    expect(projectWebPath('gh/acme/shop')).toBe('github/acme/shop');
    expect(projectWebPath('bb/acme/shop')).toBe('bitbucket/acme/shop');
    expect(projectWebPath('github/acme/shop')).toBe('github/acme/shop');
    expect(projectWebPath('circleci/8e3f/1a2b')).toBe('circleci/8e3f/1a2b');
  });

  it('links a pipeline, a workflow and a job', () => {
    const urls = circleCiWebUrls('gh/acme/shop');
    expect(urls.pipeline(42)).toBe('https://app.circleci.com/pipelines/github/acme/shop/42');
    expect(urls.workflow(42, 'wf-1')).toBe('https://app.circleci.com/pipelines/github/acme/shop/42/workflows/wf-1');
    expect(urls.job(42, 'wf-1', 7)).toBe('https://app.circleci.com/pipelines/github/acme/shop/42/workflows/wf-1/jobs/7');
  });

  it('uses another web app (a self-hosted server) when told', () => {
    expect(circleCiWebUrls('gh/acme/shop', 'https://ci.example.com/').pipeline(1)).toBe('https://ci.example.com/pipelines/github/acme/shop/1');
  });
});
