/**
 * The wallet's logo and name. `inverse` is for purple backgrounds. `className` sets the
 * display too (default `inline-flex`): a display class of the mark's own would fight the
 * caller's `hidden`, and on a phone both marks showed ("Wallet ▪ Wallet"). The name is
 * the brand and stays in Latin letters in both languages.
 */
export function WalletMark({ inverse = false, className = 'inline-flex' }: { inverse?: boolean; className?: string }) {
  return (
    <span className={`items-center gap-2 font-bold ${className}`}>
      <svg aria-hidden viewBox="0 0 32 32" className="size-8">
        <rect width="32" height="32" rx="9" className={inverse ? 'fill-white' : 'fill-brand-600'} />
        <path d="M8 11h14a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H10a2 2 0 0 1-2-2z" className={inverse ? 'fill-brand-600' : 'fill-white'} />
      </svg>
      <span lang="en">Wallet</span>
    </span>
  );
}
