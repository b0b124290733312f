// One colour per fingerprint within a row (or an episode): the majority's is always the first.
const PALETTE = ['fp0', 'fp1', 'fp2', 'fp3', 'fp4', 'fp5'];

/** A function fingerprint -> CSS class; the majority gets 'fp0', others the next free one in order of asking. */
export function colourer(majority) {
  const assigned = new Map();
  if (majority) assigned.set(majority, PALETTE[0]);
  return (fingerprint) => {
    if (!fingerprint) return 'fp-none';
    if (!assigned.has(fingerprint)) assigned.set(fingerprint, PALETTE[Math.min(assigned.size, PALETTE.length - 1)]);
    return assigned.get(fingerprint);
  };
}

/** A fingerprint made short enough for a cell: "200 sha256:3fa2c1d0…" -> "200 · 3fa2c1". */
export function shortFingerprint(fingerprint) {
  if (!fingerprint) return 'no data';
  return fingerprint
    .replace(/sha256:([0-9a-f]{6})[0-9a-f]*/g, '$1')
    .replace(/etag:(W\/)?"?([^"\s]{0,8})[^\s]*/g, 'etag:$1$2')
    .replace(/\s+/g, ' · ');
}
