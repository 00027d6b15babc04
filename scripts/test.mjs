// `npm test`: everything, in order, stopping at the first failure:
// type check, lint, unit and integration tests (Vitest, real PostgreSQL), a production
// build, and the end-to-end tests (Playwright in Chromium against that build).
import { spawnSync } from "node:child_process";

const steps = [
  ["type check", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["eslint", ".", "--max-warnings=0"]],
  ["unit and integration tests", "npx", ["vitest", "run"]],
  ["production build", "npx", ["next", "build"]],
  ["end-to-end tests", "npx", ["playwright", "test"]],
];

const only = process.argv.slice(2);
for (const [name, command, args] of steps) {
  if (only.length && !only.some((word) => name.includes(word))) continue;
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n${name} failed after ${seconds}s.`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== ${name}: ok in ${seconds}s ===`);
}
