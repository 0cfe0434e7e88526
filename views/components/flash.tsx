import type { Flash } from '../../src/web/flash.ts';

export function FlashMessage(p: { flash: Flash | null }) {
  if (!p.flash) return null;
  return (
    <div class={`flash flash--${p.flash.kind}`} role={p.flash.kind === 'error' ? 'alert' : 'status'}>
      {p.flash.message}
    </div>
  );
}
