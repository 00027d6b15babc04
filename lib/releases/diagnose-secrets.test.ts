import { describe, expect, it } from "vitest";
import { previewRelease } from "./preview-release";
import { CONTEXT, GUESTBOOK, container, deployment } from "./test-fixtures";

function secrets(text: string) {
  return previewRelease(text, CONTEXT)
    .diagnostics.filter((diagnostic) => diagnostic.code === "may-contain-secrets")
    .map((diagnostic) => [diagnostic.severity, text.slice(diagnostic.from, diagnostic.to)]);
}

describe("may-contain-secrets", () => {
  it("finds nothing in the guestbook", () => {
    expect(secrets(GUESTBOOK)).toEqual([]);
  });

  it("notes literal credentials in env vars and ConfigMaps, not references or templates", () => {
    const env = `          env:
            - name: DB_PASSWORD
              value: hunter2
            - name: API_TOKEN
              valueFrom: {secretKeyRef: {name: api, key: token}}
            - name: DB_PASSWORD_FILE
              value: /run/secrets/db
            - name: SESSION_SECRET
              value: "{{repl ConfigOption \\"secret\\"}}"
`;
    const configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  apiKey: abc123\n  secretName: shared\n  note: AKIAABCDEFGHIJKLMNOP\n";
    expect(secrets(`${deployment("web", container("web", "redis:7.2", env))}---\n${configMap}`)).toEqual([
      ["info", "hunter2"],
      ["info", "abc123"],
      ["info", "AKIAABCDEFGHIJKLMNOP"],
    ]);
  });

  it("notes a Secret that ships literal data", () => {
    const secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: hunter2\n";
    expect(secrets(secret)).toEqual([["info", "password: hunter2\n"]]);
  });
});
