import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildCiSnippets } from "./ci-snippets";

describe("buildCiSnippets", () => {
  const [github, gitlab] = buildCiSnippets({ portalUrl: "https://slipway.example.com", appSlug: "guestbook" });

  it("writes a GitHub Actions workflow that lints, creates and promotes with the token from a secret", () => {
    const workflow = parse(github.text);
    expect(workflow.jobs.release.env).toEqual({ SLIPWAY_URL: "https://slipway.example.com", SLIPWAY_APP: "guestbook", SLIPWAY_TOKEN: "${{ secrets.SLIPWAY_TOKEN }}" });
    const commands = workflow.jobs.release.steps.map((step: { run?: string }) => step.run).filter(Boolean);
    expect(commands).toEqual([
      'npm install -g "${{ vars.SLIPWAY_CLI }}"',
      "slipway release lint manifests/ --fail-on error",
      'slipway release create manifests/ --notes "${GITHUB_REF_NAME}" --promote Unstable --version "${GITHUB_REF_NAME#v}"',
    ]);
  });

  it("writes a GitLab CI job with the same commands and no token in the file", () => {
    const job = parse(gitlab.text).release;
    expect(job.script).toEqual([
      'npm install -g "$SLIPWAY_CLI"',
      "slipway release lint manifests/ --fail-on error",
      'slipway release create manifests/ --notes "$CI_COMMIT_TAG" --promote Unstable --version "${CI_COMMIT_TAG#v}"',
    ]);
    expect(gitlab.text).not.toMatch(/slw_/);
  });
});
