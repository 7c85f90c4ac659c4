/**
 * The demo product ("Welkin web"): a tiny dependency-free Node HTTP app with its own tests,
 * as committed on master and on each feature branch of the demo repository. Each branch
 * differs from master in exactly the way its name promises (see demo-history.ts).
 */

export type FileMap = Readonly<Record<string, string>>;

const PACKAGE_JSON = `${JSON.stringify(
  {
    name: 'welkin-web',
    version: '1.0.0',
    private: true,
    type: 'module',
    description: 'The Release Desk demo product: a tiny web app that reports its version and health.',
    scripts: { start: 'node app/main.mjs', test: 'node --test' },
  },
  null,
  2,
)}\n`;

const README = `# Welkin web (Release Desk demo product)

A tiny web app with no dependencies.

- \`GET /health\` answers \`{"status":"ok","version":"<commit>"}\`
- \`GET /\` shows a small page

Run it with \`PORT=3000 APP_VERSION=dev node app/main.mjs\`, test it with \`node --test\`.
`;

const MAIN = `// Starts the app on 127.0.0.1:$PORT, reporting $APP_VERSION (the deployed commit).
import { createApp } from './server.mjs';

const version = process.env.APP_VERSION ?? 'dev';
const server = createApp({ version });
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(\`welkin-web \${version} listening on http://127.0.0.1:\${server.address().port}\`);
});
process.on('SIGTERM', () => process.exit(0));
`;

interface ServerParts {
  /** Extra route lines inside the routes table. */
  readonly extraRoutes?: readonly string[];
  /** Replaces the health route line(s). */
  readonly healthRoute?: readonly string[];
}

const HEALTH_ROUTE = [`  'GET /health': ({ res, version }) => sendJson(res, 200, { status: 'ok', version }),`];

function server(parts: ServerParts = {}): string {
  return [
    `import http from 'node:http';`,
    `import { renderHome } from './page.mjs';`,
    ``,
    `/** The app as an unstarted server, so tests can run it on any port. */`,
    `export function createApp({ version }) {`,
    `  return http.createServer((req, res) => {`,
    `    const url = new URL(req.url ?? '/', 'http://localhost');`,
    `    const route = routes[\`\${req.method} \${url.pathname}\`];`,
    `    if (route === undefined) return send(res, 404, 'text/plain', 'not found\\n');`,
    `    route({ req, res, url, version });`,
    `  });`,
    `}`,
    ``,
    `const routes = {`,
    `  'GET /': ({ res, version }) => send(res, 200, 'text/html; charset=utf-8', renderHome(version)),`,
    ...(parts.healthRoute ?? HEALTH_ROUTE),
    ...(parts.extraRoutes ?? []),
    `};`,
    ``,
    `function send(res, status, type, body) {`,
    `  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });`,
    `  res.end(body);`,
    `}`,
    ``,
    `function sendJson(res, status, value) {`,
    `  send(res, status, 'application/json', JSON.stringify(value));`,
    `}`,
    ``,
  ].join('\n');
}

interface PageParts {
  readonly heading?: string;
  readonly footer?: string;
}

function page(parts: PageParts = {}): string {
  return [
    `/** The home page. Every line is its own array item, so changes stay small in diffs. */`,
    `export function renderHome(version) {`,
    `  return [`,
    `    '<!doctype html>',`,
    `    '<html lang="en">',`,
    `    '<head><meta charset="utf-8"><title>Welkin web</title></head>',`,
    `    '<body>',`,
    `    '${parts.heading ?? '<h1>Welkin web</h1>'}',`,
    `    \`<p>Version <code>\${escapeHtml(version)}</code></p>\`,`,
    `    '<p>Book, move and cancel appointments.</p>',`,
    `    '${parts.footer ?? '<footer>Served by the Release Desk demo.</footer>'}',`,
    `    '</body>',`,
    `    '</html>',`,
    `    '',`,
    `  ].join('\\n');`,
    `}`,
    ``,
    `function escapeHtml(text) {`,
    `  return String(text).replace(/[&<>"']/g, (c) => \`&#\${c.charCodeAt(0)};\`);`,
    `}`,
    ``,
  ].join('\n');
}

const TEST_HELPER = `import { createApp } from '../app/server.mjs';

/** Runs \`body\` against the app on a free port of 127.0.0.1. */
export async function withApp(body) {
  const server = createApp({ version: 'test-version' });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(\`http://127.0.0.1:\${server.address().port}\`);
  } finally {
    server.close();
  }
}
`;

const APP_TEST = `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from './with-app.mjs';

test('health reports ok and the version', async () => {
  await withApp(async (base) => {
    const response = await fetch(\`\${base}/health\`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', version: 'test-version' });
  });
});

test('the home page names the product and its version', async () => {
  await withApp(async (base) => {
    const html = await (await fetch(base)).text();
    assert.match(html, /<h1>Welkin web/);
    assert.match(html, /test-version/);
  });
});
`;

/** Master's first commit: the app and its tests. */
export function initialFiles(): FileMap {
  return {
    'package.json': PACKAGE_JSON,
    'README.md': README,
    'app/main.mjs': MAIN,
    'app/server.mjs': server(),
    'app/page.mjs': page(),
    'test/with-app.mjs': TEST_HELPER,
    'test/app.test.mjs': APP_TEST,
    '.gitignore': 'node_modules/\n',
  };
}

/** Master's later commit: a new heading (feature/conflicting rewrites the same line). */
export function masterHeadingFiles(): FileMap {
  return { 'app/page.mjs': page({ heading: '<h1>Welkin web: appointments</h1>' }) };
}

/** feature/behind-master: a robots.txt route; branched before the heading change, no conflict. */
export function robotsFiles(): FileMap {
  return {
    'app/server.mjs': server({
      extraRoutes: [`  'GET /robots.txt': ({ res }) => send(res, 200, 'text/plain', 'User-agent: *\\nDisallow: /\\n'),`],
    }),
  };
}

/** feature/conflicting: rewrites the heading line that master also changed. */
export function conflictingHeadingFiles(): FileMap {
  return { 'app/page.mjs': page({ heading: '<h1>Welkin web (beta)</h1>' }) };
}

/** feature/ready: a small JSON endpoint with its test. */
export function readyFiles(): FileMap {
  return {
    'app/server.mjs': server({
      extraRoutes: [`  'GET /api/info': ({ res, version }) => sendJson(res, 200, { name: 'welkin-web', version }),`],
    }),
    'test/info.test.mjs': `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from './with-app.mjs';

test('info names the app and its version', async () => {
  await withApp(async (base) => {
    assert.deepEqual(await (await fetch(\`\${base}/api/info\`)).json(), { name: 'welkin-web', version: 'test-version' });
  });
});
`,
  };
}

/** feature/needs-sign-off: a harmless footer change; good, but nobody has signed it off. */
export function signOffFiles(): FileMap {
  return { 'app/page.mjs': page({ heading: '<h1>Welkin web: appointments</h1>', footer: '<footer>Questions? Ask the front desk.</footer>' }) };
}

/** feature/ci-failing: a greeting endpoint whose own test fails (the "!" was forgotten). */
export function ciFailingFiles(): FileMap {
  return {
    'app/server.mjs': server({
      extraRoutes: [
        `  'GET /api/greet': ({ res, url }) => send(res, 200, 'text/plain', \`Hello, \${url.searchParams.get('name') ?? 'there'}\`),`,
      ],
    }),
    'test/greet.test.mjs': `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withApp } from './with-app.mjs';

test('greets by name', async () => {
  await withApp(async (base) => {
    assert.equal(await (await fetch(\`\${base}/api/greet?name=Ada\`)).text(), 'Hello, Ada!');
  });
});
`,
  };
}

/**
 * feature/faulty-release: passes its tests and its preview, but its health check fails as
 * soon as it serves production traffic (requests that come through the demo's switch),
 * so the monitor turns red after switchover and rollback has something to fix.
 */
export function faultyFiles(): FileMap {
  return {
    'app/server.mjs': server({
      healthRoute: [
        `  // New in this release: health includes the appointment cache, which only production uses.`,
        `  'GET /health': ({ req, res, version }) => {`,
        `    const production = req.headers['x-demo-via'] === 'production-switch';`,
        `    if (production) return sendJson(res, 500, { status: 'error', version, error: 'appointment cache unreachable' });`,
        `    sendJson(res, 200, { status: 'ok', version });`,
        `  },`,
      ],
    }),
  };
}
