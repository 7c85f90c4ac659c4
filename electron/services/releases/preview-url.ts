/**
 * Stage 1's preview: its address (a `PREVIEW_URL=<url>` line of the command's output wins,
 * else the environment's `previewUrl` template) and a bounded wait until it answers.
 */
import { shortSha } from '../../../shared/text/short-sha';
import { fillPreviewUrl } from '../../../shared/config/workspace-config';
import { probeHealth, type HealthReading } from '../health/probe-health';

export type PreviewAddress = { readonly kind: 'found'; readonly url: string; readonly from: 'output' | 'template' } | { readonly kind: 'missing'; readonly reason: string };

export function previewAddress(
  stdout: string,
  template: string | undefined,
  values: { readonly sha: string; readonly branch: string; readonly releaseId: string },
): PreviewAddress {
  const printed = [...stdout.matchAll(/^PREVIEW_URL=(\S+)\s*$/gm)].at(-1)?.[1];
  if (printed !== undefined) {
    return isHttpUrl(printed)
      ? { kind: 'found', url: printed, from: 'output' }
      : { kind: 'missing', reason: `stage1 printed PREVIEW_URL=${printed.slice(0, 200)}, which is not an http(s) URL` };
  }
  if (template !== undefined) {
    return { kind: 'found', url: fillPreviewUrl(template, { ...values, shortSha: shortSha(values.sha) }), from: 'template' };
  }
  return { kind: 'missing', reason: 'stage1 printed no PREVIEW_URL=<url> line and the environment has no previewUrl template' };
}

export type PreviewProbe = { readonly answered: true; readonly line: string } | { readonly answered: false; readonly line: string };

/** Asks the preview every `everyMs` until any HTTP answer, for at most `withinMs`. */
export async function waitForPreview(
  url: string,
  options: { withinMs: number; everyMs?: number; signal?: AbortSignal; onReading?: (reading: HealthReading) => Promise<void> },
): Promise<PreviewProbe> {
  const deadline = Date.now() + options.withinMs;
  let last = '';
  for (;;) {
    const reading = await probeHealth({ name: 'preview', url, expectStatus: 200, timeoutSeconds: 2 });
    await options.onReading?.(reading);
    if (reading.status !== null) return { answered: true, line: `preview: HTTP ${reading.status} in ${reading.latencyMs} ms` };
    last = reading.problem ?? 'no answer';
    if (Date.now() >= deadline || options.signal?.aborted === true) {
      return { answered: false, line: `preview: ${last}; no answer within ${Math.round(options.withinMs / 1000)} s` };
    }
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 500));
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && value.length <= 2048;
  } catch {
    return false;
  }
}
