import { EmailAddress } from './email-address';

const tones = {
  success: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  warning: 'bg-amber-50 text-amber-800 ring-amber-200',
  neutral: 'bg-slate-100 text-slate-600 ring-slate-200',
  danger: 'bg-red-50 text-red-800 ring-red-200',
} as const;

export function Badge({ tone, children }: { tone: keyof typeof tones; children: React.ReactNode }) {
  return <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ${tones[tone]}`}>{children}</span>;
}

/** An address with its status beside it, wrapping on narrow screens; without one, just `none` ("No email added": a badge would say it twice). */
export function AddressWithBadge({ address, tone, label, none = '' }: { address: string | null; tone: keyof typeof tones; label: string; none?: string }) {
  if (!address) return <span className="mt-0.5 block text-base text-slate-600">{none}</span>;
  return (
    <span className="mt-0.5 flex flex-wrap items-center gap-2">
      <EmailAddress value={address} className="text-base font-medium text-slate-900" />
      <Badge tone={tone}>{label}</Badge>
    </span>
  );
}
