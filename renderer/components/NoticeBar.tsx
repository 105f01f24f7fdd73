// The last thing that went wrong (role=alert) or that a person should know
// (role=status), until dismissed.
import { useApp, useAppContext } from '../context.js';

export function NoticeBar() {
  const { store } = useAppContext();
  const notice = useApp((state) => state.notice);
  return (
    <div className="notice-slot">
      {notice && (
        <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button type="button" className="small" aria-label="Dismiss" onClick={() => store.getState().notify(null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
