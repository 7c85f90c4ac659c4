import { describe, expect, it } from 'vitest';

const panelModule = '../../../../../renderer/views/release/InconclusivePanel';
const { resolutionOf } = (await import(/* @vite-ignore */ panelModule)) as {
  resolutionOf: (resolution: 'succeeded' | 'failed' | null, observed: string) => unknown;
};
const SHA = '3f1c2ab9d0e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8';

describe('the resolve form', () => {
  it('needs a resolution', () => {
    expect(resolutionOf(null, SHA)).toEqual({ ok: false, problem: 'Choose whether the step succeeded or failed.' });
  });

  it('takes a full SHA, lower-cased, or no version at all', () => {
    expect(resolutionOf('succeeded', ` ${SHA.toUpperCase()} `)).toEqual({ ok: true, resolution: 'succeeded', observedVersion: SHA });
    expect(resolutionOf('failed', '')).toEqual({ ok: true, resolution: 'failed', observedVersion: null });
  });

  it('refuses a short or malformed version, saying what it got', () => {
    expect(resolutionOf('succeeded', '3f1c2ab')).toEqual({ ok: false, problem: 'The observed version must be a full 40-character commit SHA (got "3f1c2ab").' });
  });
});
