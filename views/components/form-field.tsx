import type { Child } from 'hono/jsx';

export interface FieldProps {
  name: string;
  label: string;
  value?: string | number | null;
  error?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'number' | 'tel' | 'url' | 'date' | 'search' | 'color';
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'email' | 'tel' | 'search' | 'text';
  pattern?: string;
  maxlength?: number;
  children?: Child;
  /** Extra attributes for the input (e.g. hx-get for live checks). */
  attrs?: Record<string, string>;
}

/** A labelled input with its hint and error; the error is announced and tied to the input. */
export function FormField(p: FieldProps) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${p.error ? ' field--error' : ''}`} id={`${id}-field`}>
      <label for={id}>
        {p.label}
        {p.required ? <span class="field__req" aria-hidden="true"> *</span> : null}
      </label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value == null ? '' : String(p.value)}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        pattern={p.pattern}
        maxlength={p.maxlength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy}
        {...(p.attrs ?? {})}
      />
      {p.children}
      {p.hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="field__error" id={`${id}-error`} role="alert">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

export interface SelectProps {
  name: string;
  label: string;
  value?: string;
  error?: string | undefined;
  options: Array<{ value: string; label: string }>;
  required?: boolean;
}

export function SelectField(p: SelectProps) {
  const id = `f-${p.name}`;
  return (
    <div class={`field${p.error ? ' field--error' : ''}`} id={`${id}-field`}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
      {p.error ? (
        <p class="field__error" id={`${id}-error`} role="alert">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}
