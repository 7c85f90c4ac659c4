import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer only. Served from app://desk/ in Electron and by the browser bridge in
// development and tests, both with a CSP that forbids inline script: so no inline
// module-preload polyfill.
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'chrome120',
  },
});
