import { describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers } from '../../../../electron/ipc/dispatch';
import { createHandlers, type HandlerDeps } from '../../../../electron/services/handlers';
import { DeskError } from '../../../../shared/ipc/result';
import { testHandlerDeps } from '../../../fixtures/handler-deps';

const noSecrets = () => [];

const deps: HandlerDeps = testHandlerDeps({ version: '1.2.3' });

function handlersWith(overrides: Partial<Handlers>): Handlers {
  return { ...createHandlers(deps), ...overrides };
}

describe('dispatch', () => {
  it('runs a valid call and returns its value', async () => {
    const log = vi.fn();
    const result = await dispatch(createHandlers(deps), 'app.getInfo', [], log, noSecrets);
    expect(result).toEqual({
      ok: true,
      value: { name: 'Release Desk', version: '1.2.3', host: 'electron', platform: 'linux' },
    });
    expect(log).not.toHaveBeenCalled();
  });

  it('refuses a name the contract does not declare', async () => {
    const result = await dispatch(createHandlers(deps), 'shell.exec', ['rm -rf /'], vi.fn(), noSecrets);
    expect(result).toEqual({ ok: false, error: { code: 'unknown-call', message: 'Unknown call "shell.exec".' } });
  });

  it('refuses malformed arguments before any service runs', async () => {
    const openExternal = vi.fn(async () => undefined);
    const handlers = createHandlers({ ...deps, openExternal });
    const wrongType = await dispatch(handlers, 'links.openExternal', [42], vi.fn(), noSecrets);
    const tooMany = await dispatch(handlers, 'app.getInfo', ['extra'], vi.fn(), noSecrets);
    const notAUrl = await dispatch(handlers, 'links.openExternal', ['javascript:alert(1)x y'], vi.fn(), noSecrets);
    for (const result of [wrongType, tooMany, notAUrl]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-argument');
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('passes expected failures through with their code and message', async () => {
    const handlers = handlersWith({
      'workspace.getStatus': () => {
        throw new DeskError('not-configured', 'No workspace is configured.');
      },
    });
    const result = await dispatch(handlers, 'workspace.getStatus', [], vi.fn(), noSecrets);
    expect(result).toEqual({ ok: false, error: { code: 'not-configured', message: 'No workspace is configured.' } });
  });

  it('hides unexpected errors: no message, no stack, logged on the main side only', async () => {
    const secret = 'ghp_canary_0123456789abcdef';
    const log = vi.fn();
    const handlers = handlersWith({
      'workspace.getStatus': () => {
        throw new Error(`request failed with Authorization: token ${secret}`);
      },
    });
    const result = await dispatch(handlers, 'workspace.getStatus', [], log, noSecrets);
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'workspace.getStatus failed inside Release Desk; details are in the app log.' },
    });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(result)).not.toMatch(/at .*\.ts:\d+/);
    expect(log).toHaveBeenCalledOnce();
  });

  it('strips fields the contract does not declare from a value', async () => {
    const handlers = handlersWith({
      'app.getInfo': () =>
        ({ name: 'Release Desk', version: '1', host: 'electron', platform: 'linux', token: 'ghp_leak' }) as never,
    });
    const result = await dispatch(handlers, 'app.getInfo', [], vi.fn(), noSecrets);
    expect(JSON.stringify(result)).not.toContain('ghp_leak');
    expect(result.ok).toBe(true);
  });

  it('refuses to send a value that breaks the contract', async () => {
    const log = vi.fn();
    const handlers = handlersWith({ 'app.getInfo': () => ({ name: 'Release Desk' }) as never });
    const result = await dispatch(handlers, 'app.getInfo', [], log, noSecrets);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
    expect(log).toHaveBeenCalledOnce();
  });

  describe('redaction at the boundary', () => {
    const SECRET = 'ghp_dispatchCanary0123456789abcdef';
    const secrets = () => [SECRET];

    it('scrubs a known secret from a value, whatever service put it there', async () => {
      const handlers = handlersWith({
        'app.getInfo': () => ({ name: 'Release Desk', version: `echo ${SECRET}`, host: 'electron', platform: 'linux' }),
      });
      const result = await dispatch(handlers, 'app.getInfo', [], vi.fn(), secrets);
      expect(result).toMatchObject({ ok: true, value: { version: 'echo ***' } });
    });

    it('scrubs a known secret from a service error message', async () => {
      const handlers = handlersWith({
        'app.getInfo': () => {
          throw new DeskError('unavailable', `GitHub said: bad token ${SECRET}`);
        },
      });
      const result = await dispatch(handlers, 'app.getInfo', [], vi.fn(), secrets);
      expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: 'GitHub said: bad token ***' } });
    });

    it('scrubs a known secret from the log line of an internal error', async () => {
      const log = vi.fn();
      const handlers = handlersWith({
        'app.getInfo': () => {
          throw new Error(`request with Authorization: token ${SECRET} failed`);
        },
      });
      const result = await dispatch(handlers, 'app.getInfo', [], log, secrets);
      expect(result.ok).toBe(false);
      expect(log).toHaveBeenCalledOnce();
      const logged = log.mock.calls[0]?.[1] as Error;
      expect(`${logged.message} ${logged.stack ?? ''}`).not.toContain(SECRET);
      expect(logged.message).toContain('token ***');
    });
  });
});
