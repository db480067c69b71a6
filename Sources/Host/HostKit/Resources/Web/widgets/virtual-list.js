// A list that renders only the rows in view: 10,000 monitors are 10,000 rows of data but about
// 30 DOM rows. Rows have one fixed height; the list asks `load(index)` for rows it lacks and
// `render(item, index)` builds one row.
export class VirtualList {
  constructor(container, { rowHeight, render, load, label }) {
    this.container = container;
    this.rowHeight = rowHeight;
    this.render = render;
    this.load = load;
    this.total = 0;
    this.items = new Map();
    this.viewport = document.createElement('div');
    this.viewport.className = 'vlist';
    this.viewport.setAttribute('role', 'list');
    this.viewport.setAttribute('aria-label', label);
    this.viewport.tabIndex = 0;
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    this.viewport.append(this.spacer);
    container.append(this.viewport);
    this.frame = 0;
    this.viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.viewport.addEventListener('keydown', (event) => this.key(event));
    this.resize = () => this.schedule();
    window.addEventListener('resize', this.resize);
  }

  /** Starts over with `total` rows and the first rows known. */
  reset(total, first = []) {
    this.total = total;
    this.items.clear();
    first.forEach((item, index) => this.items.set(index, item));
    this.spacer.style.height = `${total * this.rowHeight}px`;
    this.viewport.scrollTop = 0;
    this.draw();
  }

  /** Adds rows that `load` fetched. */
  fill(offset, items) {
    items.forEach((item, index) => this.items.set(offset + index, item));
    this.schedule();
  }

  /** Replaces one row's data where it is (a live status change). */
  update(predicate, change) {
    for (const [index, item] of this.items) {
      if (predicate(item)) { this.items.set(index, change(item)); this.schedule(); }
    }
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  /** The rows in view, plus a few either side. */
  get range() {
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / this.rowHeight) - 5);
    const count = Math.ceil((this.viewport.clientHeight || 600) / this.rowHeight) + 10;
    return [first, Math.min(this.total, first + count)];
  }

  draw() {
    const [first, last] = this.range;
    const rows = [];
    let missing = -1;
    for (let index = first; index < last; index++) {
      const item = this.items.get(index);
      if (item === undefined) { if (missing < 0) missing = index; continue; }
      const row = this.render(item, index);
      row.style.transform = `translateY(${index * this.rowHeight}px)`;
      row.setAttribute('role', 'listitem');
      row.setAttribute('aria-posinset', index + 1);
      row.setAttribute('aria-setsize', this.total);
      rows.push(row);
    }
    this.spacer.replaceChildren(...rows);
    if (missing >= 0) this.load(missing);
    this.visible = rows;
  }

  /** Up/down/PageUp/PageDown/Home/End scroll the list; Tab reaches the rows' links. */
  key(event) {
    const page = this.viewport.clientHeight;
    const moves = { ArrowDown: this.rowHeight, ArrowUp: -this.rowHeight, PageDown: page, PageUp: -page };
    if (event.key in moves) this.viewport.scrollTop += moves[event.key];
    else if (event.key === 'Home') this.viewport.scrollTop = 0;
    else if (event.key === 'End') this.viewport.scrollTop = this.total * this.rowHeight;
    else return;
    event.preventDefault();
  }

  destroy() { window.removeEventListener('resize', this.resize); cancelAnimationFrame(this.frame); }
}
