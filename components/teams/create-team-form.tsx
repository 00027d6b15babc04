"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Creates a team with the signed-in person as owner and opens it. */
export function CreateTeamForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    try {
      const { team } = await apiFetch<{ team: { id: string } }>("/teams", { method: "POST", json: { name } });
      await apiFetch("/session/team", { method: "PUT", json: { team: team.id } });
      router.replace("/apps");
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fieldError("name") ?? caught.message) : "Something went wrong; try again.");
    }
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="Team name" name="name" required error={error} />
      <Button type="submit" className="w-full">
        Create team
      </Button>
    </form>
  );
}
