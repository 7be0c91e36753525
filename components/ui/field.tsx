'use client';

import { useId, type ComponentProps, type ReactNode } from 'react';

import { useErrorText } from './use-error-text';

const controlClasses = [
  'mt-1 block w-full rounded-md border border-line bg-white px-3 py-2 text-sm shadow-xs',
  'focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100',
  'aria-invalid:border-red-600 disabled:bg-canvas',
].join(' ');

interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** A schema message key or a translated server message. */
  error?: string;
  optional?: boolean;
  optionalLabel?: string;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const present = ids.filter(Boolean);
  return present.length ? present.join(' ') : undefined;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  // Always present, so that a message appearing inside it is announced.
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-red-700 empty:hidden">
      {message}
    </p>
  );
}

/** A label, the control, a hint and the error, all tied together for assistive technology. */
export function Field({
  label,
  hint,
  error,
  optional,
  optionalLabel,
  children,
}: FieldProps & { children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const errorText = useErrorText()(error);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {optional && optionalLabel ? (
          <span className="ml-1 font-normal text-muted">({optionalLabel})</span>
        ) : null}
      </label>
      {children({
        id,
        'aria-describedby': describedBy(hint ? hintId : undefined, errorText && errorId),
        'aria-invalid': errorText ? true : undefined,
      })}
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} message={errorText} />
    </div>
  );
}

export function TextField({
  label,
  hint,
  error,
  optional,
  optionalLabel,
  className = '',
  ...input
}: FieldProps & ComponentProps<'input'>) {
  return (
    <Field {...{ label, hint, error, optional, optionalLabel }}>
      {(control) => <input {...input} {...control} className={`${controlClasses} ${className}`} />}
    </Field>
  );
}

export function SelectField({
  label,
  hint,
  error,
  optional,
  optionalLabel,
  children,
  ...select
}: FieldProps & ComponentProps<'select'>) {
  return (
    <Field {...{ label, hint, error, optional, optionalLabel }}>
      {(control) => (
        <select {...select} {...control} className={controlClasses}>
          {children}
        </select>
      )}
    </Field>
  );
}

/** An on/off setting: a checkbox with its label beside it and an optional explanation. */
export function CheckboxField({
  label,
  hint,
  error,
  ...input
}: Omit<FieldProps, 'optional' | 'optionalLabel'> & Omit<ComponentProps<'input'>, 'type'>) {
  const id = useId();
  const errorText = useErrorText()(error);

  return (
    <div>
      <div className="flex items-start gap-3">
        <input
          {...input}
          id={id}
          type="checkbox"
          aria-describedby={describedBy(
            hint ? `${id}-hint` : undefined,
            errorText && `${id}-error`,
          )}
          aria-invalid={errorText ? true : undefined}
          className="mt-0.5 h-4 w-4 shrink-0 rounded border-line accent-brand-600"
        />
        <div>
          <label htmlFor={id} className="text-sm font-medium">
            {label}
          </label>
          {hint ? (
            <p id={`${id}-hint`} className="text-xs text-muted">
              {hint}
            </p>
          ) : null}
        </div>
      </div>
      <FieldError id={`${id}-error`} message={errorText} />
    </div>
  );
}

/** A choice between a few options, as radio buttons in a fieldset named by its legend. */
export function RadioGroupField({
  legend,
  hint,
  error,
  options,
  inputProps,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: ReactNode; hint?: ReactNode }[];
  inputProps: Omit<ComponentProps<'input'>, 'type' | 'value' | 'id'>;
}) {
  const id = useId();
  const errorText = useErrorText()(error);

  return (
    <fieldset
      aria-describedby={describedBy(hint ? `${id}-hint` : undefined, errorText && `${id}-error`)}
    >
      <legend className="text-sm font-medium">{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      <div className="mt-2 space-y-2">
        {options.map((option) => (
          <div key={option.value} className="flex items-start gap-3">
            <input
              {...inputProps}
              id={`${id}-${option.value}`}
              type="radio"
              value={option.value}
              aria-describedby={option.hint ? `${id}-${option.value}-hint` : undefined}
              className="mt-0.5 h-4 w-4 shrink-0 accent-brand-600"
            />
            <div>
              <label htmlFor={`${id}-${option.value}`} className="text-sm">
                {option.label}
              </label>
              {option.hint ? (
                <p id={`${id}-${option.value}-hint`} className="text-xs text-muted">
                  {option.hint}
                </p>
              ) : null}
            </div>
          </div>
        ))}
      </div>
      <FieldError id={`${id}-error`} message={errorText} />
    </fieldset>
  );
}

/** A titled group of fields inside a longer form, such as the edit form in a flyout. */
export function FieldGroup({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="space-y-4 border-t border-line pt-4 first:border-t-0 first:pt-0">
      <legend className="float-left mb-2 w-full text-sm font-semibold uppercase tracking-wide text-muted">
        {title}
      </legend>
      <div className="clear-both space-y-4">{children}</div>
    </fieldset>
  );
}
