/**
 * The layer rules of eslint.config.mjs fail the lint where the architecture says they
 * must: lib/ importing Next.js, React or components; components importing Prisma,
 * lib/db or a server-only module (types excepted).
 */
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: path.resolve(".") });

async function ruleIdsFor(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.resolve(file) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe("layer rules", () => {
  it("refuse Next.js, React and components in lib/", { timeout: 60_000 }, async () => {
    expect(await ruleIdsFor("lib/apps/x.ts", 'import { redirect } from "next/navigation";\nexport const a = redirect;\n')).toContain("no-restricted-imports");
    expect(await ruleIdsFor("lib/apps/x.ts", 'import { useState } from "react";\nexport const a = useState;\n')).toContain("no-restricted-imports");
    expect(await ruleIdsFor("lib/apps/x.ts", 'import { Button } from "@/components/ui/button";\nexport const a = Button;\n')).toContain("no-restricted-imports");
  });

  it("allow them in the adapter folder lib/api/", { timeout: 60_000 }, async () => {
    expect(await ruleIdsFor("lib/api/x.ts", 'import { cookies } from "next/headers";\nexport const a = cookies;\n')).toEqual([]);
  });

  it("refuse Prisma, lib/db and server-only modules in components, but allow their types", { timeout: 60_000 }, async () => {
    const rule = "@typescript-eslint/no-restricted-imports";
    expect(await ruleIdsFor("components/apps/x.ts", 'import { prisma } from "@/lib/db/client";\nexport const a = prisma;\n')).toContain(rule);
    expect(await ruleIdsFor("components/apps/x.ts", 'import type { Prisma } from "@prisma/client";\nexport type A = Prisma.AppWhereInput;\n')).toContain(rule);
    expect(await ruleIdsFor("components/apps/x.ts", 'import { loadServerSecrets } from "@/lib/config/secrets";\nexport const a = loadServerSecrets;\n')).toContain(rule);
    expect(await ruleIdsFor("components/apps/x.ts", 'import { APP_ROUTES } from "@/lib/api/openapi/apps";\nexport const a = APP_ROUTES;\n')).toContain(rule);
    expect(await ruleIdsFor("components/apps/x.ts", 'import type { APP_ROUTES } from "@/lib/api/openapi/apps";\nexport type A = typeof APP_ROUTES;\n')).toEqual([]);
  });
});
