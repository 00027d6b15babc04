import { ForbiddenPage } from "@/components/layout/status-page";

/** forbidden() in a portal page: shown inside the portal's frame, whose <main> holds it. */
export default function PortalForbidden() {
  return <ForbiddenPage isInsideMain />;
}
