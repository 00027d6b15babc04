/**
 * CI pipelines that push an image with a push-only token: a GitHub Actions workflow
 * (docker/login-action) and a GitLab CI job (`docker login --password-stdin`). Pure,
 * so the browser builds them and a unit test pins them.
 */
export interface CiPushInput {
  registryHost: string;
  appSlug: string;
  /** The docker login username: the person's e-mail for a personal token, or a service account's username. */
  username: string;
  image?: string;
}

export interface CiPushSnippet {
  id: "github" | "gitlab";
  title: string;
  file: string;
  text: string;
}

/** Both pipelines; the token itself is a CI secret named SLIPWAY_PUSH_TOKEN, never inlined. */
export function buildCiPushSnippets(input: CiPushInput): CiPushSnippet[] {
  const target = `${input.registryHost}/${input.appSlug}/${input.image ?? "my-app"}`;
  const github = `name: push
on:
  push:
    tags: ["v*"]
jobs:
  push:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/login-action@v3
        with:
          registry: ${input.registryHost}
          username: ${input.username}
          password: \${{ secrets.SLIPWAY_PUSH_TOKEN }}
      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ${target}:\${{ github.ref_name }}
`;
  const gitlab = `push:
  image: docker:27
  services: ["docker:27-dind"]
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - echo "$SLIPWAY_PUSH_TOKEN" | docker login ${input.registryHost} -u ${input.username} --password-stdin
    - docker build -t ${target}:$CI_COMMIT_TAG .
    - docker push ${target}:$CI_COMMIT_TAG
`;
  return [
    { id: "github", title: "GitHub Actions", file: ".github/workflows/push.yml", text: github },
    { id: "gitlab", title: "GitLab CI", file: ".gitlab-ci.yml", text: gitlab },
  ];
}
