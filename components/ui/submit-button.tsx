'use client';

import { useFormStatus } from 'react-dom';
import { Button } from '@/components/ui/button';

/** A form's submit button that shows it is working and cannot be pressed twice. */
export function SubmitButton({ children, variant }: { children: React.ReactNode; variant?: 'primary' | 'secondary' }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} pending={pending}>
      {children}
    </Button>
  );
}
