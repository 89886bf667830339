// ReplicaSim playground: the page. The simulator runs in worker.js (WebAssembly, a Web Worker); this script
// holds the experiment (one scenario as JSON), its knobs and faults, and shows each run with report.html's own
// view (built by the same code as the CLI's report.html) in a frame, before and after side by side.
(function () {
  'use strict';

  // Library scenarios longer than this are shortened on this page, so that a run answers in a few seconds
  // (WebAssembly runs the engine about 10-15 times slower than the CLI); the Duration knob sets it back.
  var PAGE_DURATION = '30m';
  var PAGE_DURATION_SECONDS = 1800;

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function pct(v) { return (100 * v).toFixed(1) + ' %'; }
  function num(v) { return Number(v).toLocaleString('en-US'); }
  function status(text, isError) { $('status').textContent = text; $('status').className = isError ? 'error' : ''; }

  // ---------- the worker ----------
  var worker = null, nextId = 0, pending = {}, readyPromise = null, onProgress = null;
  function startWorker() {
    try {
      worker = new Worker('worker.js', { type: 'module' });
    } catch (err) {
      // A page opened from a file: browsers refuse its worker (a SecurityError); the start below says why.
      readyPromise = Promise.reject(err);
      return readyPromise;
    }
    readyPromise = new Promise(function (resolve, reject) {
      worker.onmessage = function (e) {
        var m = e.data;
        if (m.type === 'ready') { resolve(); return; }
        if (m.type === 'fatal') { reject(new Error(m.message)); return; }
        if (m.type === 'progress') { if (onProgress) { onProgress(m.share); } return; }
        var p = pending[m.id];
        if (!p) { return; }
        delete pending[m.id];
        if (m.type === 'result') { p.resolve(m.result); } else { p.reject(new Error(m.message)); }
      };
      worker.onerror = function (e) { reject(new Error(e.message || 'the simulator could not start')); };
    });
    return readyPromise;
  }
  function call(op) {
    var args = Array.prototype.slice.call(arguments, 1);
    return readyPromise.then(function () {
      return new Promise(function (resolve, reject) {
        var id = ++nextId;
        pending[id] = { resolve: resolve, reject: reject };
        worker.postMessage({ id: id, op: op, args: args });
      });
    }).then(function (text) { return JSON.parse(text); });
  }
  function cancel() {
    worker.terminate();
    Object.keys(pending).forEach(function (id) { pending[id].reject(new Error('cancelled')); });
    pending = {};
    startWorker();
  }

  // ---------- the JavaScript API, for course pages and tests ----------
  function seedArg(seed) { return seed === undefined || seed === null ? null : Number(seed); }
  function runText(scenarioJson, seed, variant) {
    var json = typeof scenarioJson === 'string' ? scenarioJson : JSON.stringify(scenarioJson);
    return call('Run', json, '', seedArg(seed), variant || '', 0, false).then(function (r) {
      if (!r.ok) { throw new Error(r.errors.map(function (x) { return x.text; }).join('\n')); }
      return r.summary;
    });
  }
  window.replicasim = {
    /** Resolves when the simulator has loaded. */
    ready: null,
    /** How many runs the page has finished and shown (for tests and course pages that wait on it). */
    completedRuns: 0,
    /** Runs a scenario (JSON text or object) with a seed (optional: the scenario's own) and, for a file with variants, one of them; resolves to its summary (summary.json as an object). */
    run: function (scenarioJson, seed, variant) { return runText(scenarioJson, seed, variant).then(JSON.parse); },
    /** The same, as summary.json's exact text. */
    runText: runText,
    /** The loader's located messages for a scenario's text; [] when it is valid. */
    validate: function (scenarioJson) { return call('Validate', scenarioJson).then(function (r) { return r.errors; }); },
    /** The scenario library: file, name, question, description, variants, text. */
    library: function () { return readyPromise.then(function () { return library; }); },
  };

  // ---------- the experiment ----------
  var library = [];
  var state = { json: '', label: '', last: null, before: null, running: false, dirty: false };

  function parsed() {
    try { return JSON.parse(state.json); } catch (e) { return null; }
  }
  function setJson(text, fromEditor) {
    state.json = text;
    if (!fromEditor) { $('editor').value = text; }
    syncKnobs();
  }
  function edit(change) {
    var o = parsed();
    if (!o) { status('The JSON has comments or an error, so the knobs cannot change it: fix it in the editor.', true); return; }
    change(o);
    setJson(JSON.stringify(o, null, 2));
    run();
  }
  function get(o, path, dflt) {
    var v = o;
    for (var i = 0; i < path.length; i++) { if (v === null || typeof v !== 'object' || !(path[i] in v)) { return dflt; } v = v[path[i]]; }
    return v;
  }
  function put(o, path, value) {
    var v = o;
    for (var i = 0; i < path.length - 1; i++) { if (typeof v[path[i]] !== 'object' || v[path[i]] === null) { v[path[i]] = {}; } v = v[path[i]]; }
    if (value === undefined) { delete v[path[path.length - 1]]; } else { v[path[path.length - 1]] = value; }
  }
  var KNOBS = [
    { id: 'k-replicas', path: ['service', 'replicas'], dflt: 2, kind: 'int' },
    { id: 'k-storage', path: ['storage', 'kind'], dflt: 'sqlite-per-container' },
    { id: 'k-standby', path: ['storage', 'standby'], dflt: false, kind: 'bool' },
    { id: 'k-readReplicas', path: ['storage', 'readReplicas'], dflt: 0, kind: 'int' },
    { id: 'k-readFrom', path: ['storage', 'readFrom'], dflt: 'primary' },
    { id: 'k-consistentReads', path: ['storage', 'consistentReads'], dflt: false, kind: 'bool' },
    { id: 'k-instance', path: ['storage', 'instanceClass'], dflt: '' },
    { id: 'k-policy', path: ['loadBalancer', 'policy'], dflt: 'round-robin' },
    { id: 'k-rate', path: ['workload', 'arrivalRate'], dflt: 10, kind: 'number' },
    { id: 'k-duration', path: ['duration'], dflt: '2h' },
    { id: 'k-seed', path: ['seed'], dflt: 1, kind: 'int' },
  ];
  // The storage kinds' options, as the scenario loader accepts them (StoragePresets: which kinds take a standby,
  // read replicas, readers to read from, eventually consistent reads).
  function takesStandby(kind) { return kind === 'shared' || kind === 'rds'; }
  function takesReadReplicas(kind) { return kind === 'shared' || kind === 'rds' || kind === 'aurora' || kind === 'documentdb' || kind === 'ec2-postgresql'; }
  function hasReaders(kind, readReplicas) { return kind === 'rds-multi-az-cluster' || (takesReadReplicas(kind) && readReplicas > 0); }
  /** Drops the storage options that the scenario's (new) kind does not take, so that a change of kind stays valid. */
  function keepValidStorageOptions(o) {
    var kind = get(o, ['storage', 'kind'], 'sqlite-per-container');
    if (!takesStandby(kind)) { put(o, ['storage', 'standby'], undefined); }
    if (kind.indexOf('sqlite') === 0 || kind === 'dynamodb') { put(o, ['storage', 'instanceClass'], undefined); }
    if (!takesReadReplicas(kind) || get(o, ['storage', 'readReplicas'], 0) === 0) { put(o, ['storage', 'readReplicas'], undefined); }
    if (!hasReaders(kind, get(o, ['storage', 'readReplicas'], 0))) { put(o, ['storage', 'readFrom'], undefined); }
    if (kind !== 'dynamodb') { put(o, ['storage', 'consistentReads'], undefined); }
  }
  function syncKnobs() {
    var o = parsed();
    KNOBS.forEach(function (k) {
      var input = $(k.id);
      input.disabled = !o;
      if (!o) { return; }
      var v = get(o, k.path, k.dflt);
      if (k.kind === 'bool') { input.checked = !!v; } else { input.value = v; }
    });
    var kind = o ? get(o, ['storage', 'kind'], 'sqlite-per-container') : '';
    $('k-standby').disabled = !o || !takesStandby(kind);
    $('k-instance').disabled = !o || kind.indexOf('sqlite') === 0 || kind === 'dynamodb';
    $('k-readReplicas').disabled = !o || !takesReadReplicas(kind);
    $('k-readFrom').disabled = !o || !hasReaders(kind, get(o, ['storage', 'readReplicas'], 0));
    $('k-consistentReads').disabled = !o || kind !== 'dynamodb';
    var faults = $('faults');
    faults.textContent = '';
    (o && Array.isArray(o.faults) ? o.faults : []).forEach(function (f, i) {
      var li = el('li', { 'data-kind': f.kind }, (f.at ? 'at ' + f.at : 'every ' + JSON.stringify(f.every)) + ': ' + f.kind +
        (f.replica ? ' (replica ' + f.replica + ')' : '') + (f.zone ? ' (' + f.zone + (f.duration ? ', ' + f.duration : '') + ')' : '') + (f.note ? ': ' + f.note : ''));
      var rm = el('button', { type: 'button', title: 'remove this fault' }, 'remove');
      rm.addEventListener('click', function () { edit(function (x) { x.faults.splice(i, 1); if (x.faults.length === 0) { delete x.faults; } }); });
      li.appendChild(rm);
      faults.appendChild(li);
    });
    $('faults-none').hidden = !!(o && o.faults && o.faults.length);
  }
  KNOBS.forEach(function (k) {
    $(k.id).addEventListener('change', function () {
      var input = $(k.id);
      var v = k.kind === 'bool' ? input.checked : k.kind === 'int' ? parseInt(input.value, 10) : k.kind === 'number' ? Number(input.value) : input.value;
      if ((k.kind === 'int' || k.kind === 'number') && !isFinite(v)) { return; }
      edit(function (o) {
        put(o, k.path, v === '' ? undefined : v);
        if (k.path[0] === 'storage') { keepValidStorageOptions(o); }
      });
    });
  });

  // ---------- running ----------
  function showMessages(errors) {
    var list = $('messages');
    list.textContent = '';
    list.className = errors.length ? '' : 'valid';
    if (errors.length === 0) { list.appendChild(el('li', {}, 'valid')); }
    errors.forEach(function (e) { list.appendChild(el('li', {}, e.text)); });
    if (errors.length) { $('editor-box').open = true; }
  }
  function run() {
    if (state.running) { cancel(); }
    var json = state.json;
    state.running = true;
    $('cancel').disabled = false;
    $('progress').value = 0;
    status('Running\u2026');
    var started = performance.now();
    onProgress = function (share) { $('progress').value = share; };
    return call('Run', json, state.label, null, '', 100, true).then(function (r) {
      state.running = false;
      $('cancel').disabled = true;
      if (!r.ok) {
        showMessages(r.errors);
        status('The scenario has ' + r.errors.length + ' problem(s): see the messages under the JSON.', true);
        return null;
      }
      showMessages([]);
      $('progress').value = 1;
      var result = { id: r.id, json: json, summary: JSON.parse(r.summary), text: r.summary, seconds: (performance.now() - started) / 1000 };
      if (state.last && state.last.json !== json) { state.before = state.last; }
      state.last = result;
      updateLink();
      return show().then(function () {
        window.replicasim.completedRuns++;
        status('Ran ' + num(result.summary.requests.total) + ' requests (' + result.summary.simulatedSeconds / 60 + ' simulated minutes) in ' + result.seconds.toFixed(1) + ' s.' +
          (state.before ? ' Before and after, side by side; the same seed, so the same traffic and faults.' : ''));
        return result;
      });
    }, function (err) {
      state.running = false;
      $('cancel').disabled = true;
      if (err.message === 'cancelled') { status('Cancelled.'); return null; }
      status('The simulator failed: ' + err.message, true);
      return null;
    });
  }

  function row(name, s) {
    var tr = el('tr', { 'data-run': name });
    var req = s.requests, total = Math.max(req.total, 1);
    var last = s.answer && s.answer.values && s.answer.values.length ? s.answer.values[s.answer.values.length - 1] : null;
    var a = last ? last.value : null;
    var cells = [
      ['name', name],
      ['answer', a === null ? '-' : (s.answer.figure.indexOf('/') >= 0 || (a >= 0 && a <= 1 && s.answer.figure !== 'writesLost') ? pct(a) : num(a)), a],
      ['missing', pct(req.missing / total), req.missing / total],
      ['stale', pct(req.stale / total), req.stale / total],
      ['error', pct(req.error / total), req.error / total],
      ['lost', num(s.writes.lost), s.writes.lost],
      ['downtime', s.downtime.seconds.toFixed(0) + ' s', s.downtime.seconds],
      ['availability', pct(s.availability), s.availability],
      ['correctness', pct(s.correctness), s.correctness],
      ['p99', s.latencyMs.p99.toFixed(0) + ' ms', s.latencyMs.p99],
    ];
    cells.forEach(function (c) {
      var td = el('td', { 'data-metric': c[0] }, c[1]);
      if (c.length > 2 && c[2] !== null) { td.setAttribute('data-value', String(c[2])); }
      if (c[0] === 'answer' && last && last.requests !== undefined) { td.setAttribute('data-requests', String(last.requests)); td.title = s.answer.figure + ' over ' + num(last.requests) + ' requests'; }
      tr.appendChild(td);
    });
    return tr;
  }
  function show() {
    var body = $('results').tBodies[0];
    body.textContent = '';
    var runs = state.before ? [['before', state.before], ['after', state.last]] : [['this run', state.last]];
    runs.forEach(function (x) { body.appendChild(row(x[0] === 'this run' ? 'after' : x[0], x[1].summary)); });
    if (!state.before) { body.rows[0].cells[0].textContent = 'this run'; }
    var s = state.last.summary;
    $('answer').textContent = s.answer ? s.answer.question + ' ' + s.answer.text : '';
    var o = parsed() || {};
    return call('Report', runs.map(function (x) { return x[1].id; }), runs.map(function (x) { return x[0]; }).join('\n'),
      (o.name || 'experiment') + ': before and after', 'The same scenario and seed, before and after the change.').then(function (r) {
      if (!r.ok) { status(r.errors.map(function (e) { return e.text; }).join('; '), true); return; }
      var frame = $('view');
      return new Promise(function (resolve) {
        frame.onload = function () { wireFrame(frame); resolve(); };
        frame.srcdoc = r.html;
      });
    });
  }

  // ---------- click the picture to add a fault ----------
  function seconds(t) { return Math.max(1, Math.round(t)) + 's'; }
  function wireFrame(frame) {
    var doc = frame.contentDocument, win = frame.contentWindow;
    if (!doc || !win.replicasim) { return; }
    var style = doc.createElement('style');
    style.textContent = '.container, .zone, .store[data-role="primary"], .store[data-role="shared-file"] { cursor: crosshair; } .container:hover rect, .zone:hover rect { stroke-width: 4; }' +
      // The frame is narrower than a projector's page: three runs (the lesson's comparison) still share one row,
      // and a run alone on a row is not drawn larger than the others.
      ' #runs > .run { min-width: 300px; } .run svg { max-height: 430px; }';
    doc.head.appendChild(style);
    var data = win.replicasim.data;
    doc.addEventListener('click', function (e) {
      var target = e.target.closest ? e.target.closest('.container, .zone, .store[data-role="primary"], .store[data-role="shared-file"]') : null;
      if (!target) { return; }
      var t = Number(doc.getElementById('slider').value) / 1000; // report.html's slider counts simulated milliseconds
      var fault = null;
      if (target.classList.contains('container')) {
        var id = Number(target.getAttribute('data-id')), slot = null;
        data.runs.forEach(function (r) { r.replay.containers.forEach(function (c) { if (c[1] === id && slot === null) { slot = c[2]; } }); });
        if (slot === null) { return; }
        fault = { at: seconds(t), kind: 'container-crash', replica: slot + 1, note: 'clicked in the playground' };
      } else if (target.classList.contains('zone')) {
        fault = { at: seconds(t), kind: 'zone-outage', zone: target.getAttribute('data-zone'), duration: '10m', note: 'clicked in the playground' };
      } else {
        fault = { at: seconds(t), kind: 'database-failure', note: 'clicked in the playground' };
      }
      e.preventDefault();
      e.stopPropagation();
      edit(function (o) { o.faults = (o.faults || []).concat([fault]); });
    }, true);
  }

  // ---------- picking, sharing, downloading ----------
  function pick(value) {
    var parts = value.split('|');
    var entry = library.filter(function (x) { return x.file === parts[0]; })[0];
    if (!entry) { return Promise.resolve(); }
    return call('Resolve', entry.text, entry.file, parts[1] || '').then(function (r) {
      if (!r.ok) { status(r.errors.map(function (e) { return e.text; }).join('; '), true); return null; }
      var o = JSON.parse(r.json);
      delete o.$schema;
      if (parts[1]) { o.name = entry.name + '-' + parts[1]; }
      $('note').textContent = shorten(o);
      $('question').textContent = entry.question;
      state.entry = entry;
      $('variants').hidden = entry.variants.length < 2;
      state.label = '';
      state.before = null;
      state.last = null;
      setJson(JSON.stringify(o, null, 2));
      return run();
    });
  }
  /**
   * Shortens a library scenario to the page's duration, but never before the end of its last timed fault plus
   * ten minutes (the story stays whole); returns what the page says about it.
   */
  function shorten(o) {
    var secs = durationSeconds(o.duration);
    var keep = PAGE_DURATION_SECONDS;
    (Array.isArray(o.faults) ? o.faults : []).forEach(function (f) {
      if (f && f.at !== undefined) { keep = Math.max(keep, durationSeconds(f.at) + durationSeconds(f.duration || '0s') + 600); }
    });
    if (secs <= keep) { return ''; }
    var was = o.duration;
    o.duration = keep === PAGE_DURATION_SECONDS ? PAGE_DURATION : Math.ceil(keep / 60) + 'm';
    return 'This page shortens the scenario from ' + was + ' to ' + o.duration + ' (its faults all fall before) so that a run answers in seconds; set Duration back to ' + was + ' for the full run (what the CLI does).';
  }

  /** The lesson's comparison: every variant of the picked file, on its seed, side by side (shortened as above). */
  function compareVariants() {
    var entry = state.entry;
    if (!entry || entry.variants.length < 2) { return Promise.resolve(null); }
    if (state.running) { cancel(); }
    state.running = true;
    $('cancel').disabled = false;
    var started = performance.now();
    var ids = [], summaries = [], n = entry.variants.length;
    status('Running ' + n + ' variants…');
    var chain = Promise.resolve();
    entry.variants.forEach(function (v, i) {
      chain = chain.then(function () {
        onProgress = function (share) { $('progress').value = (i + share) / n; };
        return call('Resolve', entry.text, entry.file, v);
      }).then(function (r) {
        var o = JSON.parse(r.json);
        delete o.$schema;
        o.name = entry.name + '-' + v;
        shorten(o);
        return call('Run', JSON.stringify(o), '', null, '', 100, true);
      }).then(function (r) {
        if (!r.ok) { throw new Error(r.errors.map(function (x) { return x.text; }).join('; ')); }
        ids.push(r.id);
        summaries.push(JSON.parse(r.summary));
      });
    });
    return chain.then(function () {
      var seconds = (performance.now() - started) / 1000;
      state.running = false;
      $('cancel').disabled = true;
      var body = $('results').tBodies[0];
      body.textContent = '';
      summaries.forEach(function (s, i) { body.appendChild(row(entry.variants[i], s)); });
      $('answer').textContent = entry.question;
      return call('Report', ids, entry.variants.join('\n'), entry.name + ': every variant', entry.description).then(function (r) {
        return new Promise(function (resolve) {
          var frame = $('view');
          frame.onload = function () { wireFrame(frame); resolve(); };
          frame.srcdoc = r.html;
        });
      }).then(function () {
        window.replicasim.completedRuns++;
        window.replicasim.lastComparisonSeconds = seconds;
        status('Ran the ' + n + ' variants of ' + entry.name + ' in ' + seconds.toFixed(1) + ' s, on one seed, side by side.');
      });
    }, function (err) {
      state.running = false;
      $('cancel').disabled = true;
      status(err.message === 'cancelled' ? 'Cancelled.' : 'The simulator failed: ' + err.message, err.message !== 'cancelled');
    });
  }
  $('variants').addEventListener('click', compareVariants);

  function durationSeconds(d) {
    var m = /^([0-9.]+)\s*(ms|s|m|h|d)?$/.exec(String(d || '').trim());
    if (!m) { return 0; }
    return Number(m[1]) * ({ ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2] || 's']);
  }
  function toBase64Url(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function fromBase64Url(text) {
    var s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { bytes[i] = s.charCodeAt(i); }
    return bytes;
  }
  function compress(text) {
    var stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  function decompress(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).text();
  }
  function updateLink() {
    return compress(state.json).then(function (bytes) {
      history.replaceState(null, '', '#scenario=' + toBase64Url(bytes));
    });
  }
  $('share').addEventListener('click', function () {
    updateLink().then(function () {
      var done = function () { status('The link to this experiment is in the address bar' + (navigator.clipboard ? ' and on the clipboard.' : '.')); };
      if (navigator.clipboard && navigator.clipboard.writeText) { navigator.clipboard.writeText(location.href).then(done, done); } else { done(); }
    });
  });
  $('download').addEventListener('click', function () {
    var o = parsed() || {};
    var a = el('a', { download: (o.name || 'experiment') + '.json', href: URL.createObjectURL(new Blob([state.json + '\n'], { type: 'application/json' })) });
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  /** Opens the experiment in the URL's #scenario= fragment (a shared link) and runs it. */
  function openLink() {
    var hash = /^#scenario=(.+)$/.exec(location.hash);
    if (!hash) { return Promise.resolve(null); }
    return decompress(fromBase64Url(hash[1])).then(function (text) {
      if (text === state.json) { return null; }
      $('note').textContent = 'The experiment from the link.';
      state.before = null;
      state.last = null;
      setJson(text);
      return run();
    }, function () {
      status('The link does not hold an experiment this page can read (cut short when it was copied?).', true);
      return null;
    });
  }
  $('run').addEventListener('click', function () { run(); });
  $('cancel').addEventListener('click', function () { if (state.running) { state.running = false; $('cancel').disabled = true; cancel(); status('Cancelled.'); } });
  $('baseline').addEventListener('click', function () { state.before = null; if (state.last) { show(); } });
  $('apply').addEventListener('click', function () {
    setJson($('editor').value, true);
    call('Validate', state.json).then(function (r) {
      showMessages(r.errors);
      if (r.errors.length === 0) { run(); } else { status('The scenario has ' + r.errors.length + ' problem(s): see the messages under the JSON.', true); }
    });
  });
  $('scenario').addEventListener('change', function () { pick($('scenario').value); });

  // ---------- start ----------
  var started = performance.now();
  window.replicasim.ready = startWorker().then(function () {
    window.replicasim.loadedSeconds = (performance.now() - started) / 1000;
    return call('Library');
  }).then(function (list) {
    library = list;
    window.replicasim.librarySeconds = (performance.now() - started) / 1000;
    var select = $('scenario');
    list.forEach(function (s) {
      if (s.variants.length === 0) {
        select.appendChild(el('option', { value: s.file + '|' }, s.question + ' (' + s.name + ')'));
      } else {
        var group = el('optgroup', { label: s.question + ' (' + s.name + ')' });
        s.variants.forEach(function (v) { group.appendChild(el('option', { value: s.file + '|' + v }, s.name + ' / ' + v)); });
        select.appendChild(group);
      }
    });
    status('Simulator loaded in ' + ((performance.now() - started) / 1000).toFixed(1) + ' s.');
    // A link pasted into this tab later changes only the fragment (no reload): open it then too.
    window.addEventListener('hashchange', function () { openLink(); });
    if (/^#scenario=/.test(location.hash)) { return openLink(); }
    var first = list.filter(function (s) { return s.file === 'two-replicas-sqlite.json'; })[0] || list[0];
    select.value = first.file + '|' + (first.variants[0] || '');
    return pick(select.value);
  }).then(function () {
    window.replicasim.firstResultSeconds = (performance.now() - started) / 1000;
  }, function (err) {
    status('The simulator could not start: ' + err.message + (location.protocol === 'file:' ? ' (open it through `replicasim playground` or any web server: browsers block it from a file)' : ''), true);
    throw err;
  });
})();
