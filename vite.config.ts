import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const backend = 'http://localhost:3000';

/** Vite config for the MotCua web front end (web/ → dist/web). */
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser|use-sync-external-store)[\\/]/, priority: 40 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|@emotion|stylis|dayjs|classnames|clsx)[\\/]/, priority: 30 },
            // The e-form renderer is only needed on the apply page (lazy route).
            { name: 'rjsf', test: /node_modules[\\/](@rjsf|ajv|ajv-formats|fast-uri|fast-deep-equal|json-schema-traverse|json-schema-merge-allof|json-schema-compare|jsonpointer|markdown-to-jsx|lodash|lodash-es|nanoid|validate\.io-[^\\/]+|compute-gcd|compute-lcm)[\\/]/, priority: 20 },
            // The workflow canvas (designer, process diagram) only loads with those screens.
            { name: 'flow', test: /node_modules[\\/](@xyflow|@dagrejs|zustand|classcat|d3-[^\\/]+)[\\/]/, priority: 25 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
});
