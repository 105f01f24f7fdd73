// A file's bar: a progressbar with its value for assistive technology, and
// a fill that moves by transform so that changing numbers never shift layout.
export interface ProgressBarProps {
  label: string;
  /** Whole percent, or null while the total is unknown. */
  percent: number | null;
  valueText: string;
  tone: 'active' | 'done' | 'failed' | 'idle';
  /** A row's bar: short and thin. */
  thin?: boolean;
}

export function ProgressBar({ label, percent, valueText, tone, thin }: ProgressBarProps) {
  return (
    <div
      className={`bar bar-${tone}${percent === null ? ' bar-unknown' : ''}${thin ? ' bar-thin' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={valueText}
    >
      <div className="bar-fill" style={{ transform: `scaleX(${(percent ?? 0) / 100})` }} />
    </div>
  );
}
