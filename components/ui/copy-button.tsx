"use client";

import { useState } from "react";

/**
 * Copies `value` to the clipboard and says so for two seconds. Its accessible name quotes
 * `shownValue` (default: `value`); pass the masked form when `value` holds a secret.
 */
export function CopyButton({ value, shownValue = value, label = "Copy", className = "" }: { value: string; shownValue?: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard API unavailable (plain HTTP on another host): fall back to a hidden textarea.
      const area = document.createElement("textarea");
      area.value = value;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={copied ? "Copied" : `${label}: ${shownValue}`}
      className={`rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50 ${className}`}
    >
      {copied ? "Copied" : label}
    </button>
  );
}
