import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The page is served by the venue itself, so the dev server forwards the API and WebSocket there. */
const venue = process.env['FULCRUM_URL'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      '/api': venue,
      '/fapi': venue,
      '/ws': { target: venue.replace(/^http/, 'ws'), ws: true },
    },
  },
});
