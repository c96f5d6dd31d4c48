/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Spring Boot backend serves the built console at `/` and the API under the same origin,
// so the client only ever uses relative URLs. In dev, forward those paths to the backend.
const backend = process.env.BOOTWARDEN_BACKEND ?? 'http://localhost:8080';
const proxied = ['/api', '/boot', '/media', '/actuator'];

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: backend, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
  },
});
