/**
 * Asks one question on the terminal (the prompt on stderr, so stdout stays the command's
 * output). readline is loaded only when someone is asked: most runs never ask.
 */
export async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}
