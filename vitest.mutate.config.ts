import { defineConfig } from "vitest/config";

// The tests Stryker runs against each mutant of src/: the client's own tests, without the
// type-level ones (a mutant cannot change a type) and without the rest of the toolkit.
export default defineConfig({
  test: {
    include: ["tests/src/**/*.test.ts"],
    globalSetup: ["tests/setup/prism.global.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
