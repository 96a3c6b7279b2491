// tests/viewer.js: drives a page of scripts/nerpipe-view in headless
// Chromium (puppeteer-core) as a person would, and checks what it shows
// against what this script reads from the graph itself.
//   node tests/viewer.js PAGE GRAPH SHOTS NAME BOUND_MS
// PAGE is the page, GRAPH the graph it was made from, SHOTS the directory
// for the screenshots (NAME-*.png), BOUND_MS the most the page may take to
// become interactive. Chromium is $NP_CHROME. Prints one line per check
// and ends with "N passed, N failed"; exits 1 on a failure.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [PAGE, GRAPH, SHOTS, NAME, BOUND] = process.argv.slice(2);
const BOUND_MS = +BOUND || 60000;
let passed = 0, failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log('ok: ' + what); }
  else { failed++; console.log('FAIL: ' + what + (detail !== undefined ? ': ' + detail : '')); }
  return ok;
}

// ---- the graph, read here as the contract says, not as the page does
const g = JSON.parse(fs.readFileSync(GRAPH, 'utf8'));
const nodes = g.nodes, index = new Map(nodes.map((n, i) => [n.id, i]));
const refId = v => (v && typeof v === 'object') ? v.id : v;
const links = (g.links || g.edges || []).filter(l => index.has(refId(l.source)) && index.has(refId(l.target)))
  .map(l => Object.assign({}, l, { s: index.get(refId(l.source)), t: index.get(refId(l.target)) }));
const meta = g.graph || {};
const docs = Array.isArray(meta.documents) ? meta.documents : (meta.document ? [meta.document] : []);
const EVENT = new Set(['met', 'visited', 'called']);
function dayOf(y, m, d) { const t = new Date(0); t.setUTCFullYear(y, m - 1, d); return Math.round(t / 864e5); }
function span(s) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(s || '');
  if (!m) return null;
  if (m[3]) return [dayOf(+m[1], +m[2], +m[3]), dayOf(+m[1], +m[2], +m[3])];
  if (m[2]) return [dayOf(+m[1], +m[2], 1), dayOf(+m[1], +m[2] + 1, 1) - 1];
  return [dayOf(+m[1], 1, 1), dayOf(+m[1] + 1, 1, 1) - 1];
}
function coords(n) {
  for (const o of [n, n.attributes || {}])
    if (typeof o.lat === 'number' && typeof o.lon === 'number') return [o.lat, o.lon];
  return null;
}
// what the page should show: links passing pred, and the nodes they touch
function expect(pred) {
  const ls = links.filter(pred), ns = new Set();
  for (const l of ls) { ns.add(l.s); ns.add(l.t); }
  return { links: ls.length, nodes: ns.size };
}
function inRange(from, to) {
  const a = span(from)[0], b = span(to)[1];
  return l => { const p = span(l.date); return p !== null && p[0] <= b && p[1] >= a; };
}
function placeOf(l) {
  const p = refId(l.place);
  if (typeof p === 'string' && index.has(p)) return index.get(p);
  if (l.relation === 'visited' && nodes[l.t].type === 'place') return l.t;
  return null;
}
const all = expect(() => true);

async function stats(page, png) {
  // the screenshot's pixels, read in the page: how many are not white, how
  // many colours, and the spread of their brightness
  return page.evaluate(async b64 => {
    const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bmp.width, bmp.height), x = c.getContext('2d');
    x.drawImage(bmp, 0, 0);
    const d = x.getImageData(0, 0, bmp.width, bmp.height).data;
    let n = 0, ink = 0, sum = 0, sq = 0;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4) {
      const v = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      n++; sum += v; sq += v * v;
      if (v < 235) ink++;
      colours.add((d[i] >> 4) << 8 | (d[i + 1] >> 4) << 4 | (d[i + 2] >> 4));
    }
    const mean = sum / n;
    return { ink: ink / n, colours: colours.size, sd: Math.sqrt(Math.max(0, sq / n - mean * mean)), w: bmp.width, h: bmp.height };
  }, png.toString('base64'));
}
async function shot(page, what, clipSel) {
  const file = path.join(SHOTS, NAME + '-' + what + '.png');
  await page.screenshot({ path: file });
  console.log('screenshot: ' + file);
  const s = await stats(page, fs.readFileSync(file));
  check(s.sd > 20 && s.colours > 40, what + ' screenshot is not blank', JSON.stringify(s));
  if (clipSel) {
    // the element alone, without the status line over the graph
    const box = await (await page.$(clipSel)).boundingBox();
    await page.$eval('#status', e => { e.style.visibility = 'hidden'; });
    const g = await stats(page, await page.screenshot({ clip: box }));
    await page.$eval('#status', e => { e.style.visibility = ''; });
    check(g.ink > 0.002 && g.colours > 8, what + ': ' + clipSel + ' has a drawing', JSON.stringify(g));
  }
}
const shown = page => page.evaluate(() => [+document.body.dataset.shownNodes, +document.body.dataset.shownLinks]);
async function counts(page, want, what) {
  const got = await shown(page);
  check(got[0] === want.nodes && got[1] === want.links, what + ': ' + want.nodes + ' nodes and ' + want.links + ' links shown',
    'the page shows ' + got[0] + ' nodes and ' + got[1] + ' links');
}
async function setText(page, sel, text) {
  await page.click(sel, { clickCount: 3 });
  await page.keyboard.press('Backspace');
  if (text) await page.type(sel, text);
  await page.keyboard.press('Enter');
}
const info = page => page.$eval('#info', e => e.innerText);

async function run() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: process.env.NP_CHROME || 'chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1600, height: 1000 });
    const errors = [], requests = [];
    page.on('pageerror', e => errors.push('page error: ' + e.message));
    page.on('console', m => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
    await page.setRequestInterception(true);
    page.on('request', r => {
      if (/^(file|data|blob|about):/.test(r.url())) r.continue();
      else { requests.push(r.url()); r.abort(); }
    });
    const t0 = Date.now();
    await page.goto('file://' + path.resolve(PAGE));
    await page.waitForFunction(() => document.body.dataset.ready === '1' || document.body.dataset.error,
      { timeout: Math.max(BOUND_MS * 2, 30000), polling: 100 });
    const wall = Date.now() - t0;
    const ready = await page.evaluate(() => ({ ms: +document.body.dataset.readyMs, error: document.body.dataset.error || '',
      layout: Math.round(window.nerpipeView ? window.nerpipeView.layoutMs : -1) }));
    console.log(`${NAME}: ${nodes.length} nodes, ${links.length} links, ${docs.length} documents; interactive after ${ready.ms} ms ` +
      `(layout ${ready.layout} ms; ${wall} ms from navigation in this driver), bound ${BOUND_MS} ms`);
    check(!ready.error, 'the page drew the graph', ready.error);
    check(ready.ms > 0 && ready.ms <= BOUND_MS, 'interactive within ' + BOUND_MS + ' ms', ready.ms + ' ms');

    // ---- what it shows at first: every node loaded, the unlinked hidden
    const cyData = await page.$eval('#cy', e => [+e.dataset.nodes, +e.dataset.links]);
    check(cyData[0] === nodes.length && cyData[1] === links.length, 'every node and link is in the graph', cyData.join(' '));
    await counts(page, all, 'at first, without unlinked nodes');
    for (const sel of ['#search', '#date-from', '#date-to', '#tl-svg', '#map-svg', '#show-unlinked'])
      check(await page.$(sel) !== null, 'the page has ' + sel);
    const bars = await page.$$eval('#tl-svg rect.bar', r => r.length);
    const dated = links.filter(l => EVENT.has(l.relation) && span(l.date));
    check(dated.length === 0 ? bars === 0 : bars > 0, 'the timeline has bars for the ' + dated.length + ' dated events', bars);
    const land = await page.$eval('#map-svg path.land', p => (p.getAttribute('d') || '').length).catch(() => 0);
    check(land > 10000, 'the map draws the world\'s outlines', land);
    const places = new Set();
    for (const l of links) { const p = placeOf(l); if (EVENT.has(l.relation) && p !== null && coords(nodes[p])) places.add(p); }
    const dots = await page.$$eval('#map-svg circle.place', c => c.length);
    check(dots === places.size, 'the map has a dot for each of the ' + places.size + ' places with coordinates', dots);
    await shot(page, 'overview', '#cy');

    // ---- search: the node mentioned most under two names or more
    const cand = nodes.map((n, i) => i).filter(i => new Set((nodes[i].mentions || []).map(m => m.text)).size > 1 &&
      nodes.filter(n => n.label === nodes[i].label).length === 1)
      .sort((a, b) => nodes[b].mentions.length - nodes[a].mentions.length);
    if (check(cand.length > 0, 'the graph has a node mentioned under several names')) {
      const i = cand[0], n = nodes[i];
      await page.click('#search');
      await page.type('#search', n.label.toLowerCase());
      await page.waitForFunction(i => !!document.querySelector('#results button[data-node="' + i + '"]'), { timeout: 10000 }, i)
        .catch(() => {});
      const first = await page.$eval('#results button', b => +b.dataset.node).catch(() => -1);
      check(first === i, 'typing "' + n.label.toLowerCase() + '" lists ' + n.label + ' first', first);
      await page.keyboard.press('Enter');
      const h3 = await page.$eval('#info h3', e => e.textContent).catch(() => '');
      check(h3 === n.label, 'Enter shows ' + n.label, h3);
      const want = new Map();
      for (const m of n.mentions) want.set(m.text, (want.get(m.text) || 0) + 1);
      const rows = await page.$$eval('#info table.mentions tr', trs => trs.map(tr => [tr.cells[0].textContent, tr.cells[1].textContent]));
      const got = new Map(rows.map(([t, c]) => [t, +c.replace(/\D/g, '')]));
      check(rows.length === want.size && [...want].every(([t, c]) => got.get(t) === c),
        'the mentions of ' + n.label + ' are grouped by alias with counts (' + [...want].map(([t, c]) => t + ' \u00d7' + c).join(', ') + ')',
        JSON.stringify(rows));
      const alias = (n.aliases || []).find(a => !n.label.toLowerCase().includes(a.toLowerCase()));
      if (alias) {
        await setText(page, '#search', alias);
        const listed = await page.$$eval('#results button', (bs, i) => bs.some(b => +b.dataset.node === i), i);
        check(listed, 'searching for the alias "' + alias + '" lists ' + n.label);
      }
      await shot(page, 'search');
      await setText(page, '#search', '');
    }

    // ---- a date filter: the year with the most dated events
    const years = new Map();
    for (const l of dated) { const y = l.date.slice(0, 4); years.set(y, (years.get(y) || 0) + 1); }
    const year = [...years].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    let clicked = false;
    if (check(year !== undefined, 'the graph has dated events')) {
      const from = year[0] + '-01-01', to = year[0] + '-12-31';
      await setText(page, '#date-from', from);
      await setText(page, '#date-to', to);
      await counts(page, expect(inRange(from, to)), 'dates ' + from + ' to ' + to);
      check(await page.$('#tl-svg rect.brush') !== null, 'the timeline marks the dates chosen');

      // ---- click a link shown, one of its pair, with its evidence from an article
      const pairs = new Map();
      for (const l of links) { const k = Math.min(l.s, l.t) + ',' + Math.max(l.s, l.t); pairs.set(k, (pairs.get(k) || 0) + 1); }
      const pick = links.map((l, j) => j).filter(j => {
        const l = links[j];
        return inRange(from, to)(l) && EVENT.has(l.relation) && l.s !== l.t && pairs.get(Math.min(l.s, l.t) + ',' + Math.max(l.s, l.t)) === 1 &&
          (l.evidence || []).some(e => docs[typeof e.doc === 'number' ? e.doc : 0]);
      });
      if (check(pick.length > 0, 'a dated event with evidence is shown')) {
        const j = pick[0], l = links[j];
        const at = await page.evaluate(j => {
          const cy = window.nerpipeView.cy, e = cy.getElementById('e' + j);
          // the link's two nodes in view, zoomed in no further than 1.5
          cy.fit(e.connectedNodes(), 160);
          if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(e); }
          const m = e.renderedMidpoint(), r = document.getElementById('cy').getBoundingClientRect();
          return { x: r.left + m.x, y: r.top + m.y };
        }, j);
        await new Promise(r => setTimeout(r, 300));
        await page.mouse.click(at.x, at.y);
        await page.waitForFunction(() => !!document.body.dataset.selected, { timeout: 5000 }).catch(() => {});
        const selected = await page.evaluate(() => document.body.dataset.selected || '');
        clicked = check(selected === 'link:' + j, 'a click on the link ' + nodes[l.s].label + ' \u2014 ' + nodes[l.t].label + ' selects it', selected);
        const text = await info(page);
        const ev = (l.evidence || []).slice(0, 20);
        check(ev.length > 0 && text.includes(ev[0].sentence), 'the evidence panel shows the evidence', text.slice(0, 300));
        const names = ev.map(e => docs[typeof e.doc === 'number' ? e.doc : 0]).filter(Boolean);
        check(names.every(d => text.includes('Article: ' + d.name) && (!d.date || text.includes('dated ' + d.date))),
          'the evidence names its article and date (' + names.map(d => d.name + ', ' + d.date).join('; ') + ')', text.slice(0, 600));
        check(/\b\d{4}-\d{2}-\d{2}\b/.test(text), 'the evidence panel has a date');
        await shot(page, 'link', '#cy');
      }
      await page.click('#dates-clear');
      await counts(page, all, 'dates cleared');
    }

    // ---- brushing the timeline
    if (dated.length) {
      const box = await (await page.$('#tl-svg')).boundingBox();
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width * 0.35, y);
      await page.mouse.down();
      for (let k = 1; k <= 10; k++) await page.mouse.move(box.x + box.width * (0.35 + 0.06 * k), y);
      await page.mouse.up();
      const [from, to] = await page.evaluate(() => [document.getElementById('date-from').value, document.getElementById('date-to').value]);
      if (check(/^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to,
        'brushing the timeline sets the dates', from + ' ' + to))
        await counts(page, expect(inRange(from, to)), 'the timeline brushed from ' + from + ' to ' + to);
      await shot(page, 'brushed', '#tl-svg');
      await page.click('#dates-clear');
    }

    // ---- the map: a click on the place of the most events
    if (dots) {
      const dot = (await page.$$('#map-svg circle.place')).pop();
      const i = await dot.evaluate(c => +c.dataset.node);
      await dot.click();
      const h3 = await page.$eval('#info h3', e => e.textContent).catch(() => '');
      check(h3 === nodes[i].label, 'a click on a map dot shows its place, ' + nodes[i].label, h3);
      check((await info(page)).includes('Meetings, visits and calls here'), 'the place lists the events there');
      await shot(page, 'map', '#map-svg');
    }

    // ---- the other filters, each against the graph
    const cameos = [...new Set(links.map(l => l.cameo).filter(Boolean))].sort();
    if (cameos.length) {
      const code = cameos.includes('041') ? '041' : cameos[0];
      const boxes = await page.$$eval('input[data-filter="cameo"]', bs => bs.map(b => b.value));
      for (const v of boxes) if (v !== code) await page.click('input[data-filter="cameo"][value="' + v + '"]');
      await counts(page, expect(l => l.cameo === code), 'CAMEO ' + code + ' only');
      await page.click('#reset');
    } else {
      const boxes = await page.$$eval('input[data-filter="cameo"]', bs => bs.map(b => b.value));
      check(boxes.length === 1 && boxes[0] === '(none)', 'a graph without CAMEO codes offers "no code" only', boxes.join(' '));
    }
    const rels = [...new Set(links.map(l => l.relation))];
    for (const r of ['called', 'visited']) {
      if (!rels.includes(r)) continue;
      for (const v of rels) if (v !== r) await page.click('input[data-filter="relation"][value="' + v + '"]');
      await counts(page, expect(l => l.relation === r), 'relation ' + r + ' only');
      await page.click('#reset');
    }
    await page.click('input[data-filter="status"][value="planned"]').catch(() => {});
    if (links.some(l => l.status === 'planned')) await counts(page, expect(l => l.status !== 'planned'), 'planned links left out');
    await page.click('#reset');
    if (nodes.some(n => n.type === 'organization')) {
      await page.click('input[data-filter="type"][value="organization"]');
      await counts(page, expect(l => nodes[l.s].type !== 'organization' && nodes[l.t].type !== 'organization'), 'organizations left out');
      await page.click('#reset');
    }
    await setText(page, '#min-weight', '2');
    await counts(page, expect(l => (l.weight || 1) >= 2), 'links of weight 2 or more');
    await page.click('#reset');
    await counts(page, all, 'the filters reset');

    // ---- the unlinked nodes, on asking
    await page.click('#show-unlinked');
    const un = await shown(page);
    check(un[0] === nodes.length, 'the toggle shows every node, ' + nodes.length, un[0]);
    await page.evaluate(() => window.nerpipeView.cy.fit(window.nerpipeView.cy.elements(':visible'), 30));
    await shot(page, 'unlinked', '#cy');
    await page.click('#show-unlinked');
    await counts(page, all, 'the toggle hides them again');

    const ran = await page.evaluate(() => [document.body.getAttribute('data-injected'), document.title]);
    check(ran[0] === null && !/INJECTED/.test(ran[1]), 'no text of the graph ran as code', ran.join(' '));
    check(errors.length === 0, 'no error in the page', errors.slice(0, 5).join(' | '));
    check(requests.length === 0, 'the page asked the network for nothing', requests.slice(0, 5).join(' '));
    check(clicked || !dated.length, 'a link was clicked');

    // ---- a browser that draws no frame (a tab in the background, a busy
    // headless browser) still gets the graph drawn and the page ready
    const still = await browser.newPage();
    await still.evaluateOnNewDocument(() => { window.requestAnimationFrame = () => 0; });
    await still.goto('file://' + path.resolve(PAGE));
    const late = await still.waitForFunction(() => document.body.dataset.ready === '1' || document.body.dataset.error,
      { timeout: Math.max(BOUND_MS * 2, 30000), polling: 100 }).then(() => still.evaluate(() =>
      [document.body.dataset.error || '', +document.getElementById('cy').dataset.nodes])).catch(e => [String(e), 0]);
    check(!late[0] && late[1] === nodes.length, 'with no animation frame the page still draws its ' + nodes.length + ' nodes',
      late.join(' '));
    await still.close();
  } finally {
    await browser.close();
  }
}

run().catch(e => { failed++; console.log('FAIL: ' + (e && e.stack || e)); })
  .finally(() => { console.log(passed + ' passed, ' + failed + ' failed'); process.exitCode = failed ? 1 : 0; });
