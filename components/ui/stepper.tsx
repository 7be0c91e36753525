'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, type FormEventHandler, type ReactNode } from 'react';

import { Button } from './button';

export interface Step {
  id: string;
  title: string;
}

/**
 * The frame of a step-by-step form: where the admin is, the current step's fields, and Back,
 * Next or the final action. Each Next submits the form, so the caller checks the step first.
 */
export function StepperForm({
  steps,
  current,
  onSubmit,
  onBack,
  onCancel,
  finalLabel,
  busy = false,
  notice,
  children,
}: {
  steps: Step[];
  current: number;
  onSubmit: FormEventHandler<HTMLFormElement>;
  onBack: () => void;
  onCancel: () => void;
  finalLabel: string;
  busy?: boolean;
  notice?: ReactNode;
  children: ReactNode;
}) {
  const t = useTranslations('ui');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  const step = steps[current]!;
  const last = current === steps.length - 1;

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [current]);

  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-full flex-col">
      <ol aria-label={t('steps')} className="mb-5 flex flex-wrap gap-x-1 gap-y-2 text-xs">
        {steps.map((item, index) => (
          <li
            key={item.id}
            aria-current={index === current ? 'step' : undefined}
            className={[
              'flex items-center gap-1.5 rounded-full px-2.5 py-1',
              index === current
                ? 'bg-brand-600 text-white'
                : index < current
                  ? 'bg-brand-100 text-brand-700'
                  : 'bg-canvas text-muted',
            ].join(' ')}
          >
            <span aria-hidden="true" className="font-semibold">
              {index < current ? '✓' : index + 1}
            </span>
            <span className={index === current ? '' : 'sr-only sm:not-sr-only'}>{item.title}</span>
            {index < current ? <span className="sr-only">({t('stepDone')})</span> : null}
          </li>
        ))}
      </ol>

      <h3 ref={headingRef} tabIndex={-1} className="text-base font-semibold focus:outline-none">
        <span className="block text-xs font-normal text-muted">
          {t('stepOf', { current: current + 1, total: steps.length })}
        </span>
        {step.title}
      </h3>

      <div className="mt-4 flex-1 space-y-4">{children}</div>

      {notice ? <div className="mt-4">{notice}</div> : null}

      <div className="mt-6 flex items-center justify-between gap-3 border-t border-line pt-4">
        <Button variant="ghost" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </Button>
        <div className="flex gap-3">
          {current > 0 ? (
            <Button variant="secondary" onClick={onBack} disabled={busy}>
              {t('back')}
            </Button>
          ) : null}
          <Button type="submit" busy={busy}>
            {last ? finalLabel : t('next')}
          </Button>
        </div>
      </div>
    </form>
  );
}

/** One row of a review step: what was chosen, in words. */
export function ReviewList({ rows }: { rows: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="divide-y divide-line rounded-md border border-line">
      {rows.map((row) => (
        <div key={row.label} className="grid grid-cols-5 gap-3 px-3 py-2 text-sm">
          <dt className="col-span-2 text-muted">{row.label}</dt>
          <dd className="col-span-3 break-words">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
