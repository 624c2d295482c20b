import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="text-slate-600">The page you asked for does not exist.</p>
      <Link href="/profile" className={buttonClass()}>
        Go to your profile
      </Link>
    </main>
  );
}
