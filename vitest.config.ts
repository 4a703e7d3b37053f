import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["server/**/*.test.ts", "agents/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "lab/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          environment: "node",
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["server/**/*.integration.test.ts", "test/integration/**/*.integration.test.ts"],
          environment: "node",
          globalSetup: ["test/integration/global-setup.ts"],
          // Argon2 and fresh databases make these slower than unit tests.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: two test files at a time, each on its own database.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve: { alias },
        test: {
          // Several real Tandem processes on the production build: run after `npm run build`.
          name: "cluster",
          include: ["test/cluster/**/*.cluster.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 240_000,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
