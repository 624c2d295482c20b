'use client';

import { useFormStatus } from 'react-dom';
import { Button } from '@/components/ui/button';

/** A form's submit button that shows it is working and cannot be pressed twice. */
export function SubmitButton({
  children,
  variant,
  className,
  label,
  formAction,
}: {
  children: React.ReactNode;
  variant?: 'primary' | 'secondary' | 'ghost';
  className?: string;
  /** A fuller accessible name when the visible text alone is ambiguous ("Sign out" of which device). */
  label?: string;
  /** One form, several actions: the button decides which runs (the support console's recovery actions). */
  formAction?: (formData: FormData) => void | Promise<void>;
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} pending={pending} className={className} aria-label={label} formAction={formAction}>
      {children}
    </Button>
  );
}
