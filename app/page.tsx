import { redirect } from "next/navigation";
import { getSessionPrincipal } from "@/lib/api/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  redirect((await getSessionPrincipal()) ? "/apps" : "/sign-in");
}
