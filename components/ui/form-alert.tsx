/** A form-level message (not tied to one field), announced politely to screen readers. */
export function FormAlert({ message, tone = 'error' }: { message?: string; tone?: 'error' | 'info' }) {
  const colours = tone === 'error' ? 'bg-red-50 text-red-800 ring-red-200' : 'bg-brand-50 text-brand-900 ring-brand-200';
  return (
    <div aria-live="polite" data-testid="form-alert">
      {message && <p className={`rounded-xl px-4 py-3 text-sm font-medium ring-1 ring-inset ${colours}`}>{message}</p>}
    </div>
  );
}
