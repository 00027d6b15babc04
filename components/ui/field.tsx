import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

type FrameProps = { label: string; name: string; id?: string; error?: string; hint?: ReactNode; className?: string };

const CONTROL = "mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

/** The label above, the hint or the error below, and the ARIA that ties them to the control. */
function FieldFrame({ label, name, id: givenId, error, hint, className = "", control }: FrameProps & { control: (aria: Record<string, unknown>) => ReactNode }) {
  const id = givenId ?? `field-${name}`;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {control({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, className: `${CONTROL} ${error ? "border-red-400" : "border-slate-300"}` })}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input with its hint and its error right below it. */
export function Field({ label, name, error, hint, className, ...input }: InputHTMLAttributes<HTMLInputElement> & FrameProps) {
  return <FieldFrame label={label} name={name} id={input.id} error={error} hint={hint} className={className} control={(aria) => <input {...aria} {...input} />} />;
}

/** A labelled drop-down, laid out like Field. */
export function SelectField({ label, name, error, hint, className, children, ...select }: SelectHTMLAttributes<HTMLSelectElement> & FrameProps) {
  return (
    <FieldFrame
      label={label}
      name={name}
      id={select.id}
      error={error}
      hint={hint}
      className={className}
      control={(aria) => (
        <select {...aria} {...select}>
          {children}
        </select>
      )}
    />
  );
}

/** A labelled multi-line text box, laid out like Field. */
export function TextareaField({ label, name, error, hint, className, ...area }: TextareaHTMLAttributes<HTMLTextAreaElement> & FrameProps) {
  return <FieldFrame label={label} name={name} id={area.id} error={error} hint={hint} className={className} control={(aria) => <textarea {...aria} {...area} />} />;
}

/**
 * A checkbox with its label and hint to the right, and the error below; `hint` says what
 * turning it on does.
 */
export function CheckboxField({ label, name, error, hint, className = "", ...input }: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & FrameProps) {
  const id = input.id ?? `field-${name}`;
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="flex items-start gap-2 text-sm text-slate-700">
        <input
          {...input}
          id={id}
          name={name}
          type="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/50"
        />
        <span>
          <span className="font-medium">{label}</span>
          {hint ? (
            <span id={`${id}-hint`} className="block text-xs text-slate-500">
              {hint}
            </span>
          ) : null}
        </span>
      </label>
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
