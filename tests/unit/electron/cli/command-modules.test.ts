import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, commandsFor, commandWord } from '../../../../electron/cli/command-modules';

describe('commandWord', () => {
  it('skips options and the values of -w, --workspace and --override-reason', () => {
    expect(commandWord(['readiness', 'feat/x'])).toBe('readiness');
    expect(commandWord(['-w', 'status', 'readiness'])).toBe('readiness');
    expect(commandWord(['--workspace', '/tmp/x', '--json', 'release', 'plan'])).toBe('release');
    expect(commandWord(['--override-reason', 'rollback', 'unlock'])).toBe('unlock');
    expect(commandWord(['--workspace=/tmp/x', 'audit', 'verify'])).toBe('audit');
    expect(commandWord(['--json', '--', 'demo'])).toBe('demo');
    expect(commandWord(['--version'])).toBeNull();
  });
});

describe('commandsFor', () => {
  it('loads only the command word\'s module, none for --version, all for help or an unknown word', async () => {
    expect(await commandsFor(['readiness'])).toHaveLength(1);
    expect(await commandsFor(['unlock', '--reason', 'x'])).toHaveLength(1);
    expect(await commandsFor(['--version'])).toEqual([]);
    expect(await commandsFor(['-v'])).toEqual([]);
    expect(await commandsFor(['--help'])).toHaveLength(COMMAND_MODULES.length);
    expect(await commandsFor(['--version', '--help'])).toHaveLength(COMMAND_MODULES.length);
    expect(await commandsFor(['readines'])).toHaveLength(COMMAND_MODULES.length);
    expect(await commandsFor([])).toHaveLength(COMMAND_MODULES.length);
  });

  it('a word registered by several modules (audit) loads all of them, and only them', async () => {
    const audit = COMMAND_MODULES.filter(([words]) => words.includes('audit'));
    expect(audit.length).toBeGreaterThan(1);
    expect(await commandsFor(['audit', 'verify'])).toHaveLength(audit.length);
  });
});
