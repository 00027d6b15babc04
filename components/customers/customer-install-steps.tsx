"use client";

import { Card } from "@/components/ui/card";
import { CommandLine } from "@/components/ui/command-line";

interface Step {
  label: string;
  /** The command with the license ID in it, and as shown (masked unless revealed). */
  command: (licenseId: string) => string;
  note?: string;
}

/** What the customer runs: registry login (docker, skopeo), the install YAML over HTTPS with the license as bearer, and kubectl. */
export function CustomerInstallSteps({ slug, registryHost, origin, licenseId, shownLicenseId }: { slug: string; registryHost: string; origin: string; licenseId: string; shownLicenseId: string }) {
  const steps: Step[] = [
    {
      label: "Log in to the registry with Docker",
      command: (id) => `docker login ${registryHost} -u ${id} -p ${id}`,
      note: `The license ID is both the username and the password. Images are at ${registryHost}/${slug}/<image>:<tag>, pull only.`,
    },
    { label: "…or keep the license ID out of the process list", command: (id) => `echo '${id}' | docker login ${registryHost} -u ${id} --password-stdin` },
    { label: "Without a Docker daemon: skopeo", command: (id) => `skopeo login ${registryHost} -u ${id} -p ${id}` },
    {
      label: "Download the install YAML",
      command: (id) => `curl -fsS -H "Authorization: Bearer ${id}" ${origin}/api/v1/license/install.yaml -o install.yaml`,
      note: "It holds the channel's current release, rewritten for this registry, and the replicatedregistrykey pull secret.",
    },
    { label: "Install it", command: () => "kubectl apply -f install.yaml" },
  ];
  return (
    <Card className="p-5">
      <h3 className="text-sm font-semibold text-slate-900">Instructions for the customer</h3>
      <ol className="mt-3 space-y-4" aria-label="Install commands">
        {steps.map((step, index) => (
          <li key={step.label}>
            <p className="text-sm font-medium text-slate-800">
              {index + 1}. {step.label}
            </p>
            <CommandLine command={step.command(licenseId)} shown={step.command(shownLicenseId)} />
            {step.note ? <p className="mt-1 text-xs text-slate-500">{step.note}</p> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
