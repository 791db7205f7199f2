import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/no-network.mjs"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["test/setup/global.ts"],
  },
});
