/**
 * Finds each branch's latest CircleCI pipeline from the project's pipeline list (every
 * branch, newest first, 20 a page) instead of one `?branch=` request per branch: 300
 * branches pushed in the last week, with their older pushes, are about 20-30 pages, not
 * 300 requests. A scan that reads the whole list also knows which branches have none.
 *
 * What it knows is exact for a contiguous run of pipeline numbers, from the newest it has
 * seen down to where its first scan stopped: within that run the first pipeline of a branch
 * met newest-first is the branch's latest. A later scan reads only the pipelines created
 * since (usually one page) and stops where the previous one began. Branches the scans did
 * not meet are answered per branch by the caller, which reports back with `learn`.
 */
import type { CircleCiClient, CircleCiPipeline } from './circleci-client';

export interface PipelinePagesOptions {
  /**
   * A scan reads at most this many pages. Default: 2 + one per 10 branches sought (at most
   * 50), so the pages never cost more than a tenth of asking each branch; branches not met
   * by then are asked per branch.
   */
  readonly maxPages?: number;
}

export interface LocatedPipelines {
  /** The latest pipeline per branch asked about, or null when CircleCI has none for it. */
  readonly found: ReadonlyMap<string, CircleCiPipeline | null>;
  /** Pages read by this call. */
  readonly pages: number;
}

export class PipelinePages {
  /** The latest pipeline per branch, exact (see above); null: asked, and it has none. */
  private readonly latest = new Map<string, CircleCiPipeline | null>();
  /** The newest pipeline number scanned; null before the first scan. */
  private newest: number | null = null;
  /** The known run reaches the project's first pipeline: a branch not in it has none. */
  private wholeList = false;

  constructor(private readonly options: PipelinePagesOptions = {}) {}

  /** Reads pages until every branch in `wanted` is placed, or the scan must stop. */
  async locate(client: CircleCiClient, projectSlug: string, wanted: ReadonlySet<string>): Promise<LocatedPipelines> {
    const seen = new Map<string, CircleCiPipeline>();
    const previous = this.newest;
    const maxPages = this.options.maxPages ?? Math.min(50, 2 + Math.ceil(wanted.size / 10));
    const missing = () => [...wanted].some((branch) => !seen.has(branch));
    let token: string | null = null;
    const tokens = new Set<string>();
    let pages = 0;
    let top: number | null = null;
    let reachedPrevious = false;
    let endOfList = false;
    scan: for (;;) {
      if (previous === null && !missing()) break;
      const page = await client.projectPipelinesPage(projectSlug, token);
      pages++;
      for (const pipeline of page.items) {
        top ??= pipeline.number;
        // Everything from here down was scanned before: what is known about it still holds.
        if (previous !== null && pipeline.number <= previous) {
          reachedPrevious = true;
          break scan;
        }
        const branch = pipeline.vcs?.branch;
        if (branch !== undefined && !seen.has(branch)) seen.set(branch, pipeline);
      }
      token = page.nextPageToken;
      if (token === null) {
        endOfList = true;
        break;
      }
      if (tokens.has(token) || pages >= maxPages) break;
      tokens.add(token);
    }
    // A later scan that stopped short of the previous one leaves a gap: what was known
    // below it may be out of date, so only this scan's run is kept.
    const contiguous = previous !== null && (reachedPrevious || endOfList);
    if (previous !== null && !contiguous) this.latest.clear();
    this.wholeList = endOfList || (contiguous && this.wholeList);
    for (const [branch, pipeline] of seen) this.latest.set(branch, pipeline);
    if (top !== null && (previous === null || top > previous)) this.newest = top;
    const found = new Map<string, CircleCiPipeline | null>();
    for (const branch of wanted) {
      const known = seen.get(branch) ?? (contiguous ? this.latest.get(branch) : undefined);
      if (known !== undefined) found.set(branch, known);
      else if (this.wholeList) found.set(branch, null);
    }
    return { found, pages };
  }

  /** What a per-branch read found (the branch's latest pipeline, or none): exact too. */
  learn(branch: string, pipeline: CircleCiPipeline | null): void {
    const known = this.latest.get(branch);
    if (known === undefined || known === null || pipeline === null || pipeline.number >= known.number) this.latest.set(branch, pipeline);
  }
}
