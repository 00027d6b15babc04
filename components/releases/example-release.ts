/** A guestbook-style starting point for a first release, filled in for this application. */
import type { ReleaseContext } from "@/lib/releases";

/** The example: this app's frontend image, the team's first external registry (if any) for a setup step, and public Redis. */
export function buildExampleRelease(context: ReleaseContext): string {
  const external = context.externalRegistries[0];
  const upstream = external ? describeUpstream(external.endpoint) : null;
  const externalEntry = external && upstream ? `  - source: ${external.name}\n    name: ${upstream.name}\n    tag: 2.0.0\n` : "";
  const initContainer =
    upstream !== null
      ? `      initContainers:
        - name: migrate
          image: ${upstream.image}:2.0.0
          resources:
            requests: {cpu: 50m, memory: 64Mi}
            limits: {memory: 128Mi}
`
      : "";
  return `# Release config: every image the release ships (the airgap bundle)
images:
  - source: replicated
    name: frontend
    tag: 1.0.0
${externalEntry}  - source: public
    name: redis
    tag: 7.2-alpine
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis
spec:
  selector:
    matchLabels: {app: redis}
  template:
    metadata:
      labels: {app: redis}
    spec:
      containers:
        - name: redis
          image: redis:7.2-alpine
          ports:
            - containerPort: 6379
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: redis
spec:
  selector: {app: redis}
  ports:
    - port: 6379
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: frontend
spec:
  replicas: 2
  selector:
    matchLabels: {app: frontend}
  template:
    metadata:
      labels: {app: frontend}
    spec:
      imagePullSecrets:
        - name: replicatedregistrykey
${initContainer}      containers:
        - name: frontend
          image: ${context.registryHost}/${context.appSlug}/frontend:1.0.0
          env:
            - name: REDIS_HOST
              value: redis
          ports:
            - containerPort: 8080
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: frontend
spec:
  type: LoadBalancer
  selector: {app: frontend}
  ports:
    - port: 80
      targetPort: 8080
`;
}

/** The image path under an endpoint (`quay.io/acme` → `quay.io/acme/imagename`) and its `images:` name. */
function describeUpstream(endpoint: string): { image: string; name: string } {
  const [host, ...path] = endpoint.replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "").split("/");
  const namespace = path.length ? path.join("/") : "example";
  return { image: `${host}/${namespace}/imagename`, name: `${namespace}/imagename` };
}
