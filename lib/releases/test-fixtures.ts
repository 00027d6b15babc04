/**
 * Release fixtures for the tests, after the vendor documentation this product follows:
 * `myapp/worker:1.0.1` pushed to the application's registry, the Quay image
 * `quay.io/namespace/imagename:2.0.0` registered as `mythirdpartyprivateregistry`,
 * public `redis:3.2-alpine` and `postgres:9.4`, and a guestbook-style stream.
 */
import type { ReleaseContext } from "./types";

export const CONTEXT: ReleaseContext = {
  registryHost: "registry.example.com",
  appSlug: "myapp",
  externalRegistries: [{ name: "mythirdpartyprivateregistry", endpoint: "quay.io" }],
};

export const WORKER_IMAGE = "registry.example.com/myapp/worker:1.0.1";
export const QUAY_IMAGE = "quay.io/namespace/imagename:2.0.0";
export const QUAY_PROXIED = "registry.example.com/proxy/myapp/quay.io/namespace/imagename:2.0.0";

export const IMAGES_CONFIG = `# Release config: every image the release ships
images:
  - source: replicated
    name: worker
    tag: 1.0.1
  - source: mythirdpartyprivateregistry
    name: namespace/imagename
    tag: 2.0.0
  - source: public
    name: redis
    tag: 3.2-alpine
  - source: public
    name: postgres
    tag: "9.4"
`;

/**
 * What the rewritten stream of a release that starts with IMAGES_CONFIG holds: the same
 * text without that first document (customers get Kubernetes objects only).
 */
export function withoutImagesConfig(release: string): string {
  if (!release.startsWith(IMAGES_CONFIG)) throw new Error("the release does not start with IMAGES_CONFIG");
  return release.slice(IMAGES_CONFIG.length);
}

/**
 * A Deployment with the given containers block (already indented for `containers:`).
 * `replicas` is written as given: `"two"` makes the object fail the Kubernetes schema.
 */
export function deployment(name: string, containers: string, options: { pullSecret?: boolean; apiVersion?: string; replicas?: string } = {}): string {
  const secret = options.pullSecret === false ? "" : "      imagePullSecrets:\n        - name: replicatedregistrykey\n";
  const replicas = options.replicas === undefined ? "" : `  replicas: ${options.replicas}\n`;
  return `apiVersion: ${options.apiVersion ?? "apps/v1"}
kind: Deployment
metadata:
  name: ${name}
spec:
${replicas}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
${secret}      containers:
${containers}`;
}

/** One container entry at the indentation `deployment()` expects. */
export function container(name: string, image: string, extra = ""): string {
  return `        - name: ${name}\n          image: ${image}\n${extra}`;
}

export const GUESTBOOK = `${IMAGES_CONFIG}---
# Redis master: public image
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis-master
  labels:
    app: redis
spec:
  selector:
    matchLabels:
      app: redis
      role: master
  replicas: 1
  template:
    metadata:
      labels:
        app: redis
        role: master
    spec:
      containers:
        - name: master
          image: redis:3.2-alpine  # public, kept as is
          ports:
            - containerPort: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: redis-master
spec:
  ports:
    - port: 6379
  selector:
    app: redis
    role: master
---
# Frontend: the vendor's own worker plus the third-party image
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  selector:
    matchLabels:
      app: guestbook
  replicas: 3
  template:
    metadata:
      labels:
        app: guestbook
    spec:
      imagePullSecrets:
        - name: replicatedregistrykey
      initContainers:
        - name: setup
          image: '${QUAY_IMAGE}'
      containers:
        - name: php-redis
          image: ${WORKER_IMAGE}
          env:
            - name: GET_HOSTS_FROM
              value: dns
---
apiVersion: v1
kind: Service
metadata:
  name: frontend
spec:
  type: LoadBalancer
  ports:
    - port: 80
  selector:
    app: guestbook
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
        - {name: postgres, image: "postgres:9.4"}
`;
