#!/usr/bin/env node
// The slipway command (package.json "bin"): runs lib/cli from the checkout through tsx,
// with the project's tsconfig for its path aliases, so it needs no build step and works
// the same from `npm run slipway --`, `npx slipway` or a global `npm install -g`, in any
// working directory.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// tsx's module hooks (ESM and CommonJS) read the tsconfig from here, not from the working directory.
process.env.TSX_TSCONFIG_PATH = path.join(root, "tsconfig.json");
const { tsImport } = await import("tsx/esm/api");
const load = (file) => tsImport(path.join(root, file), { parentURL: import.meta.url, tsconfig: process.env.TSX_TSCONFIG_PATH });
const { runCli } = await load("lib/cli/main.ts");
const { processIo } = await load("lib/cli/cli-io.ts");
process.exitCode = await runCli(process.argv.slice(2), processIo());
