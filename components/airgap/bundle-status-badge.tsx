import { Badge } from "@/components/ui/badge";
import type { BundleJson } from "./types";

/** Building, Ready, Failed or Not built. */
export function BundleStatusBadge({ bundle }: { bundle: BundleJson | null }) {
  if (!bundle) return <Badge>Not built</Badge>;
  if (bundle.status === "ready") return <Badge tone="ok">Ready</Badge>;
  if (bundle.status === "failed") return <Badge tone="danger">Failed</Badge>;
  return <Badge tone="info">Building</Badge>;
}
