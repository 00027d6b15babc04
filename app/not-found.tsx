import { NotFoundPage } from "@/components/layout/status-page";

/** Unknown URLs (no portal frame around them): the 404 is the page's main landmark. */
export default function NotFound() {
  return <NotFoundPage />;
}
