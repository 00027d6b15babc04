import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "lib/db/generated/**", ".data/**", ".test-data/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  // Configuration is parsed once in lib/config (issue 14): nothing else reads process.env.
  // Excepted: lib/config itself, tests and their support files, the Next/Playwright/Vitest/
  // Prisma configuration files, the CLI launcher, and developer tooling (benchmarks,
  // measurements, the test runner) that hands an environment to the processes it starts.
  {
    files: ["**/*.{ts,tsx,js,mjs,mts}"],
    ignores: [
      "lib/config/**",
      "**/*.test.ts", "**/test-support/**", "lib/test/**", "lib/registry/http/test-*.ts", "e2e/**",
      "next.config.js", "playwright.config.ts", "vitest.config.mts", "prisma.config.ts",
      "bin/**", "scripts/bench-*.ts", "scripts/measure-*.ts", "scripts/*.mjs", "scripts/lib/bench-*.ts",
    ],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read settings from getConfig() (lib/config), which parses the environment once; add a new variable to lib/config/schema.ts." }],
    },
  },
  // The architecture's layers (issue 14). lib/ is plain TypeScript: no Next.js, no React, no
  // components; lib/api/ is the one adapter folder (requests, sessions, errors for Next.js).
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["lib/api/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["next", "next/*"], message: "lib/ has no Next.js imports; adapt requests in lib/api/ or app/." },
          { group: ["react", "react/*", "react-dom", "react-dom/*"], message: "lib/ has no React; views belong in components/." },
          { group: ["@/components", "@/components/*"], message: "lib/ must not depend on components/ (dependencies point down)." },
        ],
      }],
    },
  },
  // Components never reach the database or server-only modules. `import "server-only"` would
  // throw in scripts/start.ts, the CLI and Vitest (plain Node, outside the react-server
  // condition), so this rule marks the server-only modules instead. Types are erased, so the
  // browser may take its API types from the route contracts (lib/api/openapi) as type imports.
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        patterns: [
          { group: ["@prisma/*", "@/lib/db", "@/lib/db/*"], message: "Components never import Prisma or lib/db: fetch through /api/v1 or take data from the page." },
          {
            group: ["@/lib/config", "@/lib/config/*", "@/lib/registry/storage", "@/lib/registry/storage/*", "@/lib/auth/*", "!@/lib/auth/second-factor-message", "@/lib/api/openapi/*"],
            allowTypeImports: true,
            message: "Server-only module (configuration, secrets, storage, auth, route contracts): components may import its types only.",
          },
        ],
      }],
    },
  },
];
export default config;
