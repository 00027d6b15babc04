"use client";

import { useEffect, useMemo, useState } from "react";
import { getLoadedSchemas, listSchemaKeys, loadKubernetesSchemas, type KubernetesSchemas } from "@/lib/releases";

/** The validators of the kinds `text` uses, loading the missing ones (one chunk per kind) in the background. */
export function useKubernetesSchemas(text: string): { schemas: KubernetesSchemas; schemaError: Error | null } {
  const [schemas, setSchemas] = useState<KubernetesSchemas>(getLoadedSchemas);
  const [schemaError, setSchemaError] = useState<Error | null>(null);
  const missing = useMemo(() => listSchemaKeys(text).filter((key) => !schemas.has(key)).join("\n"), [text, schemas]);
  useEffect(() => {
    if (missing === "") return;
    let isCurrent = true;
    loadKubernetesSchemas(missing.split("\n")).then(
      (loaded) => {
        if (!isCurrent) return;
        setSchemas(loaded);
        setSchemaError(null);
      },
      (error: unknown) => {
        if (isCurrent) setSchemaError(error instanceof Error ? error : new Error(String(error)));
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [missing]);
  return { schemas, schemaError };
}
