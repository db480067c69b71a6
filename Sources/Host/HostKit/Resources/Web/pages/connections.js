// Ingested connections: the largest destinations, countries and networks by bytes over a
// range, a world map of where the newest 1,000 went (destinations GeoIP placed, by bytes;
// drawn offline, widgets/map.js), and the newest connections. Batches arriving on the live
// stream's `connections` topic reload the page's figures, at most every 2 s.
import { api, live } from '../api.js';
import { h, replace, ago } from '../dom.js';

function bytes(value) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let index = 0;
  while (value >= 1000 && index < units.length - 1) { value /= 1000; index++; }
  return `${value.toFixed(index ? 1 : 0)} ${units[index]}`;
}

function endpoint(end) { return end.port ? `${end.address}:${end.port}` : end.address; }

export async function connections(main) {
  const range = h('select', { id: 'connections-range' }, [['1h', 3600], ['24h', 86400], ['7d', 604800]].map(([label, seconds]) => h('option', { value: seconds, selected: label === '24h' }, label)));
  const tops = { destination: h('div'), country: h('div'), asn: h('div') };
  const latestBox = h('div');
  const mapBox = h('div');
  async function load() {
    const from = new Date(Date.now() - Number(range.value) * 1000).toISOString();
    await Promise.all(Object.entries(tops).map(async ([by, box]) => {
      const answer = await api('GET', `/api/v1/connections/top?by=${by}&limit=10&from=${encodeURIComponent(from)}`).catch(() => ({ items: [] }));
      const items = answer.items ?? answer;
      replace(box, items.length ? h('table', {},
        h('thead', {}, h('tr', {}, [by, 'Bytes', 'Connections'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, items.map((item) => h('tr', {}, h('td', {}, item.label ? `${item.key} ${item.label}` : (item.key || 'unknown')),
          h('td', {}, bytes(item.bytes)), h('td', {}, String(item.connections)))))) : h('p', {}, 'Nothing in this range.'));
    }));
    const newest = await api('GET', `/api/v1/connections?limit=1000&from=${encodeURIComponent(from)}`).catch(() => ({ items: [] }));
    await drawMap(newest.items);
    const latest = { items: newest.items.slice(0, 50) };
    replace(latestBox, latest.items.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['When', 'Source', 'Destination', 'Transport', 'Bytes', 'Country'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, latest.items.map((c) => h('tr', {}, h('td', {}, ago(c.startedAt)), h('td', {}, endpoint(c.source)),
        h('td', {}, endpoint(c.destination)), h('td', {}, c.transport),
        h('td', {}, bytes(c.bytesSent + c.bytesReceived)), h('td', {}, c.destination.geo?.country ?? c.destination.geo?.countryCode ?? ''))))) : h('p', {}, 'No connection ingested in this range.'));
  }
  async function drawMap(items) {
    const places = new Map();
    for (const c of items) {
      const geo = c.destination.geo;
      if (!Number.isFinite(geo?.latitude) || !Number.isFinite(geo?.longitude)) continue;
      const key = `${geo.latitude.toFixed(1)},${geo.longitude.toFixed(1)}`;
      const place = places.get(key) ?? { latitude: geo.latitude, longitude: geo.longitude, name: [geo.city, geo.country].filter(Boolean).join(', ') || key, weight: 0, count: 0 };
      place.weight += c.bytesSent + c.bytesReceived;
      place.count += 1;
      places.set(key, place);
    }
    if (!places.size) {
      replace(mapBox, h('p', {}, items.length ? 'No destination in this range has a location (GeoIP: enricher.geoip with a City database).' : 'Nothing in this range.'));
      return;
    }
    const { worldMap } = await import('../widgets/map.js');
    const points = [...places.values()].map((place) => ({ ...place, title: `${place.name}: ${place.count} connection${place.count === 1 ? '' : 's'}, ${bytes(place.weight)}` }));
    replace(mapBox, worldMap(points, { label: `Destinations of the newest ${items.length} connections: ${places.size} places, circles sized by bytes` }));
  }

  main.append(h('h1', {}, 'Connections'), h('div', { class: 'section-head' }, h('label', { for: 'connections-range' }, 'Range '), range),
    h('div', { class: 'tops' }, Object.entries(tops).map(([by, box]) => h('section', {}, h('h2', {}, `Top ${by === 'asn' ? 'networks' : by === 'country' ? 'countries' : 'destinations'}`), box))),
    h('section', {}, h('h2', {}, 'Where they went'), mapBox),
    h('section', {}, h('h2', {}, 'Newest'), latestBox));
  range.addEventListener('change', load);
  await load();
  let reload = null;
  const stream = live((frame) => {
    if (frame.type === 'welcome') stream.send({ type: 'subscribe', topics: ['connections'] });
    if (frame.type === 'event' && !reload) reload = setTimeout(() => { reload = null; load().catch(() => {}); }, 2000);
  });
  return () => { stream.close(); clearTimeout(reload); };
}
