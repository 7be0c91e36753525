'use client';

import type { Ref } from 'react';

/** The search box above a list and how many of its rows are shown. */
export function ListToolbar({
  search,
  onSearch,
  label,
  placeholder,
  shownText,
  searchRef,
}: {
  search: string;
  onSearch: (value: string) => void;
  label: string;
  placeholder: string;
  shownText: string;
  searchRef?: Ref<HTMLInputElement>;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-b border-line px-4 py-3">
      <label className="flex items-center gap-2 text-sm">
        <span className="sr-only">{label}</span>
        <input
          ref={searchRef}
          type="search"
          value={search}
          onChange={(event) => onSearch(event.target.value)}
          placeholder={placeholder}
          className={[
            'w-72 rounded-md border border-line px-3 py-1.5',
            'focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100',
          ].join(' ')}
        />
      </label>
      <p className="text-sm text-muted" aria-live="polite">
        {shownText}
      </p>
    </div>
  );
}
