"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { saveDraft } from "./releases-api";

const AUTOSAVE_DELAY_MS = 800;

export type AutosaveStatus = "saved" | "pending" | "saving" | "error";

interface Draft {
  yaml: string;
  notes: string;
}

/**
 * Saves the draft a moment after the vendor stops typing, one request at a time, and
 * once more (keepalive) when the page goes away with changes unsaved. `stop()` ends
 * autosaving, e.g. once the release is created and the server has cleared the draft.
 */
export function useDraftAutosave(slug: string, draft: Draft, initialSavedAt: string | null) {
  const [status, setStatus] = useState<AutosaveStatus>("saved");
  const [savedAt, setSavedAt] = useState<string | null>(initialSavedAt);
  const [error, setError] = useState<string | null>(null);
  const saved = useRef(JSON.stringify(draft));
  const latest = useRef(draft);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const isStopped = useRef(false);

  const save = useCallback(
    (snapshot: Draft) => {
      queue.current = queue.current.then(async () => {
        const key = JSON.stringify(snapshot);
        if (isStopped.current || key === saved.current) return;
        setStatus("saving");
        try {
          const response = await saveDraft(slug, snapshot);
          saved.current = key;
          setSavedAt(response.draft.updatedAt);
          setError(null);
          setStatus(JSON.stringify(latest.current) === key ? "saved" : "pending");
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : "The draft could not be saved.");
          setStatus("error");
        }
      });
    },
    [slug],
  );

  useEffect(() => {
    latest.current = draft;
    if (isStopped.current || JSON.stringify(draft) === saved.current) return;
    setStatus((current) => (current === "saving" ? current : "pending"));
    const timer = setTimeout(() => save(draft), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, save]);

  useEffect(() => {
    const flush = () => {
      if (isStopped.current || JSON.stringify(latest.current) === saved.current) return;
      void saveDraft(slug, latest.current, { keepalive: true }).catch(() => undefined);
    };
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, [slug]);

  return {
    status,
    savedAt,
    error,
    retry: () => save(latest.current),
    stop: () => {
      isStopped.current = true;
    },
  };
}
