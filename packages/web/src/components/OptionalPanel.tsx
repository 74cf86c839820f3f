import { useEffect, useState } from 'react';
import type { Credentials } from '../api/http.ts';
import { useVenue } from '../hooks/venue.tsx';
import { ErrorText, toShownError } from './common.tsx';
import type { ShownError } from './common.tsx';

type Row = Readonly<Record<string, unknown>>;

/** 'dailyInterestRate' -> 'Daily interest rate'. */
const heading = (key: string): string => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const cell = (v: unknown): string =>
  v === null || v === undefined ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Any list of records as a table, any record as a list: the venue's fields, shown as sent. */
function Generic({ value }: { value: unknown }) {
  if (Array.isArray(value)) {
    const rows = value.filter((r): r is Row => typeof r === 'object' && r !== null);
    if (rows.length === 0) return <p className="muted empty">Nothing yet</p>;
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    return (
      <div className="table-scroll">
        <table className="grid cards">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c}>{heading(c)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c} data-label={heading(c)} className="num">
                    {cell(r[c])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  if (typeof value === 'object' && value !== null) {
    return (
      <dl className="kv">
        {Object.entries(value).map(([k, v]) => (
          <div key={k}>
            <dt>{heading(k)}</dt>
            <dd className="num">{Array.isArray(v) ? <Generic value={v} /> : cell(v)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return <p className="num">{cell(value)}</p>;
}

/**
 * A panel for a part of the venue that may not exist yet (spot margin, lending): a plain notice when
 * the venue has no such route, else what the route answers.
 */
export function OptionalPanel({
  name,
  path,
  available,
  credentials,
}: {
  name: string;
  path: string;
  available: boolean | undefined;
  credentials: Credentials | undefined;
}) {
  const { api } = useVenue();
  const [value, setValue] = useState<unknown>();
  const [error, setError] = useState<ShownError>();
  useEffect(() => {
    if (available !== true) return;
    let cancelled = false;
    const load = () =>
      (credentials ? api.signed<unknown>(credentials, 'GET', path) : api.get<unknown>(path))
        .then((v) => {
          if (cancelled) return;
          setValue(v);
          setError(undefined);
        })
        .catch((e: unknown) => {
          if (!cancelled) setError(toShownError(e));
        });
    void load();
    const timer = setInterval(() => void load(), 5_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, path, available, credentials]);
  if (available === undefined) return <p className="muted empty">Checking…</p>;
  if (!available)
    return (
      <p className="muted empty" data-testid={`unavailable-${name.toLowerCase().replace(/\s+/g, '-')}`}>
        {name} is not available on this venue.
      </p>
    );
  if (error?.code === 'AUTH_MISSING' && !credentials)
    return <p className="muted empty">Log in to see {name.toLowerCase()}.</p>;
  return (
    <div>
      <ErrorText error={error} />
      {value !== undefined && <Generic value={value} />}
    </div>
  );
}
