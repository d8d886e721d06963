/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// dist/ is build output, but go:embed needs the directory to hold a file before the
// first build, so dist/.gitkeep is committed; emit it again after Vite empties dist/.
const keepGitkeep: Plugin = {
  name: 'keep-gitkeep',
  apply: 'build',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: '.gitkeep', source: '' });
  },
};

// The dev loop is `kitaportal serve` plus this dev server: /api goes to the Go
// handler (Wails' own dev mode does not pass unknown paths on with Vite 5+).
export default defineConfig({
  plugins: [svelte(), keepGitkeep],
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or data: URLs, so a strict CSP can be added later.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
