import type { ReactNode } from 'react';

/** Where the page sits, for example Settings › BroadWorks Calling › Clusters. */
export function Breadcrumbs({ label, items }: { label: string; items: ReactNode[] }) {
  return (
    <nav aria-label={label} className="mb-1 text-sm text-muted">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((item, index) => (
          <li key={index} className="flex items-center gap-1">
            {index > 0 ? <span aria-hidden="true">›</span> : null}
            <span aria-current={index === items.length - 1 ? 'page' : undefined}>{item}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
