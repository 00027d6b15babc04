import { redirect } from "next/navigation";
import { getSessionPrincipal } from "@/app/_lib/request-lookups";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  redirect((await getSessionPrincipal()) ? "/apps" : "/sign-in");
}
