// A status bar: one bar per bucket (an hour, a day). Colour is not the only signal: a bar's
// height says it too (full up, two-thirds degraded, one third down, a stub without checks),
// and the bar's text alternative gives the uptime in words.
const svgNS = 'http://www.w3.org/2000/svg';

/** Buckets ({start, up, degraded, down, maintenance}) from the batch answer's columns. */
export function bucketsOf(columns) {
  const start = new Date(columns.from).getTime();
  return columns.up.map((up, index) => ({
    start: new Date(start + index * columns.bucketSeconds * 1000).toISOString(),
    up, degraded: columns.degraded[index], down: columns.down[index], maintenance: columns.maintenance[index],
  }));
}

/** The uptime of buckets as a ratio (maintenance left out), or null without checks. */
export function uptimeOf(buckets) {
  let up = 0, checks = 0;
  for (const b of buckets) { up += b.up + b.degraded; checks += b.up + b.degraded + b.down; }
  return checks ? up / checks : null;
}

export function percent(ratio) {
  if (ratio === null || ratio === undefined) return 'no data';
  return ratio === 1 ? '100 %' : `${(Math.floor(ratio * 10000) / 100).toFixed(2)} %`;
}

/** An SVG of the buckets; `label` names what it shows ("last 72 hours"). */
export function statusBars(buckets, label, { width = 216, height = 24 } = {}) {
  const svg = document.createElementNS(svgNS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'bars');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${label}: ${percent(uptimeOf(buckets))} up`);
  const step = width / Math.max(buckets.length, 1);
  buckets.forEach((bucket, index) => {
    const checks = bucket.up + bucket.degraded + bucket.down;
    const [kind, fraction] = checks === 0 ? (bucket.maintenance ? ['maintenance', 1] : ['empty', 0.25])
      : bucket.down > 0 ? ['down', 0.4] : bucket.degraded > 0 ? ['degraded', 0.7] : ['up', 1];
    const rect = document.createElementNS(svgNS, 'rect');
    const barHeight = height * fraction;
    rect.setAttribute('x', (index * step + 0.5).toFixed(1));
    rect.setAttribute('y', (height - barHeight).toFixed(1));
    rect.setAttribute('width', Math.max(step - 1, 1).toFixed(1));
    rect.setAttribute('height', barHeight.toFixed(1));
    rect.setAttribute('class', `bar-${kind}`);
    const title = document.createElementNS(svgNS, 'title');
    title.textContent = `${new Date(bucket.start).toLocaleString()}: ${bucket.up} up, ${bucket.degraded} degraded, ${bucket.down} down` +
      (bucket.maintenance ? `, ${bucket.maintenance} in maintenance` : '');
    rect.append(title);
    svg.append(rect);
  });
  return svg;
}

/** A latency sparkline (values in ms, nulls are gaps). */
export function sparkline(values, { width = 96, height = 24 } = {}) {
  const svg = document.createElementNS(svgNS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'spark');
  const numbers = values.filter((v) => v !== null && v !== undefined);
  svg.setAttribute('role', 'img');
  if (!numbers.length) { svg.setAttribute('aria-label', 'no latency yet'); return svg; }
  const max = Math.max(...numbers), min = Math.min(...numbers);
  const span = max - min || 1;
  const step = width / Math.max(values.length - 1, 1);
  let path = '';
  let pen = false;
  values.forEach((value, index) => {
    if (value === null || value === undefined) { pen = false; return; }
    const x = (index * step).toFixed(1), y = (height - 2 - ((value - min) / span) * (height - 4)).toFixed(1);
    path += `${pen ? 'L' : 'M'}${x} ${y}`;
    pen = true;
  });
  const line = document.createElementNS(svgNS, 'path');
  line.setAttribute('d', path);
  svg.append(line);
  const last = numbers[numbers.length - 1];
  svg.setAttribute('aria-label', `latency of the last ${values.length} checks, latest ${last.toFixed(1)} ms, from ${min.toFixed(1)} to ${max.toFixed(1)} ms`);
  return svg;
}
