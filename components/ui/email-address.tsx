import { Fragment } from 'react';

/** Parts joined by ".", with a line-break opportunity after each dot. */
function dotted(text: string) {
  return text.split('.').map((part, index) => (
    <Fragment key={index}>
      {index > 0 && (
        <>
          .<wbr />
        </>
      )}
      {part}
    </Fragment>
  ));
}

/**
 * An e-mail address that wraps where a reader expects it to: before the "@" and after a
 * "." (<wbr>), never mid-word unless one part alone is wider than the line
 * ("example.co|m" is what `break-all` did). The text still copies as one address.
 */
export function EmailAddress({ value, className = '' }: { value: string; className?: string }) {
  const at = value.lastIndexOf('@');
  return (
    <span className={`[overflow-wrap:anywhere] ${className}`} data-email={value}>
      {at === -1 ? (
        dotted(value)
      ) : (
        <>
          {dotted(value.slice(0, at))}
          <wbr />@{dotted(value.slice(at + 1))}
        </>
      )}
    </span>
  );
}
