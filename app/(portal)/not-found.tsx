import { NotFoundPage } from "@/components/layout/status-page";

/** notFound() in a portal page: shown inside the portal's frame, whose <main> holds it. */
export default function PortalNotFound() {
  return <NotFoundPage isInsideMain />;
}
