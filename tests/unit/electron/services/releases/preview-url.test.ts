import { describe, expect, it } from 'vitest';
import { previewAddress } from '../../../../../electron/services/releases/preview-url';

const values = { sha: '3f1c2ab'.padEnd(40, '0'), branch: 'feat/$(touch pwned);x', releaseId: 'r7' };

describe('the Stage 1 preview address', () => {
  it('the last PREVIEW_URL= line of the output wins', () => {
    expect(previewAddress('building\nPREVIEW_URL=http://127.0.0.1:1/\nPREVIEW_URL=http://127.0.0.1:2/x\n', undefined, values)).toEqual({ kind: 'found', url: 'http://127.0.0.1:2/x', from: 'output' });
  });

  it('else the template, with the branch URL-encoded so it cannot reshape the address', () => {
    expect(previewAddress('done\n', 'https://{shortSha}.preview.example/{branch}?r={releaseId}', values)).toEqual({
      kind: 'found',
      url: 'https://3f1c2ab.preview.example/feat%2F%24(touch%20pwned)%3Bx?r=r7',
      from: 'template',
    });
  });

  it('neither, or a printed value that is not http(s): missing, saying why', () => {
    expect(previewAddress('done\n', undefined, values)).toEqual({ kind: 'missing', reason: 'stage1 printed no PREVIEW_URL=<url> line and the environment has no previewUrl template' });
    expect(previewAddress('PREVIEW_URL=javascript:alert(1)\n', undefined, values)).toMatchObject({ kind: 'missing', reason: expect.stringContaining('not an http(s) URL') });
  });
});
