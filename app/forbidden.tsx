import { ForbiddenPage } from "@/components/layout/status-page";

export default function Forbidden() {
  return <ForbiddenPage />;
}
