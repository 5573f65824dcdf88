/**
 * The browser pages the gateway serves: the dashboard (`/`, Preact and
 * uPlot) and GraphiQL (`/graphiql`, React and Monaco), built into dist/web
 * with content-hashed assets. `npm run build` runs it after tsc.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  // Asset URLs are absolute: the pages are served at / and /graphiql.
  base: '/',
  // The README's example operations are read at build time (GraphiQL's tabs).
  server: { fs: { allow: [here('../..')] } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    // Older engines than these are not worth bytes of polyfills for an operator's page.
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      input: { dashboard: here('index.html'), live: here('live.html'), graphiql: here('graphiql/index.html') },
      // GraphiQL's React dependencies mark modules "use client", which means nothing outside a React server build.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
