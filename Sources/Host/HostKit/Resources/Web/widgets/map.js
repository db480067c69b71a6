// A world map drawn offline as SVG: Natural Earth's 1:110m outline (vendor/natural-earth,
// public domain) and points placed by latitude and longitude. No tiles and no request to
// another host. A route (a trace's hops) is drawn in order with each point numbered, so the
// order does not rest on colour; every point has a title, and the map's label says what it
// shows. The same figures are in the page's tables.
import { WORLD_PATH } from '../vendor/natural-earth/world.js';

const svgNS = 'http://www.w3.org/2000/svg';

function node(tag, attributes = {}, text) {
  const element = document.createElementNS(svgNS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Map coordinates (720 x 360, equirectangular) of a latitude and longitude. */
export function project(latitude, longitude) {
  return [2 * (longitude + 180), 2 * (90 - latitude)];
}

/** Whether a GeoIP annotation has coordinates. */
export function located(geo) {
  return Number.isFinite(geo?.latitude) && Number.isFinite(geo?.longitude);
}

/**
 * An SVG world map. `points`: [{ latitude, longitude, title, weight?, mark? }]; `weight`
 * scales the circle (by area), `mark` is text drawn beside it (a hop number). `route: true`
 * joins the points in order. `label` is the map's accessible name.
 */
export function worldMap(points, { label, route = false } = {}) {
  const svg = node('svg', { viewBox: '0 0 720 360', class: 'world-map', role: 'img', 'aria-label': label ?? 'World map' });
  svg.append(node('rect', { x: 0, y: 0, width: 720, height: 360, class: 'sea' }), node('path', { d: WORLD_PATH, class: 'land' }));
  const placed = points.filter((point) => Number.isFinite(point.latitude) && Number.isFinite(point.longitude))
    .map((point) => ({ ...point, at: project(point.latitude, point.longitude) }));
  if (route && placed.length > 1) {
    svg.append(node('polyline', { points: placed.map((point) => point.at.map((v) => v.toFixed(1)).join(',')).join(' '), class: 'route' }));
  }
  const heaviest = Math.max(1, ...placed.map((point) => point.weight ?? 0));
  for (const point of placed) {
    const radius = point.weight === undefined ? 3 : 2 + 7 * Math.sqrt(Math.max(point.weight, 0) / heaviest);
    const group = node('g', { class: 'place' });
    group.append(node('title', {}, point.title ?? ''), node('circle', { cx: point.at[0].toFixed(1), cy: point.at[1].toFixed(1), r: radius.toFixed(1) }));
    if (point.mark !== undefined) group.append(node('text', { x: (point.at[0] + radius + 1).toFixed(1), y: (point.at[1] - radius).toFixed(1) }, String(point.mark)));
    svg.append(group);
  }
  return svg;
}
