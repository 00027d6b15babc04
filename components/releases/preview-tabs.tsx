"use client";

import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

export interface PreviewTab {
  id: string;
  label: string;
  count?: number | string;
  content: ReactNode;
}

/** Tabs per the ARIA pattern: one tab stop, arrow keys (and Home/End) move between tabs. */
export function PreviewTabs({ tabs, label }: { tabs: PreviewTab[]; label: string }) {
  const [selected, setSelected] = useState(tabs[0]?.id);
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const baseId = useId();
  const active = tabs.find((tab) => tab.id === selected) ?? tabs[0];

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((tab) => tab.id === active.id);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    setSelected(tab.id);
    refs.current[tab.id]?.focus();
  }

  return (
    <div>
      <div role="tablist" aria-label={label} onKeyDown={onKeyDown} className="flex gap-1 border-b border-slate-200 px-3">
        {tabs.map((tab) => {
          const isActive = tab.id === active.id;
          return (
            <button
              key={tab.id}
              ref={(node) => {
                refs.current[tab.id] = node;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${tab.id}`}
              aria-selected={isActive}
              aria-controls={`${baseId}-panel-${tab.id}`}
              tabIndex={isActive ? 0 : -1}
              onClick={() => setSelected(tab.id)}
              className={`-mb-px border-b-2 px-3 py-2.5 text-sm font-medium ${isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {tab.label}
              {tab.count !== undefined ? <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{tab.count}</span> : null}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${baseId}-panel-${active.id}`} aria-labelledby={`${baseId}-tab-${active.id}`} tabIndex={0} className="focus-visible:outline-offset-[-2px]">
        {active.content}
      </div>
    </div>
  );
}
