// The analyser's thread: loads the wasm once, then answers one request at a time.
// Requests: {id, type: 'analyze', inputs, options} | {id, type: 'simulate', inputs, question}
// | {id, type: 'export', format} | {id, type: 'diff', old, new} (each {name, text}).
// Replies: {type: 'ready', rules, kinds, version} once, then per request
// {id, type: 'progress', state} and {id, type: 'result', ...} or {id, type: 'failed', message}.
import init, * as posture from '../pkg/posture.js';

// `export` is a reserved word in JS; wasm-bindgen may publish it under another name.
const exportFn = posture.exportReport;

const ready = init().then(() => {
  postMessage({
    type: 'ready',
    rules: JSON.parse(posture.rules()),
    methods: JSON.parse(posture.methods()),
    kinds: posture.kinds(),
    version: posture.version(),
  });
}, (e) => {
  postMessage({ type: 'failed', message: `the analyser could not start: ${e}` });
  throw e;
});

self.onmessage = async ({ data }) => {
  const { id } = data;
  try {
    await ready;
    if (data.type === 'analyze') {
      postMessage({ id, type: 'progress', state: 'analysing' });
      const started = performance.now();
      const out = posture.analyze(data.inputs, data.options);
      const ms = performance.now() - started;
      if (out.error !== undefined) postMessage({ id, type: 'result', error: out.error, ms });
      // The report goes as text: one JSON.parse on the page costs less than cloning the object.
      else {
        const { report, ranges, inputRanges, pathRanges, inventory } = out;
        postMessage({ id, type: 'result', report, ranges, inputRanges, pathRanges, inventory, ms });
      }
    } else if (data.type === 'simulate') {
      const out = posture.simulate(data.inputs, data.question);
      if (out.error !== undefined) postMessage({ id, type: 'result', error: out.error });
      else postMessage({ id, type: 'result', result: out.result, text: out.text, ranges: out.ranges });
    } else if (data.type === 'diff') {
      const out = posture.diff(data.old, data.new);
      if (out.error !== undefined) postMessage({ id, type: 'result', error: out.error });
      else postMessage({ id, type: 'result', ...out });
    } else if (data.type === 'export') {
      postMessage({ id, type: 'result', text: exportFn(data.format) });
    }
  } catch (e) {
    // A panic in the engine is a bug; say so rather than hang the page.
    postMessage({ id, type: 'failed', message: String(e && e.message || e) });
  }
};
