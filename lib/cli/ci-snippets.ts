/**
 * CI pipelines that lint, create and promote a release with the slipway CLI, for the
 * push instructions and the README. The token is a CI secret (SLIPWAY_TOKEN), never
 * written into the file; the CLI is installed from a Slipway checkout or its
 * `npm pack` tarball (SLIPWAY_CLI), since it ships with the portal's source.
 */

export interface CiSnippet {
  id: "github" | "gitlab";
  title: string;
  /** Where the file goes in the vendor's repository. */
  file: string;
  text: string;
}

export interface CiSnippetInput {
  /** The portal's address, e.g. https://slipway.example.com. */
  portalUrl: string;
  appSlug: string;
  /** Folder of the release's YAML files in the vendor's repository. */
  releaseDir?: string;
  /** Channel each tagged build is promoted to. */
  channel?: string;
}

/** The GitHub Actions workflow and the GitLab CI job, run on version tags (v1.2.3 becomes version 1.2.3). */
export function buildCiSnippets(input: CiSnippetInput): CiSnippet[] {
  const dir = input.releaseDir ?? "manifests/";
  const channel = input.channel ?? "Unstable";
  const github = `name: Release
on:
  push:
    tags: ["v*"]
jobs:
  release:
    runs-on: ubuntu-latest
    env:
      SLIPWAY_URL: ${input.portalUrl}
      SLIPWAY_APP: ${input.appSlug}
      SLIPWAY_TOKEN: \${{ secrets.SLIPWAY_TOKEN }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # A Slipway checkout or its npm pack tarball (a repository variable).
      - run: npm install -g "\${{ vars.SLIPWAY_CLI }}"
      - run: slipway release lint ${dir} --fail-on error
      - run: slipway release create ${dir} --notes "\${GITHUB_REF_NAME}" --promote ${channel} --version "\${GITHUB_REF_NAME#v}"
`;
  const gitlab = `release:
  image: node:20
  rules:
    - if: $CI_COMMIT_TAG =~ /^v/
  variables:
    SLIPWAY_URL: ${input.portalUrl}
    SLIPWAY_APP: ${input.appSlug}
    # SLIPWAY_TOKEN and SLIPWAY_CLI are masked CI/CD variables of the project.
  script:
    - npm install -g "$SLIPWAY_CLI"
    - slipway release lint ${dir} --fail-on error
    - slipway release create ${dir} --notes "$CI_COMMIT_TAG" --promote ${channel} --version "\${CI_COMMIT_TAG#v}"
`;
  return [
    { id: "github", title: "GitHub Actions", file: ".github/workflows/release.yaml", text: github },
    { id: "gitlab", title: "GitLab CI", file: ".gitlab-ci.yml", text: gitlab },
  ];
}
