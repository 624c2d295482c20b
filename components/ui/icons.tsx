/**
 * Status icons as inline SVG: an emoji (⏳, ✉️) depends on the device's emoji font and
 * showed as an empty box where none is installed. Decorative: the heading beside each
 * says what it means.
 */
const stroke = { fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

export function ClockIcon({ className = 'size-6' }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className={className} {...stroke}>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5V12l3 2" />
    </svg>
  );
}

export function EnvelopeIcon({ className = 'size-6' }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className={className} {...stroke}>
      <rect x="3.5" y="5.5" width="17" height="13" rx="2" />
      <path d="m4.5 7 7.5 6 7.5-6" />
    </svg>
  );
}

export function CheckIcon({ className = 'size-6' }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className={className} {...stroke}>
      <circle cx="12" cy="12" r="8.5" />
      <path d="m8.5 12.2 2.4 2.4 4.6-4.8" />
    </svg>
  );
}
