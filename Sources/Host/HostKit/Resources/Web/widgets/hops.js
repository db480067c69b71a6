// A table of hops from either shape the probes report: traceroute's RouteHop (`ttl`,
// `responders`, `lossPercent`, `lastMs`, ...) or mtr's hub (`count`, `host`, `Loss%`, `Snt`,
// `Last`, `Avg`, `Best`, `Wrst`), so traceroute, mtr and mtr over SSH read the same.
import { h, ms, replace } from '../dom.js';

/** One hop in one shape. */
export function normalizeHop(hop, index) {
  if ('responders' in hop || 'lossPercent' in hop) {
    const responders = hop.responders ?? [];
    return {
      ttl: hop.ttl ?? index + 1, address: responders.map((r) => r.address).join(', '), name: responders[0]?.name ?? '',
      loss: hop.lossPercent, sent: hop.sent, last: hop.lastMs, avg: hop.avgMs, best: hop.bestMs, worst: hop.worstMs,
      geo: responders[0]?.geo,
    };
  }
  const host = hop.host ?? '???';
  return {
    ttl: hop.count ?? index + 1, address: host === '???' ? '' : host, name: '',
    loss: hop['Loss%'], sent: hop.Snt, last: hop.Last, avg: hop.Avg, best: hop.Best, worst: hop.Wrst, geo: hop.geo,
  };
}

/** A hop table's body rows, ordered by hop number. */
export function hopRows(hops) {
  return hops.map(normalizeHop).sort((a, b) => a.ttl - b.ttl).map((hop) => h('tr', { class: hop.address ? '' : 'silent' },
    h('td', {}, String(hop.ttl)),
    h('td', {}, hop.address || '* * *'),
    h('td', {}, [hop.name, hop.geo?.country, hop.geo?.asn ? `AS${hop.geo.asn}` : null].filter(Boolean).join(' · ')),
    h('td', {}, hop.loss !== undefined ? `${Number(hop.loss).toFixed(1)} %` : ''),
    h('td', {}, hop.sent ?? ''),
    h('td', {}, ms(hop.last)), h('td', {}, ms(hop.avg)), h('td', {}, ms(hop.best)), h('td', {}, ms(hop.worst))));
}

/**
 * An empty hop table and a box for its map. `show(hops)` fills both: the rows, and, when
 * GeoIP placed any hop (enricher.geoip), a world map of the located hops in order, numbered
 * by hop. The map's code and outline load only then.
 */
export function hopTable(caption) {
  const body = h('tbody');
  const table = h('table', { class: 'hops' }, h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['Hop', 'Address', 'Name / where', 'Loss', 'Sent', 'Last', 'Avg', 'Best', 'Worst'].map((t) => h('th', { scope: 'col' }, t)))),
    body);
  const map = h('div', { class: 'hop-map' });
  let drawn = 0;
  function show(hops) {
    replace(body, hopRows(hops));
    const located = hops.map(normalizeHop).filter((hop) => Number.isFinite(hop.geo?.latitude) && Number.isFinite(hop.geo?.longitude))
      .sort((a, b) => a.ttl - b.ttl);
    if (!located.length) return;
    const turn = ++drawn;
    import('./map.js').then(({ worldMap }) => {
      if (turn !== drawn) return; // a newer update drew already
      replace(map, worldMap(located.map((hop) => ({
        latitude: hop.geo.latitude, longitude: hop.geo.longitude, mark: hop.ttl,
        title: `hop ${hop.ttl}: ${hop.address}${hop.geo.city ? `, ${hop.geo.city}` : ''}${hop.geo.country ? `, ${hop.geo.country}` : ''}`,
      })), { label: `${caption}: map of ${located.length} located hop${located.length === 1 ? '' : 's'}`, route: true }));
    });
  }
  return { table, body, map, show };
}
