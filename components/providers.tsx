"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { config as configureZod } from "zod";

// zod probes for eval with `Function("")` before compiling fast parsers; under the
// portal's Content-Security-Policy that probe is refused and reported as a violation.
// Its interpreted parsers are fast enough for forms.
configureZod({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: true } } }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
