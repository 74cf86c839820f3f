import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { Credentials } from '../api/http.ts';
import { ApiError } from '../api/http.ts';
import { WS_LOGIN_PATH, hmacHex, nativePayload } from '../api/sign.ts';
import type { AccountView } from '../api/types.ts';
import { useVenue } from './venue.tsx';

/**
 * The logged-in key. It lives in sessionStorage: it survives a reload but not the tab, and the
 * secret is only ever used here to sign.
 */
const KEY = 'fulcrum.credentials';
const ADMIN_KEY = 'fulcrum.admin';

export interface Session {
  readonly credentials: Credentials | undefined;
  readonly accountId: number | undefined;
  login(credentials: Credentials): Promise<void>;
  logout(): void;
  readonly adminToken: string | undefined;
  setAdminToken(token: string | undefined): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

function stored(): Credentials | undefined {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return undefined;
    const { apiKey, secret } = value as Record<string, unknown>;
    return typeof apiKey === 'string' && typeof secret === 'string' ? { apiKey, secret } : undefined;
  } catch {
    return undefined;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const { api, socket, clock } = useVenue();
  const [credentials, setCredentials] = useState<Credentials | undefined>(stored);
  const [accountId, setAccountId] = useState<number>();
  const [adminToken, setAdmin] = useState<string | undefined>(
    () => sessionStorage.getItem(ADMIN_KEY) ?? undefined,
  );

  // The WebSocket logs in with the same key, and again after every reconnect.
  useEffect(() => {
    if (!credentials) {
      socket.setLogin(undefined);
      return;
    }
    socket.setLogin(async () => {
      const timestamp = clock.timestamp();
      const signature = await hmacHex(credentials.secret, nativePayload(timestamp, 'GET', WS_LOGIN_PATH, ''));
      return { op: 'login', apiKey: credentials.apiKey, timestamp, signature };
    });
  }, [credentials, socket, clock]);

  // A stored key is checked once on load; a refused one is dropped.
  useEffect(() => {
    if (!credentials || accountId !== undefined) return;
    api
      .signed<AccountView>(credentials, 'GET', '/api/v1/account')
      .then((account) => setAccountId(account.accountId))
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          sessionStorage.removeItem(KEY);
          setCredentials(undefined);
        }
      });
  }, [api, credentials, accountId]);

  const login = useCallback(
    async (next: Credentials) => {
      await api.syncClock();
      const account = await api.signed<AccountView>(next, 'GET', '/api/v1/account');
      sessionStorage.setItem(KEY, JSON.stringify(next));
      setAccountId(account.accountId);
      setCredentials(next);
    },
    [api],
  );

  const logout = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setCredentials(undefined);
    setAccountId(undefined);
  }, []);

  const setAdminToken = useCallback((token: string | undefined) => {
    if (token) sessionStorage.setItem(ADMIN_KEY, token);
    else sessionStorage.removeItem(ADMIN_KEY);
    setAdmin(token);
  }, []);

  const value = useMemo<Session>(
    () => ({ credentials, accountId, login, logout, adminToken, setAdminToken }),
    [credentials, accountId, login, logout, adminToken, setAdminToken],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
