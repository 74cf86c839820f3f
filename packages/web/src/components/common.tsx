import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from '../api/http.ts';

/** A failure as the person should read it: the venue's code and message, verbatim. */
export interface ShownError {
  readonly code: string;
  readonly message: string;
}

export function toShownError(error: unknown): ShownError {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'ERROR', message: error.message };
  return { code: 'ERROR', message: String(error) };
}

export function ErrorText({ error }: { error: ShownError | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      <code>{error.code}</code> {error.message}
    </p>
  );
}

/** Run an API call from a button: busy while it runs, its error kept for display. */
export function useAction(): {
  busy: boolean;
  error: ShownError | undefined;
  run: <T>(call: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError>();
  const run = useCallback(async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await call();
    } catch (e) {
      setError(toShownError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(undefined), []);
  return { busy, error, run, clear };
}

export function Panel({
  title,
  className,
  actions,
  children,
}: {
  title?: ReactNode;
  className?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className={`panel ${className ?? ''}`}>
      {title !== undefined && (
        <header className="panel-title">
          <h2>{title}</h2>
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

/** A row of mutually exclusive choices. */
export function Segmented<T extends string>({
  value,
  options,
  onChange,
  label,
}: {
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  label: string;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          className={o.value === value ? 'active' : ''}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** A figure with a small label above it (header stats, form summaries). */
export function Stat({
  label,
  value,
  tone,
  title,
}: {
  label: string;
  value: ReactNode;
  tone?: string;
  title?: string;
}) {
  return (
    <div className="stat" title={title}>
      <span className="stat-label">{label}</span>
      <span className={`stat-value num ${tone ?? ''}`}>{value}</span>
    </div>
  );
}
