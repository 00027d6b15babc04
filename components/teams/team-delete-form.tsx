"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { SectionHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";

/** Owners only: deletes the team and everything in it, confirmed by typing its name. */
export function TeamDeleteForm({ teamName }: { teamName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const confirm = String(new FormData(event.currentTarget).get("confirmTeam") ?? "");
    try {
      await apiFetch("/team", { method: "DELETE", json: { confirm } });
      router.replace("/apps");
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fieldError("confirm") ?? caught.message) : "Something went wrong; try again.");
    }
  }
  return (
    <section className="rounded-lg border border-red-200 bg-white p-5 shadow-sm">
      <SectionHeader title="Delete this team" description="Its applications, images, releases, customers, registries and service accounts go with it. The audit log keeps its events." />
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-4">
        <Field label={`Type “${teamName}” to confirm`} name="confirmTeam" autoComplete="off" error={error} />
        <Button type="submit" variant="danger" className="mt-6">
          Delete team
        </Button>
      </form>
    </section>
  );
}
