"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { shortDigest } from "@/lib/images/describe/format";
import { isDigest } from "@/lib/registry/names";
import { deleteReference } from "./images-api";
import { imageKeys } from "./query-keys";

export interface DeleteTarget {
  repo: string;
  /** A tag (deletes only the tag) or a digest (deletes the manifest and its tags). */
  reference: string;
  /** The manifest's digest, to say what stays (for a tag) or goes. */
  digest: string;
  /** Tags on the manifest that a digest delete removes too, when known. */
  tags?: string[];
}

/** Confirms and performs the delete of a tag or a manifest, naming exactly what goes. */
export function ManifestDeleteDialog({ slug, target, onClose, onDeleted }: { slug: string; target: DeleteTarget | null; onClose: () => void; onDeleted?: (target: DeleteTarget) => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (toDelete: DeleteTarget) => deleteReference(slug, toDelete.repo, toDelete.reference),
    onSuccess: async (_result, deleted) => {
      onDeleted?.(deleted);
      onClose();
      await queryClient.invalidateQueries({ queryKey: imageKeys.app(slug) });
    },
  });
  const isManifest = target ? isDigest(target.reference) : false;
  const close = () => {
    if (remove.isPending) return;
    remove.reset();
    onClose();
  };

  return (
    <Dialog
      open={target !== null}
      onClose={close}
      title={target ? (isManifest ? `Delete manifest sha256:${shortDigest(target.digest)}…?` : `Delete tag ${target.reference}?`) : ""}
      description={target ? <DeleteConsequences target={target} isManifest={isManifest} /> : null}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={remove.isPending} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => target && remove.mutate(target)} disabled={remove.isPending}>
            {remove.isPending ? "Deleting…" : isManifest ? "Delete manifest" : "Delete tag"}
          </Button>
        </>
      }
    >
      {remove.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {remove.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}

function DeleteConsequences({ target, isManifest }: { target: DeleteTarget; isManifest: boolean }) {
  if (!isManifest) {
    return (
      <p>
        The tag <strong className="font-mono">{target.reference}</strong> is removed from <span className="font-mono">{target.repo}</span>. Its manifest stays
        pullable by digest (<span className="break-all font-mono">{target.digest}</span>).
      </p>
    );
  }
  const tags = target.tags ?? [];
  return (
    <p>
      The manifest <span className="break-all font-mono">{target.digest}</span> is deleted from <span className="font-mono">{target.repo}</span>
      {tags.length > 0 ? (
        <>
          , with its tags <strong className="font-mono">{tags.join(", ")}</strong>
        </>
      ) : null}
      . Pulls of it will fail. This cannot be undone.
    </p>
  );
}
