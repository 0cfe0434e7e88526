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

/** The hint under a field (`<id>-hint`, what aria-describedby points at), or nothing. */
export function FieldHint(p: { id: string; hint?: string | undefined }) {
  return p.hint ? (
    <p class="field__hint" id={`${p.id}-hint`}>
      {p.hint}
    </p>
  ) : null;
}

/** The error under a field (`<id>-error`), announced; nothing when there is none. */
export function FieldError(p: { id: string; error?: string | undefined }) {
  return p.error ? (
    <p class="field__error" id={`${p.id}-error`} role="alert">
      {p.error}
    </p>
  ) : null;
}

const describedBy = (id: string, p: { hint?: string | undefined; error?: string | undefined }) =>
  [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

const fieldClass = (p: { error?: string | undefined }, extra = '') => `field${extra}${p.error ? ' field--error' : ''}`;

/** A labelled input with its hint and error; the error is announced and tied to the input. */
export function FormField(p: FieldProps) {
  const id = `f-${p.name}`;
  return (
    <div class={fieldClass(p)} id={`${id}-field`}>
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
        aria-describedby={describedBy(id, p)}
        {...(p.attrs ?? {})}
      />
      {p.children}
      <FieldHint id={id} hint={p.hint} />
      <FieldError id={id} error={p.error} />
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
    <div class={fieldClass(p)} id={`${id}-field`}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-error` : undefined}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={p.error} />
    </div>
  );
}

export interface TextAreaProps {
  name: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  rows?: number;
  maxlength?: number;
  /** Spans the whole form row (class field--wide). */
  wide?: boolean;
}

/** A labelled textarea with its hint and error, tied together like FormField's. */
export function TextAreaField(p: TextAreaProps) {
  const id = `f-${p.name}`;
  return (
    <div class={fieldClass(p, p.wide ? ' field--wide' : '')} id={`${id}-field`}>
      <label for={id}>{p.label}</label>
      <textarea id={id} name={p.name} rows={p.rows ?? 3} maxlength={p.maxlength} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(id, p)}>
        {p.value}
      </textarea>
      <FieldHint id={id} hint={p.hint} />
      <FieldError id={id} error={p.error} />
    </div>
  );
}

/** A checkbox that posts "1" when ticked. */
export function CheckField(p: { name: string; label: string; checked: boolean; error?: string | undefined }) {
  const id = `f-${p.name}`;
  return (
    <div class={fieldClass(p, ' field--check')} id={`${id}-field`}>
      <label class="check" for={id}>
        <input type="checkbox" id={id} name={p.name} value="1" checked={p.checked} /> {p.label}
      </label>
      <FieldError id={id} error={p.error} />
    </div>
  );
}
