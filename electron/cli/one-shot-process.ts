/**
 * A CLI run answers once and exits. Node's fetch (undici) parses HTTP with a WebAssembly
 * module; V8 compiles it quickly for a baseline tier, then starts an optimizing compile of
 * the whole module on a background thread, and Node waits for that compile before the
 * process can exit: 70–80 ms of CPU (100–300 ms of wall time on a loaded machine) spent
 * after the answer is printed, on code a handful of responses never runs. The baseline
 * tier parses those responses as well; the app, which runs for hours, keeps the default.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * The young generation starts at 1 MB and doubles as it fills: a readiness run allocates
 * about 15 MB while it loads and answers, so it paid 7-9 scavenges and a mark-compact (13 ms
 * of its ~270 ms of CPU) growing it. Growing it 16-fold instead (up to V8's usual maximum,
 * 16 MB a semi-space) leaves 2-3 scavenges. `--min-semi-space-size` would do it in one step
 * but is read only when the heap is set up, before any of our code runs.
 */
const SEMI_SPACE_GROWTH = '--semi-space-growth-factor=16';

/** Call first, before anything can open an HTTP connection (the flag is read when the module compiles). */
export function prepareOneShotProcess(): void {
  setFlagsFromString('--liftoff-only');
  setFlagsFromString(SEMI_SPACE_GROWTH);
}
