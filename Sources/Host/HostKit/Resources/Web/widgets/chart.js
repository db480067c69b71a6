// Time-series charts on the vendored dygraphs (canvas, zoom by dragging, a range selector),
// loaded the first time a page needs one.
let loading = null;

/** The Dygraph constructor, loading the library and its stylesheet once. */
export function dygraphs() {
  loading ??= new Promise((resolve, reject) => {
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = '/ui/vendor/dygraph.min.css';
    document.head.append(style);
    const script = document.createElement('script');
    script.src = '/ui/vendor/dygraph.min.js';
    script.onload = () => {
      const Dygraph = window.Dygraph;
      // The legend plugin writes style attributes, which style-src 'self' refuses: without it,
      // the page shows the values under the pointer itself (lineChart).
      Dygraph.PLUGINS = Dygraph.PLUGINS.filter((plugin) => plugin !== Dygraph.Plugins.Legend);
      resolve(Dygraph);
    };
    script.onerror = () => reject(new Error('the chart library did not load'));
    document.head.append(script);
  });
  return loading;
}

/**
 * A line chart of [Date, value...] rows into `element`; `labels` names the columns. The
 * library's own legend is off (it writes inline styles, which the page's policy refuses): the
 * values under the pointer are shown as text in a line below the chart instead.
 */
export async function lineChart(element, rows, { labels, ylabel, rangeSelector = true }) {
  const Dygraph = await dygraphs();
  const styles = getComputedStyle(document.documentElement);
  // dygraphs wants a container without padding.
  const plot = document.createElement('div');
  plot.className = 'chart-plot';
  const readout = document.createElement('p');
  readout.className = 'chart-readout';
  readout.setAttribute('aria-live', 'off');
  element.replaceChildren(plot, readout);
  const show = (x, points) => {
    readout.textContent = `${new Date(x).toLocaleString()}: ` +
      points.map((p) => `${p.name} ${p.yval === null || Number.isNaN(p.yval) ? '—' : p.yval.toFixed(2)}`).join(', ');
  };
  return new Dygraph(plot, rows.length ? rows : [[new Date(), null]], {
    legend: 'never', highlightCallback: (event, x, points) => show(x, points), unhighlightCallback: () => { readout.textContent = ''; },
    labels, ylabel, showRangeSelector: rangeSelector && rows.length > 1, connectSeparatedPoints: false,
    colors: [styles.getPropertyValue('--accent').trim() || '#2f7d5b', '#c0392b', '#d68910', '#5d6d7e'],
    axisLineColor: styles.getPropertyValue('--muted').trim(), gridLineColor: styles.getPropertyValue('--line').trim(),
    rangeSelectorPlotFillColor: '', rangeSelectorPlotStrokeColor: styles.getPropertyValue('--accent').trim(),
    animatedZooms: false, height: 260,
  });
}
