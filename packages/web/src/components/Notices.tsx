import { useCallback, useState } from 'react';
import type { Notice } from '../lib/accountEvents.ts';

/** Notices stack in a corner; warnings and dangers stay until dismissed, the rest fade after a while. */
export function useNotices(): {
  notices: readonly Notice[];
  push: (notice: Omit<Notice, 'id'>) => void;
  dismiss: (id: number) => void;
} {
  const [notices, setNotices] = useState<readonly Notice[]>([]);
  const dismiss = useCallback((id: number) => setNotices((old) => old.filter((n) => n.id !== id)), []);
  const push = useCallback(
    (notice: Omit<Notice, 'id'>) => {
      const id = Date.now() + Math.random();
      setNotices((old) => [...old.slice(-5), { ...notice, id }]);
      if (notice.tone === 'info') setTimeout(() => dismiss(id), 8_000);
    },
    [dismiss],
  );
  return { notices, push, dismiss };
}

export function Notices({ notices, dismiss }: { notices: readonly Notice[]; dismiss: (id: number) => void }) {
  return (
    <div className="notices" aria-live="assertive">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.tone}`} role="alert" data-testid={`notice-${n.tone}`}>
          <div>
            <b>{n.title}</b>
            <p>{n.text}</p>
          </div>
          <button type="button" className="link" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
