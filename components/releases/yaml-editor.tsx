"use client";

import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, defaultHighlightStyle, foldGutter, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic as EditorDiagnostic } from "@codemirror/lint";
import { EditorSelection, EditorState, type Text } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder } from "@codemirror/view";
import { useEffect, useImperativeHandle, useRef, type Ref } from "react";
import type { Diagnostic } from "@/lib/releases";

export interface YamlEditorHandle {
  /** Moves the cursor to the line (or the range), scrolls it into view and focuses the editor. */
  goTo(line: number, range?: { from?: number; to?: number }): void;
  /** Replaces the text as one undoable change, touching only the part that differs. */
  replaceText(text: string): void;
  focus(): void;
}

const THEME = EditorView.theme({
  "&": { height: "100%", fontSize: "13px", backgroundColor: "white" },
  "&.cm-focused": { outline: "2px solid var(--color-brand-500)", outlineOffset: "-2px" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.55", overflow: "auto" },
  // slate-600 on slate-50: 7.2:1 (slate-400 was 2.5:1; WCAG AA asks 4.5:1 for text).
  ".cm-gutters": { backgroundColor: "#f8fafc", borderRight: "1px solid #e2e8f0", color: "#475569" },
  ".cm-activeLineGutter": { backgroundColor: "#eef2ff", color: "#334155" },
  ".cm-activeLine": { backgroundColor: "#f8fafc" },
  // slate-500 on white: 4.8:1.
  ".cm-placeholder": { color: "#64748b" },
});

/**
 * CodeMirror 6 with YAML highlighting, line numbers, folding and the preview's
 * diagnostics in the gutter. Tab is left to the browser (no indentWithTab), so
 * keyboard users can always leave the editor; indentation follows Enter.
 */
export function YamlEditor({
  ref,
  initialText,
  onChange,
  diagnostics,
  diagnosticsText,
  readOnly = false,
  label,
  describedBy,
  className = "",
}: {
  ref?: Ref<YamlEditorHandle>;
  initialText: string;
  onChange?: (text: string) => void;
  diagnostics?: readonly Diagnostic[];
  /** The text `diagnostics` were computed for; they are shown only while the editor still holds it. */
  diagnosticsText?: string;
  readOnly?: boolean;
  label: string;
  describedBy?: string;
  className?: string;
}) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const view = new EditorView({
      parent: hostRef.current!,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          lineNumbers(),
          foldGutter(),
          lintGutter(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          indentOnInput(),
          bracketMatching(),
          yaml(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          EditorState.tabSize.of(2),
          EditorState.readOnly.of(readOnly),
          placeholder(readOnly ? "" : "Type or paste the release: the images: config, then --- and your Kubernetes resources."),
          EditorView.contentAttributes.of({ "aria-label": label, ...(describedBy ? { "aria-describedby": describedBy } : {}) }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current?.(update.state.doc.toString());
          }),
          THEME,
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // The editor owns its text after mounting; later `initialText` values are ignored on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const view = viewRef.current;
    if (!view || !diagnostics) return;
    const doc = view.state.doc;
    if (diagnosticsText !== undefined && doc.length !== diagnosticsText.length) return;
    if (diagnosticsText !== undefined && doc.toString() !== diagnosticsText) return;
    view.dispatch(setDiagnostics(view.state, diagnostics.map((diagnostic) => toEditorDiagnostic(diagnostic, doc))));
  }, [diagnostics, diagnosticsText]);

  useImperativeHandle(ref, () => ({
    goTo(line, range = {}) {
      const view = viewRef.current;
      if (!view) return;
      const doc = view.state.doc;
      const target = doc.line(Math.min(Math.max(line, 1), doc.lines));
      const anchor = range.from !== undefined ? Math.min(range.from, doc.length) : target.from;
      view.dispatch({ selection: EditorSelection.cursor(anchor), effects: EditorView.scrollIntoView(anchor, { y: "center" }) });
      view.focus();
    },
    replaceText(text) {
      const view = viewRef.current;
      if (!view) return;
      view.dispatch({ changes: minimalChange(view.state.doc.toString(), text) });
    },
    focus() {
      viewRef.current?.focus();
    },
  }));

  return <div ref={hostRef} className={`overflow-hidden ${className}`} />;
}

function toEditorDiagnostic(diagnostic: Diagnostic, doc: Text): EditorDiagnostic {
  const line = doc.line(Math.min(Math.max(diagnostic.line, 1), doc.lines));
  const from = Math.min(diagnostic.from ?? line.from, doc.length);
  // An empty range would draw nothing in the text; mark the rest of the line instead.
  const to = Math.min(diagnostic.to !== undefined && diagnostic.to > from ? diagnostic.to : Math.max(line.to, from), doc.length);
  return { from, to, severity: diagnostic.severity, message: diagnostic.message, source: diagnostic.code };
}

/** The one change that turns `before` into `after`: common head and tail are kept, so the cursor and undo stay sensible. */
function minimalChange(before: string, after: string): { from: number; to: number; insert: string } {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { from: head, to: before.length - tail, insert: after.slice(head, after.length - tail) };
}
