import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildCiPushSnippets } from "./ci-push-snippets";

describe("CI push snippets", () => {
  const [github, gitlab] = buildCiPushSnippets({ registryHost: "registry.example.com", appSlug: "shop", username: "ada@example.com", image: "web" });

  it("log in with docker/login-action from a secret and push to the app's repository (GitHub)", () => {
    const workflow = parse(github!.text);
    const steps = workflow.jobs.push.steps;
    expect(steps[1]).toEqual({ uses: "docker/login-action@v3", with: { registry: "registry.example.com", username: "ada@example.com", password: "${{ secrets.SLIPWAY_PUSH_TOKEN }}" } });
    expect(steps[2].with.tags).toBe("registry.example.com/shop/web:${{ github.ref_name }}");
  });

  it("log in with --password-stdin and never inline the token (GitLab)", () => {
    const job = parse(gitlab!.text).push;
    expect(job.script[0]).toBe('echo "$SLIPWAY_PUSH_TOKEN" | docker login registry.example.com -u ada@example.com --password-stdin');
    expect(job.script[2]).toBe("docker push registry.example.com/shop/web:$CI_COMMIT_TAG");
    expect(gitlab!.text).not.toMatch(/slw_/);
  });
});
