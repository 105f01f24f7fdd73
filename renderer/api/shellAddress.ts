// Where the browser shell is, and the token that opens it. The token comes
// in the address `zerodrop ui` printed; once the page has it, it moves into
// this tab's own storage and leaves the address bar (and so the history,
// bookmarks, a shared screen or a copied link), while reloads and reconnects
// keep working from the stored copy. sessionStorage is per tab and per
// origin (port included), so no other site or local service can read it.
const TOKEN_KEY = 'zerodrop.shellToken';

export interface ShellAddress {
  /** The shell's WebSocket address, token included. */
  socketUrl: string;
  /**
   * Whether the shell refuses this token: it was restarted since, and has a
   * new address. False while the shell cannot be reached at all.
   */
  tokenRefused(): Promise<boolean>;
}

/** The address of the shell that served this page, or null if the page was opened without its token. */
export function shellAddress(page: Window): ShellAddress | null {
  const token = takeToken(page);
  if (!token) return null;
  const query = `token=${encodeURIComponent(token)}`;
  const scheme = page.location.protocol === 'https:' ? 'wss' : 'ws';
  return {
    socketUrl: `${scheme}://${page.location.host}/ws?${query}`,
    tokenRefused: async () => {
      try {
        // /health answers 403 to a token it does not know; a WebSocket refusal says nothing to the page.
        const response = await fetch(`/health?${query}`, { method: 'HEAD', cache: 'no-store' });
        return response.status === 403;
      } catch {
        return false;
      }
    },
  };
}

/** The token from the address (then kept, and dropped from the address), else the one kept in this tab. */
function takeToken(page: Window): string | null {
  const address = new URL(page.location.href);
  const given = address.searchParams.get('token');
  if (!given) return kept(page);
  // Where the browser blocks storage, the token stays in the address, where a reload still finds it.
  if (!keep(page, given)) return given;
  address.searchParams.delete('token');
  page.history.replaceState(page.history.state, '', address);
  return given;
}

// Storage can be blocked by the browser: then even reading the property throws.
function keep(page: Window, token: string): boolean {
  try {
    page.sessionStorage.setItem(TOKEN_KEY, token);
    return true;
  } catch {
    return false;
  }
}

function kept(page: Window): string | null {
  try {
    return page.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}
