import type { Child } from 'hono/jsx';

type Variant = 'primary' | 'secondary' | 'danger' | 'link';

export function Button(p: { children: Child; variant?: Variant; type?: 'submit' | 'button' | 'reset'; name?: string; value?: string; attrs?: Record<string, string> }) {
  return (
    <button class={`btn btn--${p.variant ?? 'primary'}`} type={p.type ?? 'submit'} name={p.name} value={p.value} {...(p.attrs ?? {})}>
      {p.children}
    </button>
  );
}

export function LinkButton(p: { href: string; children: Child; variant?: Variant }) {
  return (
    <a class={`btn btn--${p.variant ?? 'primary'}`} href={p.href}>
      {p.children}
    </a>
  );
}

/** A POST form with the hidden CSRF-safe defaults; htmx enhances it when attributes are given. */
export function PostForm(p: { action: string; children: Child; class?: string; attrs?: Record<string, string>; multipart?: boolean }) {
  return (
    <form method="post" action={p.action} class={p.class} enctype={p.multipart ? 'multipart/form-data' : undefined} {...(p.attrs ?? {})}>
      {p.children}
    </form>
  );
}
