import type { ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";

/** Headings inside notes are bold lines: a "# Title" must not outrank the page's own headings. */
function Heading({ children }: { children?: ReactNode }) {
  return <p className="my-1.5 font-semibold text-slate-900">{children}</p>;
}

/** Markdown elements styled to sit in small print inside a card (no typography plugin here). */
const COMPONENTS: Components = {
  p: ({ children }) => <p className="my-1.5 first:mt-0 last:mb-0">{children}</p>,
  a: ({ children, href }) => (
    <a href={href} rel="noreferrer nofollow" className="text-brand-700 underline hover:text-brand-600">
      {children}
    </a>
  ),
  ul: ({ children }) => <ul className="my-1.5 list-disc space-y-0.5 pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-1.5 list-decimal space-y-0.5 pl-5">{children}</ol>,
  code: ({ children }) => <code className="rounded bg-slate-100 px-1 font-mono text-[0.85em] text-slate-800">{children}</code>,
  pre: ({ children }) => <pre className="my-1.5 overflow-x-auto rounded-md bg-slate-100 p-2 text-xs [&>code]:bg-transparent [&>code]:p-0">{children}</pre>,
  blockquote: ({ children }) => <blockquote className="my-1.5 border-l-2 border-slate-300 pl-3 text-slate-600">{children}</blockquote>,
  h1: Heading,
  h2: Heading,
  h3: Heading,
  h4: Heading,
  hr: () => <hr className="my-2 border-slate-200" />,
};

/**
 * Markdown written by people (release notes) rendered as React elements. Raw HTML in
 * the text is shown escaped, never parsed; `javascript:` and other unsafe link targets
 * are dropped by react-markdown's URL filter; images are left out, so nothing is fetched from elsewhere.
 */
export function Markdown({ text, className = "" }: { text: string; className?: string }) {
  return (
    <div className={`text-sm text-slate-700 ${className}`}>
      <ReactMarkdown components={COMPONENTS} disallowedElements={["img"]} unwrapDisallowed>
        {text}
      </ReactMarkdown>
    </div>
  );
}
