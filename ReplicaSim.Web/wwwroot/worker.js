// ReplicaSim playground worker: the simulator (.NET on WebAssembly) runs here, off the page's thread, so the
// page stays responsive; the page cancels a run by terminating this worker and starting another.
import { dotnet } from './_framework/dotnet.js';

globalThis.replicasimProgress = function (share) { postMessage({ type: 'progress', share: share }); };

const ready = (async function () {
  const runtime = await dotnet.create();
  const config = runtime.getConfig();
  const exports = await runtime.getAssemblyExports(config.mainAssemblyName);
  return exports.ReplicaSim.Web.Playground;
})();

onmessage = async function (e) {
  const m = e.data;
  try {
    const api = await ready;
    const result = api[m.op].apply(null, m.args || []);
    postMessage({ type: 'result', id: m.id, result: result });
  } catch (err) {
    postMessage({ type: 'error', id: m.id, message: String((err && err.message) || err) });
  }
};

ready.then(function () { postMessage({ type: 'ready' }); },
  function (err) { postMessage({ type: 'fatal', message: String((err && err.message) || err) }); });
