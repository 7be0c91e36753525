import type { ReactNode } from 'react';

const tones = {
  success: 'border-green-200 bg-green-50 text-green-800',
  error: 'border-red-200 bg-red-50 text-red-800',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
  neutral: 'border-line bg-canvas text-muted',
} as const;

const marks = { success: '✓', error: '!', warning: '!', neutral: '–' } as const;

export type BadgeTone = keyof typeof tones;

/** A status in words, with a mark so that it does not rely on colour alone. */
export function StatusBadge({
  tone,
  children,
  testId,
}: {
  tone: BadgeTone;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <span
      data-testid={testId}
      data-tone={tone}
      className={[
        'inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-0.5',
        'text-xs font-medium',
        tones[tone],
      ].join(' ')}
    >
      <span aria-hidden="true">{marks[tone]}</span>
      {children}
    </span>
  );
}
