'use client';

import { useEffect, useRef, type KeyboardEvent, type RefObject, type SyntheticEvent } from 'react';

const focusableSelector = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

function focusableIn(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(focusableSelector)].filter(
    (element) => element.getClientRects().length > 0,
  );
}

/** Keeps Tab and Shift+Tab inside the dialog instead of letting them reach the browser's UI. */
export function trapTab(event: KeyboardEvent<HTMLElement>, container: HTMLElement | null): void {
  if (event.key !== 'Tab' || !container) return;
  // A dialog opened from inside this one traps its own focus.
  if ((event.target as Element).closest('dialog') !== container) return;

  const focusable = focusableIn(container);
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  if (
    event.shiftKey &&
    (document.activeElement === first || document.activeElement === container)
  ) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

interface ModalOptions {
  onClose: () => void;
  /** Where focus goes on close when the element that opened the dialog is gone. */
  returnFocus?: () => HTMLElement | null | undefined;
  initialFocus?: RefObject<HTMLElement | null>;
}

/**
 * Opens a native <dialog> as a modal for as long as the component is mounted: the rest of the
 * page becomes inert, Escape asks to close, and focus goes back where it came from.
 */
export function useModalDialog({ onClose, returnFocus, initialFocus }: ModalOptions) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  const returnFocusRef = useRef(returnFocus);
  const unmountingRef = useRef(false);
  // Kept from the first mount: a development re-mount finds focus already inside the dialog.
  const openerRef = useRef<HTMLElement | null>(null);

  useEffect(() => {
    onCloseRef.current = onClose;
    returnFocusRef.current = returnFocus;
  });

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;

    if (!openerRef.current && document.activeElement instanceof HTMLElement) {
      openerRef.current = document.activeElement;
    }
    unmountingRef.current = false;
    if (!dialog.open) dialog.showModal();
    initialFocus?.current?.focus();

    return () => {
      unmountingRef.current = true;
      if (dialog.open) dialog.close();
      // After the dialog has left the DOM, so that the browser does not move focus again.
      const opener = openerRef.current;
      requestAnimationFrame(() => {
        const target =
          opener && opener.isConnected && opener !== document.body
            ? opener
            : returnFocusRef.current?.();
        target?.focus();
      });
    };
  }, [initialFocus]);

  const dialogProps = {
    ref: dialogRef,
    'aria-modal': true as const,
    onCancel: (event: SyntheticEvent<HTMLDialogElement>) => {
      if (event.target !== event.currentTarget) return;
      // The component decides when to close; unmounting closes the dialog.
      event.preventDefault();
      onCloseRef.current();
    },
    // The browser may still close it, for example on a second Escape without a click between.
    onClose: (event: SyntheticEvent<HTMLDialogElement>) => {
      const dialog = event.currentTarget;
      // The event comes late; by then a development re-mount may have opened the dialog again.
      if (event.target !== dialog || unmountingRef.current || dialog.open) return;
      onCloseRef.current();
    },
    onKeyDown: (event: KeyboardEvent<HTMLDialogElement>) => trapTab(event, dialogRef.current),
  };

  return { dialogRef, dialogProps };
}
