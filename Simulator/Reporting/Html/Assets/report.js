// ReplicaSim report.html: replays one run, or several variants on one clock, over the topology.
// Plain JavaScript, no build step, no network: everything it needs is in this file.
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('replicasim-data').textContent);
  var runs = DATA.runs;
  // The project's palette (Reporting/Palette.cs, Okabe-Ito).
  var C = { ok: '#009E73', missing: '#D55E00', stale: '#E69F00', error: '#222222', acknowledged: '#0072B2', lost: '#D55E00', p50: '#0072B2', p99: '#D55E00', fault: 'rgba(153,153,153,0.28)' };
  var OUTCOMES = ['ok', 'missing', 'stale', 'error'];
  var OPS = ['signs up', 'opens their profile', 'looks at a profile', 'edits their profile'];
  var STATE_COLOUR = { booting: '#56B4E9', running: '#8fd3b8', healthy: '#009E73', unhealthy: '#E69F00', draining: '#CC79A7', down: '#999999' };
  var STATE_WORDS = { booting: 'booting', running: 'up, not yet checked', healthy: 'up, healthy', unhealthy: 'unhealthy', draining: 'draining', down: 'down' };
  var TOTAL = 0;
  runs.forEach(function (r) { TOTAL = Math.max(TOTAL, r.duration); });
  var state = { t: 0, playing: false, speed: 100, lastFrame: 0 };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }
  function pad(n, w) { n = String(n); while (n.length < w) { n = '0' + n; } return n; }
  // A bucket's length in words: "10 s", "5 min", "1 h", "1 day", "3 days" (a year's buckets are days, not "86400 s").
  function span(sec) {
    var units = [[86400, ' day', ' days'], [3600, ' h', ' h'], [60, ' min', ' min']];
    for (var i = 0; i < units.length; i++) {
      var n = sec / units[i][0];
      if (sec >= units[i][0] && Math.abs(n - Math.round(n)) < 1e-9) {
        return Math.round(n) + (Math.round(n) === 1 ? units[i][1] : units[i][2]);
      }
    }
    return sec + ' s';
  }

  // The same clock as the text reports (Instant.ToString): hh:mm:ss.mmm, milliseconds truncated.
  function clock(sec) {
    var ms = Math.floor(sec * 1000 + 1e-6);
    var d = Math.floor(ms / 86400000);
    var s = pad(Math.floor(ms / 3600000) % 24, 2) + ':' + pad(Math.floor(ms / 60000) % 60, 2) + ':' + pad(Math.floor(ms / 1000) % 60, 2) + '.' + pad(ms % 1000, 3);
    return d > 0 ? d + 'd ' + s : s;
  }
  // An axis label: "01:30:00"; in a run of two days or more "45d" or "45d 12:00" (the whole clock does not fit under a tick).
  function shortClock(sec) {
    var c = clock(sec);
    if (TOTAL < 172800) { return c.slice(0, 8); }
    var d = Math.floor(sec / 86400 + 1e-9);
    if (sec - d * 86400 < 1) { return d + 'd'; }
    return d > 0 ? c.slice(0, c.indexOf(' ') + 6) : c.slice(0, 5);
  }
  function num(n) { return Number(n).toLocaleString('en-US'); }
  // The last index i with xs[i][0] <= t (or -1).
  function lastAt(xs, t) {
    var lo = 0, hi = xs.length - 1, ans = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (xs[mid][0] <= t + 1e-9) { ans = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return ans;
  }

  // ---------- prepare each run ----------
  runs.forEach(function (r, i) {
    r.index = i;
    var rp = r.replay || { containers: [], stores: [], zones: [], database: [], databaseNotes: [], requests: [], errorReasons: [] };
    r.rp = rp;
    var byId = {};
    r.containerList = [];
    rp.containers.forEach(function (e) {
      var c = byId[e[1]];
      if (!c) {
        c = byId[e[1]] = { id: e[1], slot: e[2], zone: e[3], name: 'container-' + e[1], events: [] };
        r.containerList.push(c);
      }
      // Stopped is final: a deregistration reported after it changes nothing.
      if (c.stop !== undefined) { return; }
      c.events.push([e[0], e[4]]);
      if (e[4] === 'down') { c.stop = e[0]; }
    });
    r.containerList.forEach(function (c) { c.start = c.events[0][0]; });
    r.records = {};
    rp.stores.forEach(function (s) { (r.records[s[1]] = r.records[s[1]] || []).push([s[0], s[2]]); });
    r.zoneEvents = r.zones.map(function () { return []; });
    rp.zones.forEach(function (z) { r.zoneEvents[z[1]].push([z[0], z[2]]); });
    r.requests = rp.requests.slice().sort(function (a, b) { return a[1] - b[1]; });
    r.starts = r.requests.map(function (q) { return [q[1]]; });
    r.byId = {};
    r.requests.forEach(function (q) { r.byId[q[0]] = q; });
    // cumulative counters per timeline bucket
    var tl = r.timeline;
    r.ends = tl.end.map(function (e) { return [e]; });
    r.cum = {};
    OUTCOMES.concat(['acknowledged', 'lost']).forEach(function (k) {
      var acc = 0;
      r.cum[k] = tl[k].map(function (v) { acc += v; return acc; });
    });
    r.log = [];
    r.containerList.forEach(function (c) {
      c.events.forEach(function (e) { r.log.push([e[0], c.name + ' (' + r.zones[c.zone] + '): ' + STATE_WORDS[e[1]] + (e[1] === 'down' && r.storage === 'sqlite-per-container' ? '; its app.db is deleted' : '')]); });
    });
    rp.databaseNotes.forEach(function (n) { r.log.push([n[0], 'database: ' + n[1]]); });
    r.faults.forEach(function (f) { r.log.push([f.start, 'FAULT: ' + f.label + ': ' + f.detail]); });
    rp.zones.forEach(function (z) { r.log.push([z[0], r.zones[z[1]] + (z[2] ? ' is back' : ' goes dark')]); });
    r.log.sort(function (a, b) { return a[0] - b[0]; });
  });

  // ---------- state at an instant ----------
  function containerState(c, t) {
    var i = lastAt(c.events, t);
    return i < 0 ? null : c.events[i][1];
  }
  function zoneUp(r, z, t) {
    var i = lastAt(r.zoneEvents[z], t);
    return i < 0 ? true : r.zoneEvents[z][i][1];
  }
  function zoneDownSince(r, z, t) {
    var i = lastAt(r.zoneEvents[z], t);
    return i >= 0 && !r.zoneEvents[z][i][1] ? r.zoneEvents[z][i][0] : null;
  }
  function database(r, t) {
    var d = r.rp.database;
    var i = lastAt(d, t);
    var e = d[Math.max(i, 0)] || [0, true, r.primaryZone, (r.primaryZone + 1) % r.zones.length, r.standby];
    return { up: e[1], primary: e[2], standbyZone: e[3], standbyUp: e[4] };
  }
  function readersAt(r, t) {
    var last = {};
    (r.rp.readers || []).forEach(function (x) { if (x[0] <= t + 1e-9) { last[x[1]] = { i: x[1], zone: x[2], up: x[3] }; } });
    return Object.keys(last).map(function (k) { return last[k]; });
  }
  function cacheUp(r, t) {
    var up = true;
    (r.rp.cache || []).forEach(function (x) { if (x[0] <= t + 1e-9) { up = x[1]; } });
    return up;
  }
  function records(r, id, t) {
    var xs = r.records[id];
    if (!xs) { return 0; }
    var i = lastAt(xs, t);
    return i < 0 ? 0 : xs[i][1];
  }
  // Counters over the timeline buckets that ended by t.
  function counters(r, t) {
    var n = lastAt(r.ends, t);
    var out = { through: n >= 0 ? r.ends[n][0] : 0 };
    Object.keys(r.cum).forEach(function (k) { out[k] = n >= 0 ? r.cum[k][n] : 0; });
    out.requests = out.ok + out.missing + out.stale + out.error;
    return out;
  }
  // Containers shown at t: every one launched and not stopped, the latest stopped one of a slot with none
  // (for two minutes), and any stopped while its zone has been dark.
  function visibleContainers(r, t) {
    var shown = [];
    var slotsAlive = {};
    r.containerList.forEach(function (c) {
      if (c.start <= t && (c.stop === undefined || c.stop > t)) { shown.push(c); slotsAlive[c.slot] = true; }
    });
    var lastStopped = {};
    r.containerList.forEach(function (c) {
      if (c.stop !== undefined && c.stop <= t) {
        var since = zoneDownSince(r, c.zone, t);
        if (since !== null && c.stop >= since - 1e-6) { shown.push(c); return; }
        if (!slotsAlive[c.slot] && t - c.stop <= 120 && (!lastStopped[c.slot] || lastStopped[c.slot].stop < c.stop)) { lastStopped[c.slot] = c; }
      }
    });
    Object.keys(lastStopped).forEach(function (s) { if (shown.indexOf(lastStopped[s]) < 0) { shown.push(lastStopped[s]); } });
    shown.sort(function (a, b) { return a.slot - b.slot || a.id - b.id; });
    return shown;
  }

  // ---------- topology ----------
  var W = runs.length > 1 ? 640 : 960, H = 430;
  var MAX_SHOWN = runs.length > 1 ? 4 : 6; // containers drawn per zone; the rest in one box
  function box(x, y, w, h, fill, stroke, extra) {
    return '<rect x="' + x + '" y="' + y + '" width="' + w + '" height="' + h + '" rx="8" fill="' + fill + '" stroke="' + (stroke || '#444') + '" stroke-width="2"' + (extra || '') + '/>';
  }
  function text(x, y, s, size, extra) {
    return '<text x="' + x + '" y="' + y + '" font-size="' + (size || 18) + '" text-anchor="middle"' + (extra || '') + '>' + esc(s) + '</text>';
  }
  function drawTopology(r, t) {
    var nz = r.zones.length;
    var zw = (W - 20) / nz;
    var shown = visibleContainers(r, t);
    var db = database(r, t);
    var perZone = r.zones.map(function () { return []; });
    shown.forEach(function (c) { perZone[c.zone].push(c); });
    var svg = [];
    var labels = []; // drawn above the requests travelling, so that they stay readable
    var pos = {};
    var users = { x: W / 2, y: 30 }, lb = { x: W / 2, y: 92 };
    var front = [];
    front.push(box(W / 2 - 150, 8, 300, 42, '#f4f4f4'));
    front.push(text(W / 2, 36, 'Users: ' + num(r.clients) + ' clients', 19));
    front.push(box(W / 2 - 150, 70, 300, 44, '#E3F2FD'));
    front.push(text(W / 2, 99, 'Load balancer (' + r.policy + ')', 19));
    var zoneTop = 136, zoneBottom = H - 6;
    var storeY = r.storage === 'sqlite-per-container' ? null : 330;
    for (var z = 0; z < nz; z++) {
      var zx = 10 + z * zw;
      var up = zoneUp(r, z, t);
      svg.push('<g class="zone" data-zone="' + esc(r.zones[z]) + '" data-up="' + up + '">');
      svg.push(box(zx + 4, zoneTop, zw - 8, zoneBottom - zoneTop, up ? '#fafafa' : '#3a3a3a', up ? '#999' : '#000', ' stroke-dasharray="6 4"'));
      svg.push('<text x="' + (zx + 14) + '" y="' + (zoneTop + 22) + '" font-size="18" font-weight="600" fill="' + (up ? '#333' : '#fff') + '">' + esc(r.zones[z]) + (up ? '' : ': DOWN') + '</text>');
      svg.push('</g>');
      var cs = perZone[z];
      // A zone of hundreds of containers (a benchmark of 1,000 replicas) shows the ones not serving first, then the
      // others in slot order, up to MAX_SHOWN, and one box for the rest with their states counted.
      var hidden = [];
      if (cs.length > MAX_SHOWN) {
        var serving = function (c) { var s0 = containerState(c, t) || 'down'; return s0 === 'healthy' || s0 === 'running' ? 1 : 0; };
        var ordered = cs.slice().sort(function (a, b) { return serving(a) - serving(b) || a.slot - b.slot || a.id - b.id; });
        var keep = ordered.slice(0, MAX_SHOWN - 1);
        hidden = ordered.slice(MAX_SHOWN - 1);
        cs = cs.filter(function (c) { return keep.indexOf(c) >= 0; });
      }
      var n = Math.max(cs.length + (hidden.length > 0 ? 1 : 0), 1);
      var cw = Math.min(170, (zw - 20) / n - 8);
      cs.forEach(function (c, k) {
        var cx = zx + 10 + (zw - 20) * (k + 0.5) / n;
        var st = containerState(c, t) || 'down';
        pos[c.id] = { x: cx, y: 200 };
        var dead = st === 'down';
        svg.push('<g class="container" data-id="' + c.id + '" data-name="' + c.name + '" data-state="' + st + '" data-zone="' + esc(r.zones[c.zone]) + '">');
        svg.push(box(cx - cw / 2, 166, cw, r.storage === 'sqlite-per-container' ? 150 : 84, dead ? '#e0e0e0' : '#fff', STATE_COLOUR[st], dead ? ' stroke-dasharray="4 3"' : ''));
        svg.push('<rect x="' + (cx - cw / 2) + '" y="166" width="' + cw + '" height="8" rx="3" fill="' + STATE_COLOUR[st] + '"/>');
        labels.push(text(cx, 194, cw < 110 ? 'c-' + c.id : c.name, cw < 110 ? 16 : 17, ' font-weight="600"'));
        labels.push(text(cx, 216, STATE_WORDS[st].split(',')[0], 16, ' fill="' + (dead ? '#555' : '#111') + '"'));
        labels.push(text(cx, 238, 'app', 15, ' fill="#666"'));
        if (r.storage === 'sqlite-per-container') {
          var rec = dead ? null : records(r, c.id, t);
          svg.push('<g class="store" data-role="app.db" data-container="' + c.id + '" data-records="' + (rec === null ? '' : rec) + '">');
          svg.push(box(cx - cw / 2 + 8, 250, cw - 16, 56, dead ? '#ddd' : '#FFEBEE', '#D55E00'));
          labels.push(text(cx, 272, dead ? 'app.db deleted' : 'app.db', 15, dead ? ' text-decoration="line-through"' : ''));
          labels.push(text(cx, 294, dead ? '' : num(rec) + ' rows', 16, ' font-weight="600"'));
          svg.push('</g>');
          pos[c.id].db = { x: cx, y: 278 };
        }
        svg.push('</g>');
      });
      if (hidden.length > 0) {
        var hx = zx + 10 + (zw - 20) * (cs.length + 0.5) / n;
        var states = {};
        hidden.forEach(function (c) {
          var s1 = containerState(c, t) || 'down';
          states[s1] = (states[s1] || 0) + 1;
          pos[c.id] = { x: hx, y: 200, hidden: true, db: { x: hx, y: 278 } };
        });
        svg.push('<g class="more" data-count="' + hidden.length + '">');
        svg.push(box(hx - cw / 2, 166, cw, 84, '#fff', '#999', ' stroke-dasharray="4 3"'));
        svg.push('</g>');
        labels.push(text(hx, 194, '+' + num(hidden.length), 17, ' font-weight="600"'));
        labels.push(text(hx, 216, 'more', 16));
        labels.push(text(hx, 238, Object.keys(states).sort().map(function (k) { return num(states[k]) + ' ' + STATE_WORDS[k].split(',')[0]; }).join(', '), 13, ' fill="#666"'));
        pos['more-' + z] = { x: hx, y: 200 };
      }
      if (cs.length === 0 && hidden.length === 0) {
        svg.push(text(zx + zw / 2, 220, up ? 'no container' : '', 16, ' fill="#777"'));
      }
    }
    var store = null;
    if (r.storage !== 'sqlite-per-container' && r.storage !== 'sqlite-shared-file') {
      // A database server: the primary, its standby, its readers, laid out in their zones; a cache above.
      var items = r.zones.map(function () { return []; });
      var shared = records(r, 0, t);
      items[db.primary].push({ role: 'primary', up: db.up, lines: [r.storage === 'shared' ? 'PostgreSQL primary' : 'Primary', db.up ? num(shared) + ' records' : 'unavailable', r.storage === 'shared' ? (r.standby ? 'RDS Multi-AZ' : 'RDS single-AZ') : r.storage] });
      if (db.standbyZone >= 0 && db.standbyZone !== db.primary) {
        items[db.standbyZone].push({ role: 'standby', up: db.standbyUp, lines: ['Standby', db.standbyUp ? 'in sync' : 'none / down'] });
      }
      readersAt(r, t).forEach(function (x) {
        items[x.zone].push({ role: 'reader', up: x.up, lines: [r.storage === 'aurora' || r.storage === 'documentdb' ? 'Reader ' + (x.i + 1) : 'Read replica ' + (x.i + 1), x.up ? 'serving reads' : 'down'] });
      });
      var primaryAt = null, standbyAt = null;
      items.forEach(function (list, z) {
        var n = list.length;
        list.forEach(function (it, k) {
          var bw = Math.min(210, (zw - 20) / n - 8);
          var x = 10 + z * zw + 10 + (zw - 20) * (k + 0.5) / n;
          var dashed = it.role === 'primary' ? '' : ' stroke-dasharray="5 3"';
          svg.push('<g class="store" data-role="' + it.role + '" data-zone="' + esc(r.zones[z]) + '" data-up="' + it.up + '"' + (it.role === 'primary' ? ' data-records="' + shared + '"' : '') + '>');
          svg.push(box(x - bw / 2, storeY, bw, 80, it.up ? '#E8F5E9' : '#ddd', it.up ? '#009E73' : '#555', dashed));
          svg.push('</g>');
          it.lines.forEach(function (l, j) { labels.push(text(x, storeY + 24 + 22 * j, l, j === 0 ? 17 : (j === 2 ? 14 : 16), j === 0 ? ' font-weight="600"' : (j === 2 ? ' fill="#555"' : ''))); });
          if (it.role === 'primary') { primaryAt = { x: x, w: bw }; }
          if (it.role === 'standby') { standbyAt = { x: x, w: bw }; }
        });
      });
      if (primaryAt && standbyAt) {
        var right = standbyAt.x > primaryAt.x;
        svg.push('<line x1="' + (primaryAt.x + (right ? 1 : -1) * primaryAt.w / 2) + '" y1="' + (storeY + 40) + '" x2="' + (standbyAt.x - (right ? 1 : -1) * standbyAt.w / 2) + '" y2="' + (storeY + 40) + '" stroke="#009E73" stroke-width="3" stroke-dasharray="7 5"/>');
      }
      store = { x: primaryAt ? primaryAt.x : W / 2, y: storeY + 34 };
      if (r.rp.cacheZone >= 0) {
        var cup = cacheUp(r, t);
        var cx0 = 10 + r.rp.cacheZone * zw + zw / 2;
        svg.push('<g class="store" data-role="cache" data-zone="' + esc(r.zones[r.rp.cacheZone]) + '" data-up="' + cup + '">');
        svg.push(box(cx0 - 80, 266, 160, 40, cup ? '#FFF8E1' : '#ddd', cup ? '#E69F00' : '#555'));
        svg.push('</g>');
        labels.push(text(cx0, 292, cup ? 'Cache' : 'Cache: down', 16, ' font-weight="600"'));
      }
    } else if (r.storage === 'sqlite-shared-file') {
      // One SQLite file on a network filesystem, shared by every container.
      var fileRecords = records(r, 0, t);
      var file = r.storage === 'sqlite-shared-file';
      store = { x: W / 2, y: storeY + 34 };
      svg.push('<g class="store" data-role="' + (file ? 'shared-file' : 'shared') + '" data-up="' + db.up + '" data-records="' + fileRecords + '">');
      svg.push(box(40, storeY, W - 80, 70, file ? '#FFF8E1' : '#E8F5E9', file ? '#E69F00' : '#009E73'));
      labels.push(text(W / 2, storeY + 28, file ? 'app.db on a network filesystem: one writer at a time' : r.architecture, 17, ' font-weight="600"'));
      labels.push(text(W / 2, storeY + 52, num(fileRecords) + ' records', 16));
      svg.push('</g>');
    }
    // edges
    var edges = [];
    Object.keys(pos).forEach(function (k) {
      if (k.indexOf('more-') === 0) {
        edges.push('<line x1="' + lb.x + '" y1="' + (lb.y + 22) + '" x2="' + pos[k].x + '" y2="166" stroke="#999" stroke-width="2" stroke-dasharray="2 4"/>');
      }
    });
    shown.forEach(function (c) {
      var p = pos[c.id];
      if (p.hidden) { return; }
      var st = containerState(c, t) || 'down';
      var routed = st === 'healthy' || st === 'running';
      edges.push('<line x1="' + lb.x + '" y1="' + (lb.y + 22) + '" x2="' + p.x + '" y2="166" stroke="' + (routed ? '#666' : '#bbb') + '" stroke-width="2"' + (routed ? '' : ' stroke-dasharray="4 4"') + '/>');
      if (store && st !== 'down') {
        edges.push('<line x1="' + p.x + '" y1="250" x2="' + store.x + '" y2="' + (storeY) + '" stroke="#999" stroke-width="1.5"/>');
      }
    });
    edges.push('<line x1="' + users.x + '" y1="50" x2="' + lb.x + '" y2="70" stroke="#666" stroke-width="2"/>');
    // requests in flight, or just answered, near t
    var dots = [];
    // A request is drawn going out until it is answered (at the store, or where it failed), then coming back:
    // at least 0.15 s of real time each way, so that it can be seen at any speed.
    var win = Math.max(0.05, state.speed * 0.15);
    var stride = r.rp.sampleStride || 1;
    var from = lastAt(r.starts, t - win - 120) + 1;
    var to = lastAt(r.starts, t + win);
    var visible = [];
    for (var i = Math.max(from, 0); i <= to; i++) {
      var q = r.requests[i];
      // Only the uniform sample is drawn, so that the colours keep the outcomes' proportions; the rest of the
      // replay's requests are there to be followed across variants.
      if (q[0] % stride !== 0 && q[0] !== state.followed) { continue; }
      var start = Math.min(q[1], q[2] - win);
      if (t < start || t > q[2] + win) { continue; }
      visible.push(i);
    }
    if (visible.length > 150) {
      var kept = visible.slice(visible.length - 150);
      visible.forEach(function (k) { if (r.requests[k][0] === state.followed && kept.indexOf(k) < 0) { kept.push(k); } });
      visible = kept;
    }
    for (var v = 0; v < visible.length; v++) {
      var q = r.requests[visible[v]];
      var start = Math.min(q[1], q[2] - win);
      var f = t <= q[2] ? 0.5 * (q[2] - start === 0 ? 1 : (t - start) / (q[2] - start)) : 0.5 + 0.5 * (t - q[2]) / win;
      var path = [users, { x: lb.x, y: lb.y + 22 }];
      var target = pos[q[3]];
      if (q[3] > 0 && target) {
        path.push({ x: target.x, y: 166 });
        if (q[9] !== 2 && q[9] !== 1) {
          if (target.db) { path.push(target.db); } else if (store) { path.push(store); }
        }
      }
      var pt = along(path.concat(path.slice(0, -1).reverse()), f);
      var o = OUTCOMES[q[5]];
      if (q[0] === state.followed) {
        dots.push('<circle class="followed" cx="' + pt.x.toFixed(1) + '" cy="' + pt.y.toFixed(1) + '" r="17" fill="none" stroke="' + C[o] + '" stroke-width="4"/>');
      }
      dots.push('<circle class="req" data-outcome="' + o + '" cx="' + pt.x.toFixed(1) + '" cy="' + pt.y.toFixed(1) + '" r="7" fill="' + C[o] + '" stroke="#fff" stroke-width="1.5"><title>' +
        esc('#' + q[0] + ' at ' + clock(q[1]) + ': client ' + q[8] + ' ' + OPS[q[6]] + (q[6] === 0 ? '' : ' (row ' + q[7] + ')') + ': ' + describe(r, q)) + '</title></circle>');
    }
    return '<svg viewBox="0 0 ' + W + ' ' + H + '" role="img" aria-label="topology of ' + esc(r.name) + ' at ' + clock(t) + '">' + edges.join('') + svg.join('') + dots.join('') + labels.join('') + front.join('') + '</svg>';
  }
  function along(pts, f) {
    var len = 0, seg = [];
    for (var i = 1; i < pts.length; i++) { var d = Math.hypot(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y); seg.push(d); len += d; }
    var want = f * len;
    for (var j = 0; j < seg.length; j++) {
      if (want <= seg[j] || j === seg.length - 1) {
        var g = seg[j] === 0 ? 0 : Math.min(1, want / seg[j]);
        return { x: pts[j].x + (pts[j + 1].x - pts[j].x) * g, y: pts[j].y + (pts[j + 1].y - pts[j].y) * g };
      }
      want -= seg[j];
    }
    return pts[0];
  }

  // ---------- page ----------
  if (runs.length > 1) { document.body.classList.add('compare'); }
  $('title').textContent = 'ReplicaSim: ' + DATA.title + (runs.length > 1 ? ' (' + runs.length + ' variants, one clock)' : '');
  $('description').textContent = DATA.description;
  $('description').title = DATA.description;
  $('command').textContent = 'Reproduce: ' + DATA.command;
  // The scenario's question, and each run's answer folded away until asked for (predict first, then look), as
  // report.md opens with them.
  var asked = false, answers = null;
  runs.forEach(function (r) {
    var a = r.summary && r.summary.answer;
    if (!a) { return; }
    if (!asked && a.question) { $('answers').appendChild(el('p', null, 'Question: ' + a.question)); asked = true; }
    if (!answers) {
      answers = el('details', { 'class': 'answers' });
      answers.appendChild(el('summary', null, runs.length > 1 ? 'The answers, measured' : 'The answer, measured'));
      $('answers').appendChild(answers);
    }
    answers.appendChild(el('p', { 'class': 'answer' }, (runs.length > 1 ? r.name + ': ' : '') + a.text));
  });
  // The lesson's "RDS vs Self-Managed Database" table as report.md fills it, when the run counts the team's time.
  if (DATA.operations) {
    var ops = DATA.operations, sec = $('operations');
    sec.hidden = false;
    sec.appendChild(el('h2', null, ops.title));
    sec.appendChild(el('p', null, ops.intro));
    var table = el('table'), head = el('tr');
    head.appendChild(el('th', null, ''));
    ops.columns.forEach(function (c) { head.appendChild(el('th', { scope: 'col' }, c)); });
    var thead = el('thead'); thead.appendChild(head); table.appendChild(thead);
    var tbody = el('tbody');
    ops.rows.forEach(function (row, i) {
      var tr = el('tr', i === ops.rows.length - 1 ? { 'class': 'total' } : null);
      tr.appendChild(el('th', { scope: 'row' }, row[0]));
      row.slice(1).forEach(function (c) { tr.appendChild(el('td', null, c)); });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    sec.appendChild(table);
    if (ops.ranking) { sec.appendChild(el('p', null, ops.ranking)); }
  }
  $('clock-total').textContent = '/ ' + clock(TOTAL);
  var slider = $('slider');
  slider.max = String(Math.round(TOTAL * 1000));

  var counterRows = [
    ['requests', 'requests', null], ['ok', 'ok', C.ok], ['missing', 'missing', C.missing], ['stale', 'stale', C.stale], ['error', 'errors', C.error],
    ['acknowledged', 'acknowledged writes', C.acknowledged], ['lost', 'lost writes', C.lost]
  ];
  runs.forEach(function (r) {
    var div = el('div', { 'class': 'run', 'data-run': r.index, 'data-name': r.name });
    div.innerHTML = '<h2>' + esc(r.name) + ' <small>' + esc(r.architecture) + '</small></h2><div class="topology"></div>';
    var tiles = el('div', { 'class': 'counters' });
    tiles.innerHTML = counterRows.map(function (row) {
      return '<div class="c"><b data-counter="' + row[0] + '"' + (row[2] ? ' style="border-bottom-color:' + row[2] + '"' : '') + '>0</b><span>' + esc(row[1]) + '</span></div>';
    }).join('');
    div.appendChild(tiles);
    div.appendChild(el('div', { 'class': 'through muted', 'data-counter': 'through' }));
    $('runs').appendChild(div);
    r.div = div;
    r.topo = div.querySelector('.topology');
    r.cells = {};
    div.querySelectorAll('[data-counter]').forEach(function (td) { r.cells[td.getAttribute('data-counter')] = td; });
  });

  // markers and fault bands under the slider
  var allMarkers = [];
  runs.forEach(function (r) { r.markers.forEach(function (m) { allMarkers.push({ t: m.t, kind: m.kind, title: m.title, text: m.text, request: m.request, run: r }); }); });
  allMarkers.sort(function (a, b) { return a.t - b.t || a.run.index - b.run.index; });
  var faultTimes = [];
  var seenFault = {};
  runs.forEach(function (r) {
    r.faults.forEach(function (f) {
      if (!seenFault[f.start]) { seenFault[f.start] = true; faultTimes.push(f.start); }
      var band = el('div', { 'class': 'band', title: f.label + ' at ' + clock(f.start) });
      band.style.left = (100 * f.start / TOTAL) + '%';
      band.style.width = Math.max(0.3, 100 * (f.end - f.start) / TOTAL) + '%';
      $('strip').appendChild(band);
    });
  });
  faultTimes.sort(function (a, b) { return a - b; });
  var markerColour = { missing: C.missing, stale: C.stale, error: C.error, lost: C.lost, down: '#555' };
  allMarkers.forEach(function (m, i) {
    var mark = el('div', { 'class': 'mark', title: (runs.length > 1 ? m.run.name + ': ' : '') + m.title + ' at ' + clock(m.t) });
    mark.style.left = (100 * m.t / TOTAL) + '%';
    mark.style.background = markerColour[m.kind] || '#555';
    mark.addEventListener('click', function () { seek(m.t); });
    $('strip').appendChild(mark);
    var li = el('li', { 'data-kind': m.kind });
    li.innerHTML = '<span class="t">' + clock(m.t) + '</span>' + (runs.length > 1 ? '<b>' + esc(m.run.name) + '</b>: ' : '') + esc(m.title);
    li.addEventListener('click', function () { seek(m.t); });
    $('markers').appendChild(li);
    m.li = li;
    m.index = i;
  });

  // ---------- charts ----------
  function faultPlugin(r) {
    return {
      hooks: {
        drawAxes: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = C.fault;
          r.faults.forEach(function (f) {
            var x0 = u.valToPos(f.start, 'x', true), x1 = u.valToPos(Math.max(f.end, f.start + TOTAL * 0.004), 'x', true);
            ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
          });
          ctx.restore();
        }]
      }
    };
  }
  var plots = [];
  function axisTime() {
    return {
      // Up to a year: 90 days on a chart a third of the page wide needs ticks weeks apart (without them it had none).
      incrs: [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 172800, 604800,
        1209600, 2592000, 5184000, 7776000, 15552000, 31536000],
      values: function (u, splits) { return splits.map(function (v) { return v === null ? '' : shortClock(v); }); }, size: 40, font: '14px sans-serif', space: 70
    };
  }
  function makeChart(parent, r, title, series, data, yLabel) {
    var holder = el('div', { 'class': 'chart' });
    parent.appendChild(holder);
    var width = Math.max(300, holder.clientWidth || 400);
    // The y axis wide enough for its longest tick label ("1,000,000" in a year's run), at about 9 px a character.
    var top = 0;
    data.slice(1).forEach(function (ys) { ys.forEach(function (v) { if (v !== null && v !== undefined && Math.abs(v) > top) { top = Math.abs(v); } }); });
    var axisSize = Math.max(56, 30 + 9 * num(Math.ceil(top)).length);
    var opts = {
      title: title, width: width, height: 200,
      plugins: [faultPlugin(r)],
      cursor: { sync: { key: 'replicasim' }, drag: { x: false, y: false } },
      scales: { x: { time: false, min: 0, max: TOTAL } },
      axes: [axisTime(), { label: yLabel, labelSize: 22, font: '14px sans-serif', labelFont: '15px sans-serif', size: axisSize }],
      series: [{ label: 'time', value: function (u, v) { return v === null ? '' : clock(v); } }].concat(series)
    };
    var u = new uPlot(opts, data, holder);
    var line = el('div', { 'class': 'cursor' });
    u.over.appendChild(line);
    u.over.addEventListener('click', function () {
      if (u.cursor.left >= 0) { seek(u.posToVal(u.cursor.left, 'x')); }
    });
    plots.push({ u: u, line: line, holder: holder });
  }
  function exact(digits) { return function (u, v) { return v === null || v === undefined ? '-' : (digits ? v.toFixed(digits) : num(v)); }; }
  runs.forEach(function (r) {
    var row = el('div', { 'class': 'chart-row' });
    row.appendChild(el('h3', null, runs.length > 1 ? r.name + ': ' + r.architecture : 'Over time: ' + r.architecture));
    var charts = el('div', { 'class': 'charts' });
    row.appendChild(charts);
    $('charts').appendChild(row);
    var tl = r.timeline;
    var xs = tl.end;
    makeChart(charts, r, 'What each request got (per ' + span(r.bucket) + ')', OUTCOMES.map(function (o) {
      return { label: o, stroke: C[o], width: 2, value: exact(0), fill: o === 'ok' ? 'rgba(0,158,115,0.08)' : undefined };
    }), [xs].concat(OUTCOMES.map(function (o) { return tl[o]; })), 'requests');
    makeChart(charts, r, 'Writes kept and lost (running totals)', [
      { label: 'acknowledged', stroke: C.acknowledged, width: 2, value: exact(0) },
      { label: 'lost', stroke: C.lost, width: 3, value: exact(0) }
    ], [xs, r.cum.acknowledged, r.cum.lost], 'writes');
    var lat = r.latency;
    makeChart(charts, r, 'Response time per ' + span(lat.span) + ' (ms)', [
      { label: 'p50', stroke: C.p50, width: 2, value: exact(1), spanGaps: false },
      { label: 'p99', stroke: C.p99, width: 2, value: exact(1), spanGaps: false }
    ], [lat.end, lat.p50, lat.p99], 'ms');
    var db = tl.database;
    if (db) {
      // The database chart's series (database.png): CPU and connections, then each credit balance.
      var dbSeries = [], dbData = [xs];
      if (db.cpuBusyPercent) { dbSeries.push({ label: 'writer CPU busy %', stroke: '#0072B2', width: 2, value: exact(1) }); dbData.push(db.cpuBusyPercent); }
      if (db.connections) { dbSeries.push({ label: 'connections open (most)', stroke: '#CC79A7', width: 2, value: exact(0) }); dbData.push(db.connections); }
      if (dbSeries.length) { makeChart(charts, r, 'Database: writer CPU busy and connections', dbSeries, dbData, '% / connections'); }
      if (db.cpuCredits) { makeChart(charts, r, 'CPU credit balance', [{ label: 'vCPU-minutes', stroke: '#0072B2', width: 2, value: exact(2) }], [xs, db.cpuCredits], 'vCPU-minutes'); }
      if (db.ioCreditsMillions) { makeChart(charts, r, 'gp2 I/O credit balance', [{ label: 'millions', stroke: '#0072B2', width: 2, value: exact(3) }], [xs, db.ioCreditsMillions], 'millions'); }
      if (db.volumeUsedGiB) {
        makeChart(charts, r, 'Database volume: used and allocated', [
          { label: 'used GiB', stroke: '#0072B2', width: 2, value: exact(2) },
          { label: 'allocated GiB', stroke: '#CC79A7', width: 2, value: exact(1) }
        ], [xs, db.volumeUsedGiB, db.volumeAllocatedGiB], 'GiB');
      }
    }
  });
  // Each chart took its holder's width when it was made, before the charts after it shared the row: size them all
  // again now that every one is in place, and whenever the window changes.
  function fitCharts() {
    plots.forEach(function (p) { p.u.setSize({ width: Math.max(300, p.holder.clientWidth), height: 200 }); });
  }
  fitCharts();
  window.addEventListener('resize', function () {
    fitCharts();
    render();
  });

  // ---------- the clock ----------
  function currentMarker(t) {
    var cur = null;
    allMarkers.forEach(function (m) { if (m.t <= t + 1e-6) { cur = m; } });
    return cur;
  }
  function render() {
    var t = state.t;
    $('clock').textContent = clock(t);
    slider.value = String(Math.round(t * 1000));
    var current = currentMarker(t);
    state.followed = current && current.request !== undefined ? current.request : null;
    runs.forEach(function (r) {
      r.topo.innerHTML = drawTopology(r, Math.min(t, r.duration));
      var c = counters(r, t);
      Object.keys(r.cells).forEach(function (k) {
        r.cells[k].textContent = k === 'through' ? 'requests that arrived by ' + clock(c.through) + ' (' + span(r.bucket) + ' buckets); dots: 1 request in ' + num(r.rp.sampleStride || 1) : num(c[k]);
      });
    });
    plots.forEach(function (p) {
      var x = p.u.valToPos(t, 'x');
      p.line.style.left = x + 'px';
    });
    var cur = currentMarker(t);
    allMarkers.forEach(function (m) {
      m.li.className = m === cur ? 'current' : (m.t <= t ? 'past' : '');
    });
    // The latest marked moment of each run, newest first.
    var latest = runs.map(function (r) {
      var last = null;
      allMarkers.forEach(function (m) { if (m.run === r && m.t <= t + 1e-6) { last = m; } });
      return last;
    }).filter(function (m) { return m; }).sort(function (a, b) { return b.t - a.t; });
    var now = $('now');
    if (latest.length > 0) {
      now.innerHTML = latest.map(function (m) {
        return '<div class="card" style="border-left-color:' + (markerColour[m.kind] || '#555') + '" data-kind="' + m.kind + '" data-run="' + esc(m.run.name) + '"><b>' +
          esc((runs.length > 1 ? m.run.name + ': ' : '') + m.title + ' at ' + clock(m.t)) + '</b>' + esc(m.text) + sameRequest(m) + '</div>';
      }).join('');
    } else {
      now.innerHTML = '<div class="card"><b>' + clock(t) + '</b>' + esc(runs[0].narrative[0] || '') + ' Press play, or step to the next fault or anomaly.</div>';
    }
    var ev = $('events');
    var items = [];
    runs.forEach(function (r) {
      var i = lastAt(r.log, t);
      for (var k = i; k >= 0 && k > i - 5; k--) { items.push([r.log[k][0], (runs.length > 1 ? r.name + ': ' : '') + r.log[k][1]]); }
    });
    items.sort(function (a, b) { return b[0] - a[0]; });
    ev.innerHTML = items.slice(0, 6).map(function (e) { return '<li><span class="t">' + clock(e[0]) + '</span>' + esc(e[1]) + '</li>'; }).join('');
  }
  // What one request did in every variant (when each kept it in its sample).
  function describe(r, q) {
    var o = OUTCOMES[q[5]];
    var where = q[3] > 0 ? ' via container-' + q[3] + ' (' + r.zones[q[4]] + ')' : '';
    var what = o === 'ok' ? 'ok' : o === 'missing' ? 'missing: "not found"' : o === 'stale' ? 'stale data' : 'error: ' + (r.rp.errorReasons[q[9]] || '');
    return what + where;
  }
  function sameRequest(m) {
    if (m.request === undefined || runs.length < 2) { return ''; }
    var q0 = m.run.byId[m.request];
    var head = q0 ? 'client ' + q0[8] + ' ' + OPS[q0[6]] + (q0[6] === 0 ? '' : ' (row ' + q0[7] + ')') : '';
    return '<div class="same">The same request #' + m.request + (head ? ', ' + esc(head) : '') + ', in each variant:<ul>' + runs.map(function (r) {
      var q = r.byId[m.request];
      var o = q ? OUTCOMES[q[5]] : '';
      return '<li data-same-run="' + esc(r.name) + '" data-outcome="' + o + '"><span class="dot" style="background:' + (q ? C[o] : '#fff') + '"></span><b>' + esc(r.name) + '</b>: ' +
        esc(q ? describe(r, q) : 'not in this variant\'s sample') + '</li>';
    }).join('') + '</ul></div>';
  }
  function seek(t) {
    state.t = Math.max(0, Math.min(TOTAL, t));
    render();
  }
  function setPlaying(p) {
    state.playing = p && state.t < TOTAL;
    $('play').innerHTML = state.playing ? '&#10074;&#10074; Pause' : '&#9654; Play';
    if (state.playing) { state.lastFrame = performance.now(); requestAnimationFrame(frame); }
  }
  function frame(now) {
    if (!state.playing) { return; }
    var dt = Math.min(0.25, (now - state.lastFrame) / 1000);
    state.lastFrame = now;
    state.t = Math.min(TOTAL, state.t + dt * state.speed);
    render();
    if (state.t >= TOTAL) { setPlaying(false); return; }
    requestAnimationFrame(frame);
  }
  function nextOf(times, t) {
    for (var i = 0; i < times.length; i++) { if (times[i] > t + 1e-3) { return times[i]; } }
    return null;
  }
  function nextFault() { var n = nextOf(faultTimes, state.t); if (n !== null) { seek(n); } }
  function prevFault() {
    var p = null;
    faultTimes.forEach(function (f) { if (f < state.t - 1e-3) { p = f; } });
    seek(p === null ? 0 : p);
  }
  function nextAnomaly() { var n = nextOf(allMarkers.map(function (m) { return m.t; }), state.t); if (n !== null) { seek(n); } }
  var bucket = Math.min.apply(null, runs.map(function (r) { return r.bucket; }));

  slider.addEventListener('input', function () { seek(Number(slider.value) / 1000); });
  $('play').addEventListener('click', function () { setPlaying(!state.playing); });
  $('speed').addEventListener('change', function () { state.speed = Number($('speed').value); render(); });
  $('next-fault').addEventListener('click', nextFault);
  $('prev-fault').addEventListener('click', prevFault);
  $('next-anomaly').addEventListener('click', nextAnomaly);
  document.addEventListener('keydown', function (e) {
    if (e.target && e.target.tagName === 'SELECT') { return; }
    // A focused button acts on space and Enter itself.
    if (e.target && e.target.tagName === 'BUTTON' && (e.key === ' ' || e.key === 'Enter')) { return; }
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var handled = true;
    if (e.key === ' ' || e.code === 'Space') { setPlaying(!state.playing); }
    else if (e.key === 'ArrowRight') { seek(state.t + bucket * (e.shiftKey ? 10 : 1)); }
    else if (e.key === 'ArrowLeft') { seek(state.t - bucket * (e.shiftKey ? 10 : 1)); }
    else if (e.key === 'f') { nextFault(); }
    else if (e.key === 'F') { prevFault(); }
    else if (e.key === 'a' || e.key === 'A') { nextAnomaly(); }
    else if (e.key === 'Home') { seek(0); }
    else if (e.key === 'End') { seek(TOTAL); }
    else { handled = false; }
    if (handled) { e.preventDefault(); }
  });

  // #t=SECONDS opens the page at that instant (for links and screenshots).
  var m = /[#&]t=([0-9.]+)/.exec(location.hash);
  // A long run starts at the slowest speed that plays it in ten minutes or less (a year at x100 takes three days).
  var speeds = $('speed');
  for (var i = 0; i < speeds.options.length; i++) {
    if (TOTAL / Number(speeds.options[i].value) <= 600 && Number(speeds.options[i].value) >= 100) { speeds.selectedIndex = i; break; }
    if (i === speeds.options.length - 1) { speeds.selectedIndex = i; }
  }
  state.speed = Number(speeds.value);
  seek(m ? Number(m[1]) : 0);
  window.replicasim = { seek: seek, data: DATA, plots: plots, counters: function (i, t) { return counters(runs[i], t); } };
})();
