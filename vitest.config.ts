// Unit and integration tests: plain Node, real SQLite files, real servers on 127.0.0.1.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'electron/**/*.test.ts',
      'shared/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'test-support/**/*.test.ts',
    ],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Unhandled rejections fail the run: every promise in the engine must be handled.
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
