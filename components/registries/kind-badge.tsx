import { Badge } from "@/components/ui/badge";
import type { RegistryKind } from "@/lib/external/endpoint";

/** The provider's name ("Docker Hub", "Quay") as the portal's one badge; the name, not a colour, tells providers apart. */
export function KindBadge({ label }: { kind: RegistryKind; label: string }) {
  return <Badge>{label}</Badge>;
}
