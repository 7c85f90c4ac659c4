/**
 * A CLI run answers once and exits. Node's fetch (undici) parses HTTP with a WebAssembly
 * module; V8 compiles it quickly for a baseline tier, then starts an optimizing compile of
 * the whole module on a background thread, and Node waits for that compile before the
 * process can exit: 70–80 ms of CPU (100–300 ms of wall time on a loaded machine) spent
 * after the answer is printed, on code a handful of responses never runs. The baseline
 * tier parses those responses as well; the app, which runs for hours, keeps the default.
 */
import { setFlagsFromString } from 'node:v8';

/** Call first, before anything can open an HTTP connection (the flag is read when the module compiles). */
export function prepareOneShotProcess(): void {
  setFlagsFromString('--liftoff-only');
}
