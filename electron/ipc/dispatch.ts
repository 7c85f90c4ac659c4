/**
 * Host-independent half of every IPC handler: validate the arguments against the contract,
 * call the service, validate (and so strip) the value, and settle to a Result. Used by the
 * Electron handlers and the browser bridge alike.
 */
import type { z } from 'zod';
import { contract, isCallName, type CallArgs, type CallName, type CallValue } from '../../shared/ipc/contract';
import { DeskError, fail, ok, type Result } from '../../shared/ipc/result';
import type { DeepReadonly } from '../../shared/deep-readonly';
import { redactDeep, redactError } from '../services/vault/redact';

/** Services hand out immutable models; the contract's (mutable) zod types accept them read-only. */
type Answer<N extends CallName> = DeepReadonly<CallValue<N>>;

export type Handlers = {
  readonly [N in CallName]: (...args: CallArgs<N>) => Promise<Answer<N>> | Answer<N>;
};

export type InternalErrorLog = (call: string, error: unknown) => void;

/** Every token the host knows (the vault's, the environment's), read at each call. */
export type KnownSecrets = () => readonly string[];

/**
 * The reply, whatever it is (a value, a service's error message, "unknown call"), and the
 * log line of an internal error pass through the redactor with every known secret: this is
 * the boundary every call crosses, so no service can forget to scrub.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawArgs: unknown,
  logInternal: InternalErrorLog,
  secrets: KnownSecrets,
): Promise<Result<unknown>> {
  const result = await dispatchUnredacted(handlers, name, rawArgs, (call, error) => logInternal(call, redactError(error, secrets())));
  return redactDeep(result, secrets());
}

async function dispatchUnredacted(
  handlers: Handlers,
  name: unknown,
  rawArgs: unknown,
  logInternal: InternalErrorLog,
): Promise<Result<unknown>> {
  if (!isCallName(name)) return fail('unknown-call', `Unknown call ${describe(name)}.`);
  const spec = contract.calls[name];
  const parsed = spec.args.safeParse(rawArgs);
  if (!parsed.success) {
    return fail('invalid-argument', `${name}: ${formatIssues(parsed.error)}`);
  }
  try {
    const handler = handlers[name] as (...args: unknown[]) => unknown;
    const value = await handler(...(parsed.data as unknown[]));
    // Parsing the value strips any field the contract does not declare, so a service can
    // never leak more than the contract promises (a token on an object, say).
    const checked = spec.result.safeParse(value);
    if (!checked.success) {
      logInternal(name, new Error(`result does not match contract: ${formatIssues(checked.error)}`));
      return fail('internal', `${name} failed inside Release Desk; details are in the app log.`);
    }
    return ok(checked.data);
  } catch (error) {
    if (error instanceof DeskError) return fail(error.code, error.message);
    logInternal(name, error);
    return fail('internal', `${name} failed inside Release Desk; details are in the app log.`);
  }
}

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? `argument ${issue.path.map(String).join('.')}` : 'arguments';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : `of type ${typeof value}`;
}
