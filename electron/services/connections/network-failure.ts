/**
 * Says in a few words why a service could not be reached, from what fetch (or a client
 * built on it) threw. Only error names, codes and messages along the `cause` chain are
 * used, never the request: a request object carries the token in its headers.
 */
export function describeNetworkFailure(error: unknown, timeoutMs: number): string {
  const chain = causeChain(error);
  if (chain.some((link) => link.name === 'TimeoutError' || link.name === 'AbortError')) {
    return `no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`;
  }
  // The deepest code is the most specific (fetch's "fetch failed" wraps the socket's ECONNREFUSED).
  const code = chain.map((link) => link.code).filter((c): c is string => typeof c === 'string').at(-1);
  if (code !== undefined) return CODE_WORDS[code] ?? code;
  const message = chain.map((link) => link.message).filter((m): m is string => typeof m === 'string' && m !== '').at(-1);
  return message ?? 'the request failed';
}

interface ErrorLink {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

function causeChain(error: unknown): ErrorLink[] {
  const chain: ErrorLink[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && chain.length < 8) {
    const link = current as ErrorLink & { cause?: unknown };
    chain.push(link);
    current = link.cause;
  }
  return chain;
}

const CODE_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed (offline?)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate cannot be verified',
};
