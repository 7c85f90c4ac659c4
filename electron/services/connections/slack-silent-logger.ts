/**
 * A logger for @slack/web-api that prints nothing: Slack's own logging would write request
 * details (and so service text) to the console; our callers report failures themselves.
 */
import { LogLevel, type Logger } from '@slack/web-api';

export function silentSlackLogger(): Logger {
  let level = LogLevel.ERROR;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
