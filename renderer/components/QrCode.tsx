// A QR code as an SVG: one path of dark squares inside the quiet zone the
// standard asks for; black on white in dark mode too, since not every
// scanner reads an inverted code.
import { useMemo } from 'react';
import { encodeQr } from '../qr/qrCode.js';

const QUIET = 4;

export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const modules = encodeQr(text);
    let d = '';
    modules.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`)));
    return { size: modules.length + 2 * QUIET, path: d };
  }, [text]);
  return (
    <svg className="qr-code" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges">
      <rect width={size} height={size} className="qr-light" />
      <path d={path} className="qr-dark" />
    </svg>
  );
}
